import { SaxesParser } from 'saxes';

/** A small element captured whole (a comment, a thread, a post field). */
export interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  /** Its own text and CDATA, not its children's. */
  text: string;
  children: XmlNode[];
  /** 1-based line where it starts. */
  line: number;
}

/**
 * What to do with an element, given the names from the root down to it:
 * `node` captures it whole, `scope` reports where it starts and ends (its children are
 * asked in turn), anything else is passed over with everything inside it.
 */
export type Select = (path: readonly string[]) => 'node' | 'scope' | undefined;

export type XmlEvent =
  | { kind: 'node'; path: readonly string[]; node: XmlNode }
  | { kind: 'start' | 'end'; path: readonly string[]; line: number };

/** A file that is not well-formed XML: the message names the line and column. */
export class XmlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

/**
 * Streams XML through saxes, holding only the element being captured and the events of
 * one chunk: a file of any size is read in constant memory. The root element itself is
 * always a scope.
 */
export async function* streamXml(chunks: AsyncIterable<string>, select: Select, fileName: string): AsyncGenerator<XmlEvent> {
  const parser = new SaxesParser({ xmlns: false, position: true, fileName });
  const path: string[] = [];
  /** Per open element: captured node (or null), and whether it is inside a skipped subtree. */
  const open: Array<{ node: XmlNode | null; skipped: boolean; scope: boolean }> = [];
  let events: XmlEvent[] = [];

  parser.on('opentag', (tag) => {
    const parent = open.at(-1);
    path.push(tag.name);
    const line = parser.line;
    if (parent?.skipped) {
      open.push({ node: null, skipped: true, scope: false });
      return;
    }
    if (parent?.node) {
      const node: XmlNode = { name: tag.name, attributes: { ...tag.attributes } as Record<string, string>, text: '', children: [], line };
      parent.node.children.push(node);
      open.push({ node, skipped: false, scope: false });
      return;
    }
    const choice = path.length === 1 ? 'scope' : select(path);
    if (choice === 'node') {
      open.push({ node: { name: tag.name, attributes: { ...tag.attributes } as Record<string, string>, text: '', children: [], line }, skipped: false, scope: false });
    } else if (choice === 'scope') {
      open.push({ node: null, skipped: false, scope: true });
      events.push({ kind: 'start', path: [...path], line });
    } else {
      open.push({ node: null, skipped: true, scope: false });
    }
  });
  const addText = (text: string) => {
    const current = open.at(-1)?.node;
    if (current) current.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  parser.on('closetag', () => {
    const closed = open.pop()!;
    const parent = open.at(-1);
    if (closed.node && !parent?.node) events.push({ kind: 'node', path: [...path], node: closed.node });
    if (closed.scope) events.push({ kind: 'end', path: [...path], line: parser.line });
    path.pop();
  });

  const drain = function* () {
    const ready = events;
    events = [];
    yield* ready;
  };
  try {
    for await (const chunk of chunks) {
      parser.write(chunk);
      yield* drain();
    }
    parser.close();
  } catch (error) {
    // saxes reports "file:line:column: message"; an unclosed root means the file was cut short.
    const message = (error as Error).message;
    throw new XmlSyntaxError(`not well-formed XML: ${message}${/unclosed tag|unexpected end/i.test(message) ? ' (the file looks truncated)' : ''}`);
  }
  yield* drain();
}

/** The text of the first child with this name (trimmed), or ''. */
export function childText(node: XmlNode, name: string): string {
  return node.children.find((child) => child.name === name)?.text.trim() ?? '';
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}
