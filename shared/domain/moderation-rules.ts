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

  const disallowed = findKey(settings.disallowedKeys, [...fields, stripTags(comment.content)]);
  if (disallowed !== null) {
    return { verdict: 'spam', reasons: [`Contains a disallowed word: "${disallowed}".`] };
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

  // WordPress matches the raw comment; the words alone count too, so a tag cannot split a key.
  const moderationKey = findKey(settings.moderationKeys, [...fields, stripTags(comment.content)]);
  if (moderationKey !== null) {
    return { verdict: 'hold', reasons: [`Contains a moderation word: "${moderationKey}".`] };
  }

  if (settings.previouslyApproved) {
    return facts.authorPreviouslyApproved
      ? { verdict: 'approve', reasons: ['The author has a previously approved comment.'] }
      : { verdict: 'hold', reasons: ['The author has no previously approved comment.'] };
  }

  return { verdict: 'approve', reasons: ['No rule held it.'] };
}

function searchableFields(comment: Comment): string[] {
  return [
    comment.author,
    comment.email,
    comment.url ?? '',
    comment.content,
    comment.ip ?? '',
    comment.userAgent ?? '',
  ];
}

/** WordPress matches each trimmed line case-insensitively as a plain substring (no word boundary). */
function findKey(keys: string[], haystacks: string[]): string | null {
  const lowered = haystacks.map((h) => h.toLowerCase());
  for (const raw of keys) {
    const key = raw.trim();
    if (key === '') continue;
    const needle = key.toLowerCase();
    if (lowered.some((h) => h.includes(needle))) return key;
  }
  return null;
}
