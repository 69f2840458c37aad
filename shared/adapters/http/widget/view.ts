import { identicon, identiconSquares, readableTime } from '../../../domain/display.ts';
import type { WidgetComment } from './api-client.ts';
import { fill, type Strings } from './strings.ts';

type Attributes = Record<string, string | boolean | undefined>;

/** A tiny element builder: attributes (false/undefined skipped) and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Array<Node | string | null>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== null) element.append(child);
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

/** The same identicon as the server's HTML: from the public, server-keyed seed. */
export function avatar(seed: string | null | undefined): SVGElement {
  const icon = identicon(seed ?? null);
  const root = svg('svg', { class: 'avatar avatar-32 photo', width: '32', height: '32', viewBox: '0 0 5 5', 'aria-hidden': 'true' });
  root.append(svg('rect', { width: '5', height: '5', fill: icon ? `hsl(${icon.hue} 40% 92%)` : '#ccc' }));
  if (icon) {
    const group = svg('g', { fill: `hsl(${icon.hue} 55% 45%)` });
    for (const [x, y] of identiconSquares(icon)) group.append(svg('rect', { x: String(x), y: String(y), width: '1', height: '1' }));
    root.append(group);
  }
  return root;
}

export interface CommentView {
  strings: Strings;
  locale: string | undefined;
  threadDepth: number;
  onReply: (comment: WidgetComment, item: HTMLLIElement) => void;
}

function commentItem(comment: WidgetComment, depth: number, view: CommentView): HTMLLIElement {
  const { strings } = view;
  // <bdi>: a right-to-left name must not reorder the text around it.
  const name = comment.url ? h('a', { href: comment.url, rel: 'external nofollow ugc', class: 'url' }, h('bdi', {}, comment.author)) : h('bdi', {}, comment.author);
  const content = h('div', { class: 'comment-content' });
  // Sanitised on the server when it was stored (the same HTML the server's own pages show).
  content.innerHTML = comment.content;
  const item = h('li', { id: `comment-${comment.id}`, class: `comment depth-${depth}${comment.awaitingModeration ? ' comment-awaiting' : ''}` });
  const reply = comment.awaitingModeration
    ? null
    : h('div', { class: 'reply' }, h('button', { type: 'button', class: 'comment-reply-link', 'aria-label': fill(strings.replyTo, { name: comment.author }) }, strings.reply));
  reply?.firstElementChild?.addEventListener('click', () => view.onReply(comment, item));
  item.append(
    h(
      'article',
      { id: `div-comment-${comment.id}`, class: 'comment-body' },
      h(
        'footer',
        { class: 'comment-meta' },
        h('div', { class: 'comment-author vcard' }, avatar(comment.avatar), h('b', { class: 'fn' }, name), ' ', h('span', { class: 'says' }, strings.says)),
        h('div', { class: 'comment-metadata' }, h('a', { href: `#comment-${comment.id}` }, h('time', { datetime: comment.createdAt }, readableTime(comment.createdAt, view.locale)))),
        comment.awaitingModeration ? h('p', { class: 'comment-awaiting-moderation' }, h('em', {}, strings.awaitingModeration)) : null,
      ),
      content,
      reply,
    ),
  );
  return item;
}

/** Threads the flat list by `parentId`, nesting up to `threadDepth` levels (deeper replies stay at the last level). */
export function commentTree(comments: WidgetComment[], view: CommentView): HTMLOListElement {
  const ids = new Set(comments.map((c) => c.id));
  const children = new Map<string | null, WidgetComment[]>();
  for (const c of comments) {
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const fillList = (list: HTMLOListElement, parent: string | null, depth: number) => {
    for (const comment of children.get(parent) ?? []) {
      const item = commentItem(comment, depth, view);
      list.append(item);
      if (!children.has(comment.id)) continue;
      if (depth < view.threadDepth) {
        const nested = h('ol', { class: 'children' });
        fillList(nested, comment.id, depth + 1);
        item.append(nested);
      } else {
        fillList(list, comment.id, depth);
      }
    }
  };
  const root = h('ol', { class: 'comment-list' });
  fillList(root, null, 1);
  return root;
}
