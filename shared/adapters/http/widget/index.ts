/**
 * `/widget.js`: renders comments and the Leave A Reply form into `#leave-a-reply` (or every
 * `[data-leave-a-reply]`) on a page of an allowed site. Options come from the element's
 * `data-` attributes, then `window.LeaveAReplyConfig`.
 */

import { CommentsWidget } from './comments-widget.ts';
import { resolveStrings } from './strings.ts';
import { applyStyles } from './styles.ts';

interface GlobalConfig {
  api?: string;
  postId?: string;
  locale?: string;
  pageSize?: number;
  threadDepth?: number;
  strings?: Record<string, string>;
}

declare global {
  interface Window {
    LeaveAReplyConfig?: GlobalConfig;
  }
}

/** The API is where this script came from, unless the page says otherwise. */
const scriptSource = (document.currentScript as HTMLScriptElement | null)?.src ?? '';
const defaultApi = scriptSource.replace(/\/widget\.js(?:[?#].*)?$/, '');

function parseStrings(value: string | undefined): unknown {
  if (!value) return null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

function positive(value: string | number | undefined, fallback: number, max: number): number {
  const number = Math.floor(Number(value));
  return Number.isFinite(number) && number >= 1 ? Math.min(number, max) : fallback;
}

function mount(): void {
  const config = window.LeaveAReplyConfig ?? {};
  const roots = new Set<HTMLElement>();
  const main = document.getElementById('leave-a-reply');
  if (main) roots.add(main);
  for (const element of document.querySelectorAll<HTMLElement>('[data-leave-a-reply]')) roots.add(element);
  if (roots.size === 0) return;
  applyStyles(document);
  let index = 0;
  for (const root of roots) {
    if (root.dataset.leaveAReplyMounted) continue;
    root.dataset.leaveAReplyMounted = 'true';
    const data = root.dataset;
    const postId = data.postId ?? config.postId ?? location.pathname.split('/').filter(Boolean).pop() ?? 'home';
    const widget = new CommentsWidget(root, {
      api: (data.api ?? config.api ?? defaultApi).replace(/\/$/, ''),
      postId,
      strings: resolveStrings(config.strings, parseStrings(data.strings)),
      locale: data.locale ?? config.locale,
      pageSize: positive(data.pageSize ?? config.pageSize, 20, 100),
      threadDepth: positive(data.threadDepth ?? config.threadDepth, 5, 10),
      idSuffix: index === 0 ? '' : `-${index + 1}`,
    });
    index++;
    void widget.load();
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
