import { describe, expect, it } from 'vitest';
import { disqusMessageToText, disqusPostToEntry, disqusThreadPostId } from '../../../../scripts/migrate/disqus-mapping.ts';
import type { XmlNode } from '../../../../scripts/migrate/xml-stream.ts';

const node = (name: string, text = '', attributes: Record<string, string> = {}, children: XmlNode[] = []): XmlNode => ({ name, text, attributes, children, line: 3 });
const aThread = (identifier: string, link: string) => node('thread', '', { 'dsq:id': 't1' }, [node('id', identifier), node('link', link)]);
function aPost(overrides: { spam?: boolean; deleted?: boolean; parent?: string; thread?: string } = {}): XmlNode {
  return node('post', '', { 'dsq:id': '900' }, [
    node('message', '<p>Hola</p><p>dos<br>líneas</p>'),
    node('createdAt', '2021-06-01T10:00:00Z'),
    node('isDeleted', overrides.deleted ? 'true' : 'false'),
    node('isSpam', overrides.spam ? 'true' : 'false'),
    node('author', '', {}, [node('email', 'ana@example.es'), node('name', 'Ana'), node('isAnonymous', 'false')]),
    node('ipAddress', '192.0.2.9'),
    node('thread', '', { 'dsq:id': overrides.thread ?? 't1' }),
    ...(overrides.parent ? [node('parent', '', { 'dsq:id': overrides.parent })] : []),
  ]);
}

describe('Function: disqusThreadPostId', () => {
  it('takes the identifier when it is a valid post id, else the last path segment of the link', () => {
    expect(disqusThreadPostId(aThread('my-post', 'https://blog.example/x/'))).toBe('my-post');
    expect(disqusThreadPostId(aThread('', 'https://blog.example/2021/06/hello-world/'))).toBe('hello-world');
    expect(disqusThreadPostId(aThread('123 https://blog.example/?p=123', 'https://blog.example/2021/hello/'))).toBe('hello');
    expect(disqusThreadPostId(aThread('', 'https://blog.example/'))).toBeNull();
    expect(disqusThreadPostId(aThread('', 'not a url'))).toBeNull();
  });
});

describe('Function: disqusPostToEntry', () => {
  const threads = new Map([['t1', 'hello-world'], ['t2', null]]);

  it('maps a post to a record: disqus: ids, the thread\'s post, paragraphs as blank lines', () => {
    expect(disqusPostToEntry(threads, aPost({ parent: '899' }))).toEqual({
      kind: 'record',
      line: 3,
      record: {
        externalId: 'disqus:900',
        postId: 'hello-world',
        parentExternalId: 'disqus:899',
        author: 'Ana',
        email: 'ana@example.es',
        content: 'Hola\n\ndos\nlíneas',
        status: 'approved',
        createdAt: '2021-06-01T10:00:00Z',
        ip: '192.0.2.9',
      },
    });
  });

  it('maps isSpam to spam and isDeleted to trash', () => {
    expect(disqusPostToEntry(threads, aPost({ spam: true }))).toMatchObject({ record: { status: 'spam' } });
    expect(disqusPostToEntry(threads, aPost({ deleted: true }))).toMatchObject({ record: { status: 'trash' } });
  });

  it('leaves out a post of an unknown thread, or of a thread with no post id, with the reason', () => {
    expect(disqusPostToEntry(threads, aPost({ thread: 't9' }))).toMatchObject({ kind: 'skip', externalId: 'disqus:900', reason: 'thread: unknown thread t9.' });
    expect(disqusPostToEntry(threads, aPost({ thread: 't2' }))).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/neither its <id> nor its <link>/) });
  });
});

describe('Function: disqusMessageToText', () => {
  it('turns paragraphs and <br> into the typed form', () => {
    expect(disqusMessageToText(' <p>a</p>\n<p>b<br/>c</p> ')).toBe('a\n\nb\nc');
  });
});
