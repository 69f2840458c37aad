import { PostId } from '../../shared/domain/comment.ts';
import { compact, type SourceEntry } from './source-entry.ts';
import { childText, type XmlNode } from './xml-stream.ts';

/** The fields of a WXR `<item>` (a post or page) that its comments need. */
export interface WxrItem {
  postName: string;
  postId: string;
}

const STATUS: Record<string, 'approved' | 'pending' | 'spam' | 'trash'> = {
  '1': 'approved',
  '0': 'pending',
  spam: 'spam',
  trash: 'trash',
  // Comments of a trashed post: WordPress brings them back with the post; here they go to the trash too.
  'post-trashed': 'trash',
};

/**
 * A WordPress export's `<wp:comment>` → a record (API.md's mapping): `postId` is the item's
 * `wp:post_name` (or its numeric `wp:post_id` when the slug is empty or not a valid post id,
 * as with percent-encoded non-ASCII slugs), `externalId` `wxr:{comment_id}`, the parent
 * `wxr:{comment_parent}` (0 = none), `comment_approved` 1/0/spam/trash, `comment_date_gmt`.
 * Pingbacks and trackbacks are left out with their reason.
 */
export function wxrCommentToEntry(item: WxrItem, comment: XmlNode): SourceEntry {
  const line = comment.line;
  const id = childText(comment, 'wp:comment_id');
  const externalId = id ? `wxr:${id}` : null;
  const skip = (reason: string): SourceEntry => ({ kind: 'skip', externalId, reason, line });
  if (!externalId) return skip('wp:comment_id: missing.');
  const type = childText(comment, 'wp:comment_type');
  if (type === 'pingback' || type === 'trackback') return skip(`${type}: pingbacks and trackbacks are not imported.`);
  const postId = PostId.safeParse(item.postName).success ? item.postName : item.postId;
  if (!postId) return skip('wp:post_name: the post of this comment has neither a slug nor an id.');
  const approved = childText(comment, 'wp:comment_approved');
  const status = STATUS[approved];
  if (!status) return skip(`wp:comment_approved: unknown value "${approved.slice(0, 20)}".`);
  const createdAt = wxrDate(childText(comment, 'wp:comment_date_gmt')) ?? wxrDate(childText(comment, 'wp:comment_date'));
  if (!createdAt) return skip('wp:comment_date_gmt: missing or not a date.');
  const parent = childText(comment, 'wp:comment_parent');
  const url = childText(comment, 'wp:comment_author_url');
  return {
    kind: 'record',
    line,
    record: compact({
      externalId,
      postId,
      parentExternalId: parent && parent !== '0' ? `wxr:${parent}` : undefined,
      author: childText(comment, 'wp:comment_author'),
      email: childText(comment, 'wp:comment_author_email'),
      // WordPress stores "http://" for a cleared website field.
      url: /^https?:\/\/$/i.test(url) ? undefined : url,
      // The content keeps its own spacing: its line breaks are its paragraphs.
      content: comment.children.find((c) => c.name === 'wp:comment_content')?.text ?? '',
      status,
      createdAt,
      ip: childText(comment, 'wp:comment_author_IP'),
      userAgent: childText(comment, 'wp:comment_agent'),
    }),
  };
}

/** "2019-05-01 10:00:00" (WordPress's GMT column) → ISO 8601; WordPress's zero date means none. */
export function wxrDate(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!match || value.startsWith('0000')) return null;
  const date = new Date(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
