import { html, raw } from 'hono/html';
import type { LinkAction, LinkPreview } from '../../../domain/moderation-link.ts';
import { page } from './layout.ts';

/*
 * The pages behind a notification's links: they work without JavaScript (they declare no
 * script, so their CSP allows none) and show the moderator, never the commenter's email or IP.
 */

const VERB: Record<LinkAction, { ask: string; button: string; done: string }> = {
  approve: { ask: 'Approve this comment?', button: 'Approve', done: 'Approved. The comment is now published.' },
  spam: { ask: 'Mark this comment as spam?', button: 'Mark as spam', done: 'Marked as spam.' },
  trash: { ask: 'Move this comment to the trash?', button: 'Move to the trash', done: 'Moved to the trash.' },
};

function commentSummary(preview: LinkPreview, reasonsLabel = 'Why it was held') {
  return html`<dl class="link-comment">
  <dt>Post</dt><dd>${preview.postId}</dd>
  <dt>Author</dt><dd>${preview.author}</dd>
  <dt>Status</dt><dd>${preview.status}</dd>
  <dt>${reasonsLabel}</dt><dd>${preview.reasons.length > 0 ? preview.reasons.join(' ') : 'No reason recorded.'}</dd>
</dl>
<blockquote class="comment-content">${raw(preview.content)}</blockquote>`;
}

/** GET: asks; the button POSTs to the same address. Nothing has changed yet. */
export function renderLinkConfirmation(preview: LinkPreview, moderateUrl: string) {
  const verb = VERB[preview.action];
  return page(
    verb.ask,
    html`<main>
<h1>${verb.ask}</h1>
${commentSummary(preview)}
<form method="post"><p class="form-submit"><input type="submit" id="confirm" value="${verb.button}"></p></form>
<p>Nothing changes until you press the button. <a href="${moderateUrl}">All comments waiting</a></p>
</main>`,
  );
}

export function renderLinkDone(preview: LinkPreview, moderateUrl: string) {
  return page(
    VERB[preview.action].done,
    html`<main>
<h1 role="status">${VERB[preview.action].done}</h1>
${commentSummary(preview, 'Recorded as')}
<p><a href="${moderateUrl}">All comments waiting</a></p>
</main>`,
  );
}

const TITLE: Record<number, string> = {
  404: 'This link is not valid',
  409: 'This link was used already',
  410: 'This link has expired',
  429: 'Too many requests',
};

/** Forged 404, used or outdated 409 (naming the current status), expired 410, rate limited 429. */
export function renderLinkProblem(status: number, message: string, moderateUrl: string) {
  const title = TITLE[status] ?? 'Something went wrong';
  return page(
    title,
    html`<main>
<h1>${title}</h1>
<p class="error-list">${message}</p>
<p><a href="${moderateUrl}">Open the moderators’ page</a> to see every comment waiting.</p>
</main>`,
  );
}
