import { AUTHOR_KEY, fetchPage, newIdempotencyKey, pendingKey, store, submitComment, type WidgetComment } from './api-client.ts';
import { livePasses, type PendingPass, passesAfterPage, withPass } from './pending-passes.ts';
import { fill, relativeWait, type Strings } from './strings.ts';
import { commentTree, h } from './view.ts';

export interface WidgetOptions {
  api: string;
  postId: string;
  strings: Strings;
  locale: string | undefined;
  pageSize: number;
  threadDepth: number;
  /** '' for the first widget on the page (WordPress's ids), '-2', '-3'… for more. */
  idSuffix: string;
}

/** Field names in API errors → the form's element names. */
const FIELD_ELEMENT: Record<string, string> = { author: 'author', email: 'email', url: 'url', content: 'comment' };
const SAVED_FIELDS = ['author', 'email', 'url'] as const;

/** One widget: the list, "Load more", and the Leave A Reply form, in one container. */
export class CommentsWidget {
  private comments: WidgetComment[] = [];
  private count = 0;
  private nextCursor: string | null = null;
  private renderedAt: number | null = null;
  private parentId: string | null = null;
  private retry: { key: string; fingerprint: string } | null = null;
  private readonly title = h('h2', { class: 'comments-title' });
  private readonly listHolder = h('div', { class: 'lar-comments' });
  private readonly more: HTMLButtonElement;
  private readonly respond: HTMLDivElement;
  private readonly respondHome = h('div', { class: 'lar-respond-home' });
  private readonly replyTitle: HTMLSpanElement;
  private readonly cancel: HTMLButtonElement;
  private readonly form: HTMLFormElement;
  private readonly status: HTMLParagraphElement;
  private readonly submit: HTMLButtonElement;

  constructor(
    private readonly root: HTMLElement,
    private readonly options: WidgetOptions,
  ) {
    const { strings: s, idSuffix: n } = options;
    this.more = h('button', { type: 'button', class: 'lar-more', hidden: true }, s.loadMore);
    this.replyTitle = h('span', {}, s.leaveReply);
    this.cancel = h('button', { type: 'button', class: 'lar-link', id: `cancel-comment-reply-link${n}`, hidden: true }, s.cancelReply);
    this.status = h('p', { class: 'lar-status', role: 'status', 'aria-live': 'polite' });
    this.submit = h('button', { type: 'submit', id: `submit${n}`, class: 'submit', name: 'submit' }, s.postComment);
    const required = () => h('span', { class: 'required', 'aria-hidden': 'true' }, '*');
    const field = (name: string, label: string, control: HTMLElement, isRequired: boolean) =>
      h('p', { class: `comment-form-${name}` }, h('label', { for: control.id }, label, isRequired ? ' ' : '', isRequired ? required() : null), control);
    const input = (name: string, type: string, max: number, autocomplete: string, isRequired: boolean) =>
      h('input', { id: `${name}${n}`, name, type, maxlength: String(max), autocomplete, required: isRequired, 'aria-required': isRequired ? 'true' : undefined });
    this.form = h(
      'form',
      { id: `commentform${n}`, class: 'comment-form', novalidate: true },
      h('p', { class: 'comment-notes' }, h('span', { id: `email-notes${n}` }, s.emailNote), ' ', s.requiredNote, ' ', required()),
      field('comment', s.comment, h('textarea', { id: `comment${n}`, name: 'comment', rows: '6', maxlength: '65525', required: true, 'aria-required': 'true' }), true),
      field('author', s.name, input('author', 'text', 245, 'name', true), true),
      field('email', s.email, input('email', 'email', 100, 'email', true), true),
      field('url', s.website, input('url', 'url', 200, 'url', false), false),
      h(
        'p',
        { class: 'comment-form-cookies-consent' },
        h('input', { id: `wp-comment-cookies-consent${n}`, name: 'wp-comment-cookies-consent', type: 'checkbox', value: 'yes' }),
        h('label', { for: `wp-comment-cookies-consent${n}` }, s.consent),
      ),
      // The honeypot (docs/site-owners.md): off-screen, out of the tab order and of autofill.
      h('p', { class: 'comment-form-hp', 'aria-hidden': 'true' }, h('label', { for: `hp_website${n}` }, s.honeypot), h('input', { id: `hp_website${n}`, name: 'hp_website', type: 'text', tabindex: '-1', autocomplete: 'off' })),
      this.status,
      h('p', { class: 'form-submit' }, this.submit),
    );
    this.form.querySelector('[name=email]')?.setAttribute('aria-describedby', `email-notes${n}`);
    this.respond = h(
      'div',
      { id: `respond${n}`, class: 'comment-respond' },
      h('h3', { id: `reply-title${n}`, class: 'comment-reply-title' }, this.replyTitle, ' ', h('small', {}, this.cancel)),
      this.form,
    );
    root.classList.add('lar-widget');
    root.replaceChildren(h('section', { class: 'comments-area', 'aria-labelledby': `lar-title${n}` }, this.title, this.listHolder, this.more, this.respondHome, this.respond));
    this.title.id = `lar-title${n}`;
    this.more.addEventListener('click', () => void this.load(this.nextCursor));
    this.cancel.addEventListener('click', () => this.replyTo(null));
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    this.restoreAuthor();
  }

