import { html } from 'hono/html';
import { page } from './layout.ts';

/** WordPress's wp_die() page for a refused comment: the messages and a way back. */
export function renderSubmissionFailure(input: { messages: string[]; backUrl: string | null }) {
  return page(
    'Comment Submission Failure',
    html`<main>
<h1>Comment Submission Failure</h1>
<ul class="error-list">${input.messages.map((m) => html`<li><strong>Error:</strong> ${m}</li>`)}</ul>
${input.backUrl ? html`<p><a href="${input.backUrl}">« Back</a></p>` : html`<p>Use your browser's Back button to return to the form.</p>`}
</main>`,
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
