import { describe, expect, it } from 'vitest';
import { counts, eta, ProgressReporter, progressBar, progressLine } from '../../../../scripts/migrate/progress.ts';
import { detectFormat } from '../../../../scripts/migrate/source-records.ts';
import { streamXml, type XmlEvent } from '../../../../scripts/migrate/xml-stream.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
async function collect(text: string, size = 7): Promise<XmlEvent[]> {
  const events: XmlEvent[] = [];
  for await (const event of streamXml(chunksOf(text, size), (path) => (path.at(-1) === 'item' ? 'scope' : path.at(-1) === 'c' ? 'node' : undefined), 'f.xml')) events.push(event);
  return events;
}

describe('Function: detectFormat', () => {
  it('tells WXR, Disqus and JSON apart by their beginning', () => {
    expect(detectFormat('\uFEFF<?xml version="1.0"?>\n<!-- generator -->\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">')).toBe('wxr');
    expect(detectFormat('<?xml version="1.0"?><disqus xmlns="http://disqus.com">')).toBe('disqus');
    expect(detectFormat('  {"comments": []}')).toBe('json');
    expect(detectFormat('[]')).toBe('json');
  });

  it('names what it found when it is none of them', () => {
    expect(detectFormat('<rss version="2.0">')).toEqual({ unknown: expect.stringContaining('<rss>') });
    expect(detectFormat('hello')).toEqual({ unknown: 'it is neither XML nor JSON' });
    expect(detectFormat('')).toEqual({ unknown: 'the file is empty' });
  });
});

describe('Function: streamXml', () => {
  it('captures selected elements whole, with text and CDATA, across chunk boundaries, with their line', async () => {
    const events = await collect('<r>\n<item>\n<c a="1">x<![CDATA[<y>]]><d>z</d></c>\n<skip><c>no</c></skip>\n</item>\n</r>');
    expect(events.map((e) => (e.kind === 'node' ? `${e.node.name}:${e.node.text}:${e.node.children[0]?.text}:${e.node.line}` : `${e.kind}:${e.path.join('/')}`))).toEqual([
      'start:r',
      'start:r/item',
      'c:x<y>:z:3',
      'end:r/item',
      'end:r',
    ]);
  });

  it('names the line and column of a malformed or truncated file', async () => {
    await expect(collect('<r>\n<item>\n</itme>\n</r>')).rejects.toThrow(/^not well-formed XML: f\.xml:3:\d+: /);
    await expect(collect('<r>\n<item>\n<c>text')).rejects.toThrow(/f\.xml:3:\d+: unclosed tag: .*\(the file looks truncated\)$/);
  });
});

describe('Progress', () => {
  const state = { done: 4_200, total: 10_000, imported: 4_100, unchanged: 0, skipped: 100, elapsedMs: 5_000 };

  it('draws a bar with counts, rate and ETA for a terminal, and a line for logs', () => {
    expect(progressBar(state, 10)).toBe('[####------]  42% 4,200/10,000 · 840/s · ETA 7s · imported 4100, unchanged 0, skipped 100');
    expect(progressLine(state)).toBe('import: 4,200/10,000 records (42%), 840/s, ETA 7s; imported 4100, unchanged 0, skipped 100');
    expect(counts(state)).toBe('imported 4100, unchanged 0, skipped 100');
  });

  it('estimates minutes and hours, and nothing before the first batch', () => {
    expect(eta({ ...state, done: 0 })).toBe('--');
    expect(eta({ ...state, done: 10, elapsedMs: 1_000 })).toBe('16m39s');
    expect(eta({ ...state, done: 1, elapsedMs: 1_000 })).toBe('2h46m');
  });

  it('redraws in place on a terminal; writes a line every few seconds otherwise', () => {
    let now = 0;
    const tty: string[] = [];
    const terminal = new ProgressReporter({ write: (t: string) => tty.push(t), isTTY: true }, 5000, () => now);
    const log: string[] = [];
    const file = new ProgressReporter({ write: (t: string) => log.push(t) }, 5000, () => now);
    for (now = 1000; now <= 11_000; now += 1000) {
      terminal.update(state);
      file.update(state);
    }
    expect(tty).toHaveLength(11);
    expect(tty.every((t) => t.startsWith('\r\x1b[2K['))).toBe(true);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^import: .*\n$/);
  });
});