  private get passKey(): string {
    return pendingKey(this.options.api, this.options.postId);
  }

  private passes(): PendingPass[] {
    return livePasses(store.get<unknown>(this.passKey), Date.now());
  }

  private keepPasses(passes: PendingPass[]): void {
    if (passes.length > 0) store.set(this.passKey, passes);
    else store.remove(this.passKey);
  }

  async load(cursor: string | null = null): Promise<void> {
    if (!cursor) this.title.textContent = this.options.strings.loading;
    this.more.disabled = true;
    const passes = this.passes();
    try {
      // The list route takes one pass: the newest rides on the page request; each older one asks for
      // the same page once more, of which only its pending comment is taken (a few at most, rare).
      const fetchWith = (pending: PendingPass | null) => fetchPage(this.options.api, this.options.postId, { cursor, limit: this.options.pageSize, pending });
      const [page, ...extras] = await Promise.all([fetchWith(passes.at(-1) ?? null), ...passes.slice(0, -1).map((pass) => fetchWith(pass).catch(() => null))]);
      const ownPending = extras.flatMap((extra, i) => extra?.comments.filter((c) => c.id === passes[i]?.id && c.awaitingModeration) ?? []);
      const known = new Set(this.comments.map((c) => c.id));
      const arrived = [...page.comments, ...ownPending].filter((c) => !known.has(c.id));
      this.comments.push(...arrived);
      this.comments.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.count = page.count;
      this.nextCursor = page.nextCursor;
      if (page.serverTime !== null && this.renderedAt === null) this.renderedAt = page.serverTime;
      // Approved, refused or expired meanwhile: that pass has done its job. A failed extra request decides nothing.
      const shown = new Set(this.comments.filter((c) => c.awaitingModeration).map((c) => c.id));
      const left = passesAfterPage(passes, page, shown);
      this.keepPasses(passes.filter((pass, i) => left.includes(pass) || extras[i] === null));
      this.render();
    } catch {
      this.title.textContent = this.options.strings.loadFailed;
    } finally {
      this.more.disabled = false;
    }
  }

  private render(): void {
    const { strings } = this.options;
    this.title.textContent = this.count === 0 ? strings.noComments : this.count === 1 ? strings.oneComment : fill(strings.manyComments, { n: this.count });
    // Only the author's own pending comment: "No comments yet." above it would read wrong.
    this.title.hidden = this.count === 0 && this.comments.length > 0;
    const list = commentTree(this.comments, {
      strings,
      locale: this.options.locale,
      threadDepth: this.options.threadDepth,
      onReply: (comment, item) => this.replyTo(comment, item),
    });
    this.respondHome.after(this.respond);
    this.listHolder.replaceChildren(list);
    this.more.hidden = this.nextCursor === null;
    if (this.parentId) {
      const item = this.root.querySelector(`#comment-${CSS.escape(this.parentId)} > .comment-body`);
      if (item) item.after(this.respond);
    }
  }

  /** WordPress's comment-reply.js: the form moves under the comment being answered. */
  private replyTo(comment: WidgetComment | null, item?: HTMLLIElement): void {
    this.parentId = comment?.id ?? null;
    this.replyTitle.textContent = comment ? fill(this.options.strings.replyTo, { name: comment.author }) : this.options.strings.leaveReply;
    this.cancel.hidden = !comment;
    if (comment && item) item.querySelector(':scope > .comment-body')?.after(this.respond);
    else this.respondHome.after(this.respond);
    (this.form.elements.namedItem('comment') as HTMLTextAreaElement).focus();
  }

