/**
 * Every visible string of the widget. Site owners override any of them with
 * `window.LeaveAReplyConfig = { strings: {…} }` or `data-strings='{"…": "…"}'` on the container.
 * `{n}`, `{name}` and `{seconds}` are filled in.
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
  wait: 'You are posting too quickly. Please wait {seconds} seconds and try again.',
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
