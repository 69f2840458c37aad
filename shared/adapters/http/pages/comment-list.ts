import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ListedComment } from '../../../domain/comment.ts';
import { identicon, identiconSquares, readableTime } from '../../../domain/display.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const AWAITING_MODERATION = 'Your comment is awaiting moderation.';

export interface CommentListOptions {
  /**
   * WordPress's no-JavaScript reply (`?replytocom={id}`): the reply form rendered inside
   * that comment, right after it.
   */
  replyForm?: { parentId: string; form: Html } | undefined;
}

/** An inline SVG identicon: presentation attributes only, so a strict style-src CSP allows it. */
function avatar(seed: string | null): Html {
  const icon = identicon(seed);
  if (!icon) return html`<svg class="avatar avatar-32 photo" width="32" height="32" viewBox="0 0 5 5" aria-hidden="true"><rect width="5" height="5" fill="#ccc"/></svg>`;
  const squares = identiconSquares(icon).map(([x, y]) => `<rect x="${x}" y="${y}" width="1" height="1"/>`).join('');
  return html`<svg class="avatar avatar-32 photo" width="32" height="32" viewBox="0 0 5 5" aria-hidden="true"><rect width="5" height="5" fill="hsl(${icon.hue} 40% 92%)"/><g fill="hsl(${icon.hue} 55% 45%)">${raw(squares)}</g></svg>`;
}

/** `<time>` with the machine date and an English, UTC rendering; a script or the widget localises it. */
export function commentTime(iso: string): Html {
  return html`<time datetime="${iso}">${readableTime(iso, 'en', 'UTC')} UTC</time>`;
}

/** The name in `<bdi>`: a right-to-left name must not reorder the text around it. */
function author(comment: ListedComment): Html {
  return comment.url
    ? html`<b class="fn"><a href="${comment.url}" rel="external nofollow ugc" class="url"><bdi>${comment.author}</bdi></a></b>`
    : html`<b class="fn"><bdi>${comment.author}</bdi></b>`;
}

/**
 * The comments threaded in WordPress's markup (`wp_list_comments`): `ol.comment-list`,
 * `li#comment-{id}.comment`, replies in `ol.children`. A reply whose parent is not in the
 * list is shown at the top level.
 */
export function commentList(comments: ListedComment[], options: CommentListOptions = {}): Html {
  const children = new Map<string | null, ListedComment[]>();
  const ids = new Set(comments.map((c) => c.id));
  for (const c of comments) {
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const render = (parent: string | null, depth: number): Html[] =>
    (children.get(parent) ?? []).map((c) => {
      const replies = children.get(c.id);
      const classes = ['comment', `depth-${depth}`, replies ? 'parent' : '', c.awaitingModeration ? 'comment-awaiting' : ''].filter(Boolean).join(' ');
      return html`<li id="comment-${c.id}" class="${classes}">
<article id="div-comment-${c.id}" class="comment-body">
<footer class="comment-meta">
<div class="comment-author vcard">${avatar(c.avatar)} ${author(c)} <span class="says">says:</span></div>
<div class="comment-metadata"><a href="#comment-${c.id}">${commentTime(c.createdAt)}</a></div>
${c.awaitingModeration ? html`<p class="comment-awaiting-moderation"><em>${AWAITING_MODERATION}</em></p>` : ''}
</footer>
<div class="comment-content">${raw(c.content)}</div>
${c.awaitingModeration ? '' : html`<div class="reply"><a rel="nofollow" class="comment-reply-link" href="?replytocom=${c.id}#respond" data-commentid="${c.id}" data-replyto="Reply to ${c.author}" aria-label="Reply to ${c.author}">Reply</a></div>`}
</article>
${options.replyForm?.parentId === c.id ? options.replyForm.form : ''}
${replies ? html`<ol class="children">${render(c.id, depth + 1)}</ol>` : ''}
</li>`;
    });
  return html`<ol class="comment-list">${render(null, 1)}</ol>`;
}
