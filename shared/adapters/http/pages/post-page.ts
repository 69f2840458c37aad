import { html, raw } from 'hono/html';
import { HONEYPOT_FIELD, RENDERED_AT_FIELD } from '../../../domain/bot-traps.ts';
import type { ListedComment } from '../../../domain/comment.ts';
import { commentList } from './comment-list.ts';
import { inlineScript } from '../content-security-policy.ts';
import { page } from './layout.ts';
import { DEMO_POST } from './seed-post.ts';

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
  // WordPress's comment-reply.js: move the form under the comment instead of reloading the page.
  var respond = document.getElementById('respond');
  var home = document.getElementById('respond-home');
  var cancel = document.getElementById('cancel-comment-reply-link');
  var title = document.getElementById('reply-title-text');
  document.querySelectorAll('.comment-reply-link').forEach(function (link) {
    link.addEventListener('click', function (e) {
      e.preventDefault();
      var li = document.getElementById('comment-' + link.getAttribute('data-commentid'));
      li.querySelector('.comment-body').after(respond);
      form.elements['comment_parent'].value = link.getAttribute('data-commentid');
      title.textContent = link.getAttribute('data-replyto');
      cancel.hidden = false;
      form.elements['comment'].focus();
    });
  });
  cancel.addEventListener('click', function (e) {
    e.preventDefault(); form.elements['comment_parent'].value = '0';
    home.after(respond); title.textContent = 'Leave A Reply'; cancel.hidden = true;
  });
  // Dates in the visitor's own language and time zone.
  var format = new Intl.DateTimeFormat(undefined, { dateStyle: 'long', timeStyle: 'short' });
  document.querySelectorAll('time[datetime]').forEach(function (t) { t.textContent = format.format(new Date(t.getAttribute('datetime'))); });
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

export interface PostPageInput {
  comments: ListedComment[];
  count: number;
  /** The page's own address (no query): where the form comes back to. */
  pageUrl: string;
  renderedAt: number;
  /** `?replytocom={id}`: the approved comment being replied to, without JavaScript. */
  replyTo?: ListedComment | undefined;
}

/** The comment form with WordPress's ids; under a comment when replying without JavaScript. */
function respondForm(input: PostPageInput) {
  const { pageUrl, renderedAt, replyTo } = input;
  return html`<div id="respond" class="comment-respond">
    <h3 id="reply-title" class="comment-reply-title"><span id="reply-title-text">${replyTo ? `Reply to ${replyTo.author}` : 'Leave A Reply'}</span>
      <small><a rel="nofollow" id="cancel-comment-reply-link" href="${pageUrl}#respond" ${replyTo ? '' : raw('hidden')}>Cancel reply</a></small></h3>
    <form action="/posts/${DEMO_POST.id}/comments" method="post" id="commentform" class="comment-form">
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
        <input type="hidden" name="comment_parent" id="comment_parent" value="${replyTo?.id ?? '0'}">
        <input type="hidden" name="redirect_to" value="${pageUrl}"></p>
    </form>
  </div>`;
}

export function renderPostPage(input: PostPageInput) {
  const { comments, count, replyTo } = input;
  const form = respondForm(input);
  return page(
    `${DEMO_POST.title} – ${DEMO_POST.site.name}`,
    html`<header class="site"><a href="/">${DEMO_POST.site.name}</a><p>${DEMO_POST.site.tagline}</p></header>
<main>
<article class="post">
  <h1 class="entry-title">${DEMO_POST.title}</h1>
  ${DEMO_POST.paragraphs.map((p) => html`<p>${p}</p>`)}
</article>
<section id="comments" class="comments-area">
  ${count > 0 ? html`<h2 class="comments-title">${count === 1 ? '1 Comment' : `${count} Comments`}</h2>` : ''}
  ${comments.length > 0 ? commentList(comments, { replyForm: replyTo ? { parentId: replyTo.id, form } : undefined }) : ''}
  <div id="respond-home"></div>
  ${replyTo ? '' : form}
</section>
</main>`,
    { scripts: [SCRIPT] },
  );
}