  private value(name: string): string {
    return (this.form.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '';
  }

  private restoreAuthor(): void {
    const saved = store.get<Record<string, string>>(AUTHOR_KEY);
    if (!saved) return;
    for (const name of SAVED_FIELDS) {
      const element = this.form.elements.namedItem(name) as HTMLInputElement;
      if (typeof saved[name] === 'string') element.value = saved[name];
    }
    (this.form.elements.namedItem('wp-comment-cookies-consent') as HTMLInputElement).checked = true;
  }

  private showStatus(message: string, isError: boolean): void {
    this.status.textContent = message;
    this.status.classList.toggle('lar-error', isError);
  }

  private clearErrors(): void {
    for (const error of this.form.querySelectorAll('.lar-field-error')) error.remove();
    for (const element of this.form.querySelectorAll('[aria-invalid]')) {
      element.removeAttribute('aria-invalid');
      const described = (element.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error'));
      if (described.length > 0) element.setAttribute('aria-describedby', described.join(' '));
      else element.removeAttribute('aria-describedby');
    }
  }

  /** Each field error next to its field, linked with aria-describedby; the first invalid field gets focus. */
  private showFieldErrors(fields: Record<string, string>): string[] {
    const unplaced: string[] = [];
    let first: HTMLElement | null = null;
    for (const [field, message] of Object.entries(fields)) {
      const element = this.form.elements.namedItem(FIELD_ELEMENT[field] ?? '') as HTMLInputElement | null;
      if (!element) {
        unplaced.push(message);
        continue;
      }
      const errorId = `${element.id}-error`;
      element.setAttribute('aria-invalid', 'true');
      element.setAttribute('aria-describedby', [element.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '));
      element.after(h('p', { id: errorId, class: 'lar-field-error' }, message));
      first ??= element;
    }
    first?.focus();
    return unplaced;
  }

  private async send(): Promise<void> {
    if (this.submit.disabled) return;
    const { strings } = this.options;
    const consent = (this.form.elements.namedItem('wp-comment-cookies-consent') as HTMLInputElement).checked;
    const body: Record<string, unknown> = {
      author: this.value('author'),
      email: this.value('email'),
      url: this.value('url'),
      content: this.value('comment'),
      consent,
      hp_website: this.value('hp_website'),
      ...(this.parentId ? { parentId: this.parentId } : {}),
      ...(this.renderedAt !== null ? { form_rendered_at: this.renderedAt } : {}),
    };
    // One key per comment: a double click or a retry of the same comment stores it once.
    const fingerprint = JSON.stringify(body);
    if (this.retry?.fingerprint !== fingerprint) this.retry = { key: newIdempotencyKey(), fingerprint };
    this.clearErrors();
    this.submit.disabled = true;
    this.showStatus(strings.posting, false);
    try {
      const result = await submitComment(this.options.api, this.options.postId, body, this.retry.key);
      if (result.kind === 'accepted') {
        this.accepted(result.comment, result.moderationHash, consent);
      } else if (result.kind === 'invalid') {
        const unplaced = this.showFieldErrors(result.fields);
        this.showStatus([strings.fixFields, ...unplaced].join(' '), true);
      } else if (result.kind === 'wait') {
        this.showStatus(fill(strings.wait, { wait: relativeWait(result.seconds, this.options.locale), seconds: result.seconds }), true);
      } else {
        this.showStatus(result.message, true);
      }
    } catch {
      this.showStatus(strings.networkError, true);
    } finally {
      this.submit.disabled = false;
    }
  }

  private accepted(comment: WidgetComment & { status: string }, moderationHash: string, consent: boolean): void {
    const pending = comment.status !== 'approved';
    if (pending) this.keepPasses(withPass(this.passes(), { id: comment.id, hash: moderationHash, savedAt: Date.now() }));
    if (consent) store.set(AUTHOR_KEY, Object.fromEntries(SAVED_FIELDS.map((name) => [name, this.value(name)])));
    else store.remove(AUTHOR_KEY);
    this.comments.push({ ...comment, avatar: comment.avatar ?? null, ...(pending ? { awaitingModeration: true as const } : {}) });
    this.retry = null;
    (this.form.elements.namedItem('comment') as HTMLTextAreaElement).value = '';
    this.parentId = null;
    this.replyTitle.textContent = this.options.strings.leaveReply;
    this.cancel.hidden = true;
    this.render();
    this.showStatus(pending ? this.options.strings.posted : this.options.strings.published, false);
  }
}
