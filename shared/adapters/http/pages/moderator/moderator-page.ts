import { html } from 'hono/html';
import { DEFAULT_SETTINGS, Settings } from '../../../../domain/settings.ts';

/** How moderators sign in: a pasted/printed token locally, Cognito's managed login on AWS. */
export type ModeratorSignIn = { kind: 'token' } | { kind: 'cognito'; loginDomain: string; clientId: string };

/**
 * The ready link `npm start` prints: the token rides in the fragment, which browsers never
 * send to a server; the page moves it to sessionStorage and drops it from the address.
 */
export function signedInPageLink(origin: string, token: string): string {
  return `${origin.replace(/\/$/, '')}/moderate#token=${encodeURIComponent(token)}`;
}

export const MODERATOR_SCRIPT_PATH = '/moderate.js';
export const MODERATOR_STYLE_PATH = '/moderate.css';

/** Nothing inline: script and style are files of this origin; the API and Cognito are the only connections. */
export function moderatorPageCsp(signIn: ModeratorSignIn): string {
  const connect = signIn.kind === 'cognito' ? `'self' ${new URL(signIn.loginDomain).origin}` : "'self'";
  return `default-src 'none'; script-src 'self'; style-src 'self'; connect-src ${connect}; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`;
}

/** The settings form, generated from the Settings schema (its descriptions are the labels). */
function settingsFields() {
  return Object.entries(Settings.unwrap().shape).map(([name, schema]) => {
    const label = (schema.meta() as { description?: string } | undefined)?.description ?? name;
    const value = DEFAULT_SETTINGS[name as keyof typeof DEFAULT_SETTINGS];
    const id = `setting-${name}`;
    if (typeof value === 'boolean') {
      return html`<p class="setting"><input type="checkbox" id="${id}" name="${name}"> <label for="${id}" class="inline">${label}</label></p>`;
    }
    if (Array.isArray(value)) {
      return html`<p class="setting"><label for="${id}">${label} <small>(one per line)</small></label>
<textarea id="${id}" name="${name}" rows="4" data-kind="lines"></textarea></p>`;
    }
    return html`<p class="setting"><label for="${id}">${label}</label>
<input type="number" id="${id}" name="${name}" step="1" min="0" data-kind="number"></p>`;
  });
}

/**
 * `GET /moderate`: loads without a token and then works only through the moderator
 * routes (./moderator-script.ts). The token lives in sessionStorage, never in a URL
 * sent to a server.
 */
export function renderModeratorPage(signIn: ModeratorSignIn) {
  const data = signIn.kind === 'cognito' ? { loginDomain: signIn.loginDomain, clientId: signIn.clientId } : { loginDomain: '', clientId: '' };
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Comments – Moderation</title>
<link rel="stylesheet" href="${MODERATOR_STYLE_PATH}">
<script src="${MODERATOR_SCRIPT_PATH}" defer></script>
</head>
<body>
<div id="moderate" data-sign-in="${signIn.kind}" data-login-domain="${data.loginDomain}" data-client-id="${data.clientId}">
<header class="bar"><h1>Comments</h1><span id="who" class="who"></span>
  <button type="button" id="sign-out" hidden>Sign out</button></header>
<div id="alert" class="alert" role="alert" hidden></div>
<div id="notice" class="notice" role="status" aria-live="polite"></div>
<main>
<section id="sign-in" aria-labelledby="sign-in-title" hidden>
  <h2 id="sign-in-title">Sign in to moderate</h2>
  ${signIn.kind === 'cognito' ? html`<p><button type="button" id="sign-in-cognito" class="primary">Sign in</button></p>` : html`<p>Open the link that <code>npm start</code> printed, or paste a token from <code>npm run --silent token</code>.</p>`}
  <form id="token-form">
    <p><label for="token-input">Moderator token</label>
    <textarea id="token-input" rows="3" autocomplete="off" spellcheck="false"></textarea></p>
    <p><button type="submit">Use this token</button></p>
  </form>
</section>
<section id="queue" aria-labelledby="queue-title" hidden>
  <h2 id="queue-title" class="visually-hidden">Comments</h2>
  <nav class="tabs" aria-label="Comments by status">
    <button type="button" data-status="pending" aria-pressed="true">Pending</button>
    <button type="button" data-status="approved" aria-pressed="false">Approved</button>
    <button type="button" data-status="spam" aria-pressed="false">Spam</button>
    <button type="button" data-status="trash" aria-pressed="false">Trash</button>
  </nav>
  <form id="filter" class="filter"><label for="post-filter">Post</label>
    <input id="post-filter" name="postId" placeholder="all posts"> <button type="submit">Filter</button></form>
  <form id="bulk" class="bulk">
    <label for="bulk-action">Bulk action</label>
    <select id="bulk-action"><option value="">Bulk actions</option><option value="approve">Approve</option><option value="unapprove">Unapprove</option>
      <option value="spam">Mark as spam</option><option value="trash">Move to trash</option><option value="restore">Restore</option><option value="delete">Delete permanently</option></select>
    <button type="submit">Apply</button>
  </form>
  <table class="comments">
    <thead><tr><th scope="col"><input type="checkbox" id="select-all" aria-label="Select all"></th><th scope="col">Author</th><th scope="col">Comment</th><th scope="col">In response to</th></tr></thead>
    <tbody id="rows"></tbody>
  </table>
  <p id="empty" class="empty" hidden>No comments here.</p>
  <p><button type="button" id="load-more" hidden>Load more</button></p>
  <p class="keys">Keyboard: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>x</kbd> select, <kbd>a</kbd> approve, <kbd>u</kbd> unapprove, <kbd>s</kbd> spam, <kbd>t</kbd> trash, <kbd>r</kbd> reply, <kbd>e</kbd> edit, <kbd>h</kbd> history.</p>
</section>
<section id="settings" aria-labelledby="settings-title" hidden>
  <h2 id="settings-title">Discussion settings</h2>
  <form id="settings-form">${settingsFields()}
  <p><button type="submit" class="primary">Save settings</button></p></form>
</section>
</main>
</div>
</body>
</html>`;
}
