import type { Comment } from './comment.ts';
import { countLinks, stripTags } from './text.ts';
import type { Settings } from './settings.ts';

export type Verdict = 'approve' | 'hold' | 'spam';

export interface Decision {
  verdict: Verdict;
  /** Why, in words a moderator reads in the queue. */
  reasons: string[];
}

/** What the rules need to know beyond the comment and the settings. */
export interface ModerationFacts {
  /** The same author name and email already have an approved comment. */
  authorPreviouslyApproved: boolean;
}

/**
 * WordPress's `check_comment()` + `wp_check_comment_disallowed_list()`, in its order:
 * manual moderation → max links → moderation keys → previously approved → approve;
 * a disallowed key overrides everything and makes it spam.
 */
export function decide(comment: Comment, settings: Settings, facts: ModerationFacts): Decision {
  const fields = searchableFields(comment);

  const disallowed = findKey(settings.disallowedKeys, fields);
  if (disallowed !== null) {
    return { verdict: 'spam', reasons: [keyReason('Disallowed', disallowed)] };
  }

  if (settings.manualModeration) {
    return { verdict: 'hold', reasons: ['Every comment must be approved manually.'] };
  }

  if (settings.maxLinks > 0) {
    const links = countLinks(comment.content);
    if (links >= settings.maxLinks) {
      return { verdict: 'hold', reasons: [`Contains ${links} links (the limit is ${settings.maxLinks}).`] };
    }
  }

  const moderationKey = findKey(settings.moderationKeys, fields);
  if (moderationKey !== null) {
    return { verdict: 'hold', reasons: [keyReason('Moderation', moderationKey)] };
  }

  if (settings.previouslyApproved) {
    return facts.authorPreviouslyApproved
      ? { verdict: 'approve', reasons: ['The author has a previously approved comment.'] }
      : { verdict: 'hold', reasons: ['The author has no previously approved comment.'] };
  }

  return { verdict: 'approve', reasons: ['No rule held it.'] };
}

/** Where a key can match, named as a moderator reads it in a reason. */
type Field = 'name' | 'email' | 'website' | 'content' | 'IP address' | 'user agent';

function searchableFields(comment: Comment): Array<[Field, string]> {
  return [
    ['name', comment.author],
    ['email', comment.email],
    ['website', comment.url ?? ''],
    ['content', comment.content],
    // WordPress matches the raw comment; the words alone count too, so a tag cannot split a key.
    ['content', stripTags(comment.content)],
    ['IP address', comment.ip ?? ''],
    ['user agent', comment.userAgent ?? ''],
  ];
}

interface KeyMatch {
  /** 1-based line of the key in its list, as the moderator sees the list. */
  line: number;
  field: Field;
}

/**
 * The rule, the line and the field — never the key: moderators list whole addresses and
 * IPs as keys, and a quoted key would store that personal data in clear in the reasons.
 */
function keyReason(list: 'Moderation' | 'Disallowed', match: KeyMatch): string {
  return `${list} key ${match.line} matched in the ${match.field}.`;
}

/** WordPress matches each trimmed line case-insensitively as a plain substring (no word boundary). */
function findKey(keys: string[], fields: Array<[Field, string]>): KeyMatch | null {
  const lowered = fields.map(([field, value]) => [field, value.toLowerCase()] as const);
  for (const [index, raw] of keys.entries()) {
    const needle = raw.trim().toLowerCase();
    if (needle === '') continue;
    const found = lowered.find(([, value]) => value.includes(needle));
    if (found) return { line: index + 1, field: found[0] };
  }
  return null;
}
