import { describe, expect, it } from 'vitest';
import { wxrCommentToEntry, wxrDate } from '../../../../scripts/migrate/wxr-mapping.ts';
import type { XmlNode } from '../../../../scripts/migrate/xml-stream.ts';

/** Object Mother: a `<wp:comment>` as the stream hands it over. */
function aWxrComment(fields: Record<string, string> = {}): XmlNode {
  const all: Record<string, string> = {
    'wp:comment_id': '42',
    'wp:comment_author': 'Hanako',
    'wp:comment_author_email': 'hanako@example.com',
    'wp:comment_author_url': 'https://hanako.example',
    'wp:comment_author_IP': '192.0.2.1',
    'wp:comment_date': '2019-05-01 12:00:00',
    'wp:comment_date_gmt': '2019-05-01 10:00:00',
    'wp:comment_content': 'Line one\nLine two',
    'wp:comment_approved': '1',
    'wp:comment_type': 'comment',
    'wp:comment_parent': '0',
    ...fields,
  };
  return { name: 'wp:comment', attributes: {}, text: '', line: 7, children: Object.entries(all).map(([name, text]) => ({ name, attributes: {}, text, children: [], line: 8 })) };
}
const item = { postName: 'hello-world', postId: '5' };

describe('Function: wxrCommentToEntry', () => {
  it("maps a comment to a record: post slug, wxr: ids, GMT date, author's IP", () => {
    expect(wxrCommentToEntry(item, aWxrComment({ 'wp:comment_parent': '41' }))).toEqual({
      kind: 'record',
      line: 7,
      record: {
        externalId: 'wxr:42',
        postId: 'hello-world',
        parentExternalId: 'wxr:41',
        author: 'Hanako',
        email: 'hanako@example.com',
        url: 'https://hanako.example',
        content: 'Line one\nLine two',
        status: 'approved',
        createdAt: '2019-05-01T10:00:00.000Z',
        ip: '192.0.2.1',
      },
    });
  });

  it.each([
    ['1', 'approved'],
    ['0', 'pending'],
    ['spam', 'spam'],
    ['trash', 'trash'],
    ['post-trashed', 'trash'],
  ])('maps comment_approved %s to %s', (approved, status) => {
    expect(wxrCommentToEntry(item, aWxrComment({ 'wp:comment_approved': approved }))).toMatchObject({ record: { status } });
  });

  it('leaves out pingbacks, trackbacks and unknown statuses with their reason', () => {
    expect(wxrCommentToEntry(item, aWxrComment({ 'wp:comment_type': 'pingback' }))).toMatchObject({ kind: 'skip', externalId: 'wxr:42', reason: expect.stringMatching(/^pingback/) });
    expect(wxrCommentToEntry(item, aWxrComment({ 'wp:comment_type': 'trackback' }))).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/^trackback/) });
    expect(wxrCommentToEntry(item, aWxrComment({ 'wp:comment_approved': 'maybe' }))).toMatchObject({ kind: 'skip', reason: expect.stringMatching(/comment_approved/) });
  });

  it('drops empty fields and the "http://" WordPress keeps for an empty website; top level when the parent is 0', () => {
    const entry = wxrCommentToEntry(item, aWxrComment({ 'wp:comment_author_url': 'http://', 'wp:comment_author_email': '', 'wp:comment_author_IP': '' }));
    expect(entry.kind === 'record' && Object.keys(entry.record).sort()).toEqual(['author', 'content', 'createdAt', 'externalId', 'postId', 'status']);
  });

  it('uses the numeric post id when the slug is empty or not a valid post id (percent-encoded non-ASCII)', () => {
    expect(wxrCommentToEntry({ postName: '%e6%97%a5%e6%9c%ac', postId: '77' }, aWxrComment())).toMatchObject({ record: { postId: '77' } });
    expect(wxrCommentToEntry({ postName: '', postId: '78' }, aWxrComment())).toMatchObject({ record: { postId: '78' } });
  });

  it('falls back to the local date when the GMT one is WordPress\'s zero date', () => {
    expect(wxrCommentToEntry(item, aWxrComment({ 'wp:comment_date_gmt': '0000-00-00 00:00:00' }))).toMatchObject({ record: { createdAt: '2019-05-01T12:00:00.000Z' } });
  });
});

describe('Function: wxrDate', () => {
  it('reads WordPress dates and refuses anything else', () => {
    expect(wxrDate('2020-02-29 23:59:59')).toBe('2020-02-29T23:59:59.000Z');
    expect(wxrDate('0000-00-00 00:00:00')).toBeNull();
    expect(wxrDate('yesterday')).toBeNull();
  });
});
