/**
 * Every visible string of the widget. Site owners override any of them with
 * `window.LeaveAReplyConfig = { strings: {…} }` or `data-strings='{"…": "…"}'` on the container.
 * `{n}`, `{name}`, `{wait}` and `{seconds}` are filled in.
 */
export const DEFAULT_STRINGS = {
  noComments: 'No comments yet.',
  oneComment: '1 Comment',
  manyComments: '{n} Comments',
  leaveReply: 'Leave A Reply',
  replyTo: 'Reply to {name}',
  reply: 'Reply',
  cancelReply: 'Cancel reply',
  says: 'says:',
  emailNote: 'Your email address will not be published.',
  requiredNote: 'Required fields are marked',
  comment: 'Comment',
  name: 'Name',
  email: 'Email',
  website: 'Website',
  consent: 'Save my name, email, and website in this browser for the next time I comment.',
  postComment: 'Post Comment',
  posting: 'Posting your comment…',
  loadMore: 'Load more comments',
  loading: 'Loading comments…',
  awaitingModeration: 'Your comment is awaiting moderation.',
  posted: 'Thank you. Your comment is awaiting moderation.',
  published: 'Thank you. Your comment is published.',
  fixFields: 'Please correct the highlighted fields.',
  wait: 'You are posting too quickly. Please try again {wait}.',
  loadFailed: 'The comments could not be loaded. Please try again later.',
  networkError: 'Your comment could not be sent. Check your connection and try again.',
  honeypot: 'Leave this field empty',
} as const;

export type StringKey = keyof typeof DEFAULT_STRINGS;
export type Strings = Record<StringKey, string>;

/** Defaults, then the global config object, then the element's `data-strings` (the most specific wins). */
export function resolveStrings(...overrides: Array<unknown>): Strings {
  const strings: Strings = { ...DEFAULT_STRINGS };
  for (const override of overrides) {
    if (!override || typeof override !== 'object') continue;
    for (const [key, value] of Object.entries(override)) {
      if (key in strings && typeof value === 'string') strings[key as StringKey] = value;
    }
  }
  return strings;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * How long to wait, as people say it, in the visitor's locale ("in 15 seconds", "in 10 minutes",
 * "in 3 hours"): seconds under 2 minutes, minutes up to 2 hours, hours above. Rounded up, so
 * trying again when told is never too early.
 */
export function relativeWait(seconds: number, locale: string | undefined): string {
  const [amount, unit]: [number, Intl.RelativeTimeFormatUnit] =
    seconds < 120 ? [Math.ceil(seconds), 'second'] : seconds <= 7200 ? [Math.ceil(seconds / 60), 'minute'] : [Math.ceil(seconds / 3600), 'hour'];
  try {
    return new Intl.RelativeTimeFormat(locale, { numeric: 'always' }).format(amount, unit);
  } catch {
    // A malformed locale from the page: the browser's own.
    return new Intl.RelativeTimeFormat(undefined, { numeric: 'always' }).format(amount, unit);
  }
}
