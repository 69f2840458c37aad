import { PostId } from '../../shared/domain/comment.ts';
import { compact, type SourceEntry } from './source-entry.ts';
import { child, childText, type XmlNode } from './xml-stream.ts';

/**
 * A Disqus `<thread>` → the post id its comments belong to: its `<id>` identifier when set
 * (and a valid post id), else the last path segment of its `<link>`. Null when neither gives one.
 */
export function disqusThreadPostId(thread: XmlNode): string | null {
  const identifier = childText(thread, 'id');
  if (identifier && PostId.safeParse(identifier).success) return identifier;
  let segment = '';
  try {
    segment = new URL(childText(thread, 'link')).pathname.split('/').filter(Boolean).at(-1) ?? '';
    segment = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return PostId.safeParse(segment).success ? segment : null;
}

/**
 * A Disqus `<post>` → a record: `externalId` `disqus:{dsq:id}`, the parent `disqus:{dsq:id}`,
 * `isSpam` → spam, `isDeleted` → trash, else approved. `threads` maps a thread's dsq:id to
 * its post id (threads come first in a Disqus export).
 */
export function disqusPostToEntry(threads: ReadonlyMap<string, string | null>, post: XmlNode): SourceEntry {
  const line = post.line;
  const id = post.attributes['dsq:id'];
  const externalId = id ? `disqus:${id}` : null;
  const skip = (reason: string): SourceEntry => ({ kind: 'skip', externalId, reason, line });
  if (!externalId) return skip('dsq:id: missing.');
  const threadId = child(post, 'thread')?.attributes['dsq:id'];
  if (!threadId || !threads.has(threadId)) return skip(`thread: unknown thread ${threadId ?? '(none)'}.`);
  const postId = threads.get(threadId);
  if (!postId) return skip(`thread ${threadId}: neither its <id> nor its <link> gives a post id.`);
  const author = child(post, 'author');
  const parentId = child(post, 'parent')?.attributes['dsq:id'];
  const isTrue = (name: string) => childText(post, name).toLowerCase() === 'true';
  return {
    kind: 'record',
    line,
    record: compact({
      externalId,
      postId,
      parentExternalId: parentId ? `disqus:${parentId}` : undefined,
      author: author ? childText(author, 'name') || childText(author, 'username') : '',
      email: author ? childText(author, 'email') : '',
      content: disqusMessageToText(child(post, 'message')?.text ?? ''),
      status: isTrue('isSpam') ? 'spam' : isTrue('isDeleted') ? 'trash' : 'approved',
      createdAt: childText(post, 'createdAt'),
      ip: childText(post, 'ipAddress'),
    }),
  };
}

/** Disqus keeps messages as HTML paragraphs; the comment form's text has blank lines and line breaks instead. */
export function disqusMessageToText(html: string): string {
  return html
    .trim()
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/^<p>|<\/p>$/gi, '')
    .replace(/<br\s*\/?>\n?/gi, '\n');
}
