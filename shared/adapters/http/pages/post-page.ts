import { html, raw } from 'hono/html';
import { HONEYPOT_FIELD, RENDERED_AT_FIELD } from '../../../domain/bot-traps.ts';
import type { PublicComment } from '../../../domain/comment.ts';
import { inlineScript } from '../content-security-policy.ts';
import { AVATAR_HUES, page } from './layout.ts';
import { DEMO_POST } from './seed-post.ts';

/** A colour from the keyed avatar seed: an identicon-like swatch, nothing computable from the email. */
function avatarClass(seed: string | null): string {
  if (!seed) return 'avatar none';
  let hash = 0;
  for (const ch of seed) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `avatar hue-${hash % AVATAR_HUES}`;
}

function commentTree(comments: PublicComment[]) {
  const children = new Map<string | null, PublicComment[]>();
  const ids = new Set(comments.map((c) => c.id));
  for (const c of comments) {
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const render = (parent: string | null): ReturnType<typeof html> =>
    html`${(children.get(parent) ?? []).map(
      (c) => html`<li id="comment-${c.id}" class="comment">
  <article class="comment-body">
    <div class="comment-meta"><span class="${avatarClass(c.avatar)}"></span>
      <b><bdi>${c.url ? html`<a href="${c.url}" rel="external nofollow ugc">${c.author}</a>` : c.author}</bdi></b>
      <time datetime="${c.createdAt}">${new Date(c.createdAt).toUTCString()}</time></div>
    <div class="comment-content">${raw(c.content)}</div>
    <div class="reply"><a href="#respond" data-reply-to="${c.id}" data-author="${c.author}">Reply</a></div>
  </article>
  ${children.has(c.id) ? html`<ol class="children">${render(c.id)}</ol>` : ''}
</li>`,
    )}`;
  return render(null);
}

const SCRIPT = inlineScript(`
(function () {
  var form = document.getElementById('commentform');
  var fields = ['author', 'email', 'url'];
  // "Save my name, email, and website": kept in this browser only, never sent back by the server.
  try {
    var saved = JSON.parse(localStorage.getItem('comment-author') || 'null');
    if (saved) { fields.forEach(function (f) { if (saved[f]) form.elements[f].value = saved[f]; }); form.elements['wp-comment-cookies-consent'].checked = true; }
  } catch (e) {}
  form.addEventListener('submit', function () {
    if (form.elements['wp-comment-cookies-consent'].checked) {
      var v = {}; fields.forEach(function (f) { v[f] = form.elements[f].value; });
      localStorage.setItem('comment-author', JSON.stringify(v));
    } else { localStorage.removeItem('comment-author'); }
  });
  document.querySelectorAll('[data-reply-to]').forEach(function (link) {
    link.addEventListener('click', function () {
      form.elements['comment_parent'].value = link.getAttribute('data-reply-to');
      var title = document.getElementById('reply-title-text'), name = document.createElement('bdi');
      name.textContent = link.getAttribute('data-author');
      title.textContent = 'Reply to '; title.appendChild(name);
      document.getElementById('cancel-comment-reply-link').hidden = false;
    });
  });
  document.getElementById('cancel-comment-reply-link').addEventListener('click', function (e) {
    e.preventDefault(); form.elements['comment_parent'].value = '0';
    document.getElementById('reply-title-text').textContent = 'Leave A Reply'; this.hidden = true;
  });
})();
`);

/**
 * The bot traps (docs/site-owners.md): a honeypot people never see — off-screen rather than
 * display:none, which some bots skip; out of the tab order and of autofill — and the server
 * time the form was rendered, for the minimum fill time.
 */
function botTraps(renderedAt: number) {
  return html`<p class="comment-form-hp" aria-hidden="true">
        <label for="${HONEYPOT_FIELD}">Leave this field empty</label>
        <input id="${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" type="text" value="" size="30" tabindex="-1" autocomplete="off"></p>
      <input type="hidden" name="${RENDERED_AT_FIELD}" value="${String(renderedAt)}">`;
}

export function renderPostPage(input: { comments: PublicComment[]; count: number; pageUrl: string; renderedAt: number }) {
  const { comments, count, pageUrl, renderedAt } = input;
  const action = `/posts/${DEMO_POST.id}/comments`;
  return page(
    `${DEMO_POST.title} – ${DEMO_POST.site.name}`,
    html`<header class="site"><a href="/">${DEMO_POST.site.name}</a><p>${DEMO_POST.site.tagline}</p></header>
<main>
<article class="post">
  <h1 class="entry-title">${DEMO_POST.title}</h1>
  ${DEMO_POST.paragraphs.map((p) => html`<p>${p}</p>`)}
</article>
<section id="comments" class="comments-area">
  ${count > 0 ? html`<h2 class="comments-title">${count === 1 ? '1 Comment' : `${count} Comments`}</h2>
  <ol class="comment-list">${commentTree(comments)}</ol>` : ''}
  <div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title"><span id="reply-title-text">Leave A Reply</span>
      <small><a id="cancel-comment-reply-link" href="#respond" hidden>Cancel reply</a></small></h3>
    <form action="${action}" method="post" id="commentform" class="comment-form">
      <p class="comment-notes"><span id="email-notes">Your email address will not be published.</span>
        Required fields are marked <span class="required">*</span></p>
      <p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label>
        <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
      <p class="comment-form-author"><label for="author">Name <span class="required">*</span></label>
        <input id="author" name="author" type="text" size="30" maxlength="245" autocomplete="name" required></p>
      <p class="comment-form-email"><label for="email">Email <span class="required">*</span></label>
        <input id="email" name="email" type="email" size="30" maxlength="100" aria-describedby="email-notes" autocomplete="email" required></p>
      <p class="comment-form-url"><label for="url">Website</label>
        <input id="url" name="url" type="url" size="30" maxlength="200" autocomplete="url"></p>
      <p class="comment-form-cookies-consent"><input id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes">
        <label for="wp-comment-cookies-consent">Save my name, email, and website in this browser for the next time I comment.</label></p>
      ${botTraps(renderedAt)}
      <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment">
        <input type="hidden" name="comment_post_ID" value="${DEMO_POST.id}" id="comment_post_ID">
        <input type="hidden" name="comment_parent" id="comment_parent" value="0">
        <input type="hidden" name="redirect_to" value="${pageUrl}"></p>
    </form>
  </div>
</section>
</main>`,
    { scripts: [SCRIPT] },
  );
}
