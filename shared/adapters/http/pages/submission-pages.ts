import { html } from 'hono/html';
import { inlineScript } from '../content-security-policy.ts';
import { page } from './layout.ts';

/**
 * WordPress's "« Back" is `history.back()`: the browser returns to the form with what the
 * visitor typed still in it. The link's address is the fallback (no history, no JavaScript).
 */
const BACK_SCRIPT = inlineScript(`document.getElementById('back-to-form').addEventListener('click', function (e) {
  if (history.length > 1) { e.preventDefault(); history.back(); }
});`);

/** WordPress's wp_die() page for a refused comment: the messages and a way back. */
export function renderSubmissionFailure(input: { messages: string[]; backUrl: string | null }) {
  return page(
    'Comment Submission Failure',
    html`<main>
<h1>Comment Submission Failure</h1>
<ul class="error-list">${input.messages.map((m) => html`<li><strong>Error:</strong> ${m}</li>`)}</ul>
${input.backUrl ? html`<p><a id="back-to-form" href="${input.backUrl}">« Back</a></p>` : html`<p>Use your browser's Back button to return to the form.</p>`}
</main>`,
    { scripts: input.backUrl ? [BACK_SCRIPT] : [] },
  );
}

/** Shown when there is no allowed page to go back to. */
export function renderSubmissionReceived(input: { status: string }) {
  return page(
    'Comment received',
    html`<main>
<h1>Thank you for your comment</h1>
<p>${input.status === 'approved' ? 'Your comment is published.' : 'Your comment is awaiting moderation.'}</p>
<p>Use your browser's Back button to return to the post.</p>
</main>`,
  );
}
