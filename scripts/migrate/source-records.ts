import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { disqusPostToEntry, disqusThreadPostId } from './disqus-mapping.ts';
import { compact, type SourceEntry, type SourceFormat } from './source-entry.ts';
import { streamXml } from './xml-stream.ts';
import { type WxrItem, wxrCommentToEntry } from './wxr-mapping.ts';

/** A file the import cannot read as WXR, Disqus or JSON records. */
export class SourceFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceFormatError';
  }
}

/**
 * The format, from the beginning of the file: JSON (`{` or `[`), a WordPress export
 * (an `<rss>` root declaring WordPress's export namespace) or a Disqus export (`<disqus>` root).
 */
export function detectFormat(head: string): SourceFormat | { unknown: string } {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{') || text.startsWith('[')) return 'json';
  // Past the XML declaration, comments, processing instructions and a doctype: the root element.
  const root = /^(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>]*>\s*)*<([A-Za-z_][\w:.-]*)([^>]*)>?/.exec(text);
  if (!root) return { unknown: text === '' ? 'the file is empty' : 'it is neither XML nor JSON' };
  const [, name, attributes] = root;
  if (name === 'rss' && /wordpress\.org\/export\//.test(attributes ?? '')) return 'wxr';
  if (name === 'disqus') return 'disqus';
  return { unknown: `its root element <${name}> is neither a WordPress export (<rss> with the wp namespace) nor a Disqus export (<disqus>)` };
}

export async function detectFileFormat(file: string): Promise<SourceFormat> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const format = detectFormat(buffer.subarray(0, bytesRead).toString('utf8'));
    if (typeof format === 'object') throw new SourceFormatError(`${file}: unknown format: ${format.unknown}.`);
    return format;
  } finally {
    await handle.close();
  }
}

/** Every comment of the file, in file order, as records or reasons; `onBytes` follows the reading (for progress). */
export async function* readSource(file: string, format: SourceFormat, onBytes: (bytes: number) => void = () => {}): AsyncGenerator<SourceEntry> {
  if (format === 'json') {
    yield* jsonEntries(file);
    return;
  }
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  const chunks = (async function* () {
    const decoder = new TextDecoder('utf-8');
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      onBytes(bytes.length);
      yield decoder.decode(bytes, { stream: true });
    }
    yield decoder.decode();
  })();
  yield* format === 'wxr' ? wxrEntries(chunks, file) : disqusEntries(chunks, file);
}

const WXR_ITEM_FIELDS = new Set(['wp:post_name', 'wp:post_id']);

async function* wxrEntries(chunks: AsyncIterable<string>, file: string): AsyncGenerator<SourceEntry> {
  let item: WxrItem = { postName: '', postId: '' };
  const select = (path: readonly string[]) => {
    if (path.length === 2 && path[1] === 'channel') return 'scope';
    if (path.length === 3 && path[2] === 'item') return 'scope';
    if (path.length === 4 && path[2] === 'item' && (path[3] === 'wp:comment' || WXR_ITEM_FIELDS.has(path[3]!))) return 'node';
    return undefined;
  };
  for await (const event of streamXml(chunks, select, file)) {
    if (event.kind === 'start' && event.path.length === 3) item = { postName: '', postId: '' };
    if (event.kind !== 'node') continue;
    const { node } = event;
    if (node.name === 'wp:post_name') item.postName = node.text.trim();
    else if (node.name === 'wp:post_id') item.postId = node.text.trim();
    else yield wxrCommentToEntry(item, node);
  }
}

async function* disqusEntries(chunks: AsyncIterable<string>, file: string): AsyncGenerator<SourceEntry> {
  const threads = new Map<string, string | null>();
  const select = (path: readonly string[]) => (path.length === 2 && (path[1] === 'thread' || path[1] === 'post') ? 'node' : undefined);
  for await (const event of streamXml(chunks, select, file)) {
    if (event.kind !== 'node') continue;
    const { node } = event;
    if (node.name === 'thread') threads.set(node.attributes['dsq:id'] ?? '', disqusThreadPostId(node));
    else yield disqusPostToEntry(threads, node);
  }
}

/** A JSON file of records (what `npm run export` writes): `{ "comments": [...] }` or a bare list. "Line" is the record's number. */
async function* jsonEntries(file: string): AsyncGenerator<SourceEntry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new SourceFormatError(`${file}: not valid JSON: ${(error as Error).message}.`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { comments?: unknown } | null)?.comments;
  if (!Array.isArray(list)) throw new SourceFormatError(`${file}: a JSON file of records must be { "comments": [ … ] } or a list of records.`);
  let index = 0;
  for (const item of list) {
    index++;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      yield { kind: 'skip', externalId: null, reason: `record ${index}: not an object.`, line: index };
    } else {
      yield { kind: 'record', record: compact(item as Record<string, unknown>), line: index };
    }
  }
}
