/**
 * Text views of stored (already sanitised) comment HTML, for the moderation rules.
 * Deliberately free of the HTML sanitiser library, so the worker bundle stays small:
 * the input here is our own sanitiser's output, where a tag is always `<…>`.
 */
export function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Content with all markup removed, for rules that look at the words (disallowed keys). */
export function stripTags(html: string): string {
  return decodeBasicEntities(html.replace(/<[^>]*>/g, ''));
}

/** Links in content, WordPress-style: anchors plus bare URLs (`http://`, `https://`, `www.`). */
export function countLinks(content: string): number {
  const anchors = content.match(/<a\s[^>]*href=/gi)?.length ?? 0;
  // A linked URL is one link, not two: look for bare URLs outside anchors only.
  const text = stripTags(content.replace(/<a\s[\s\S]*?<\/a>/gi, ' '));
  const bare = text.match(/\b(?:https?:\/\/|www\.)[^\s<>"']+/gi)?.length ?? 0;
  return anchors + bare;
}

/** A lone UTF-16 surrogate: JSON can carry one, but it is no character (and no valid UTF-8). */
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Lone surrogates replaced by U+FFFD (String.prototype.toWellFormed, which ES2023's lib lacks). */
export function toWellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\uFFFD');
}

/**
 * Bidi embeddings, overrides, isolates and marks, and zero-width characters: invisible,
 * yet able to reorder or hide what is shown around a name (Trojan Source-style tricks).
 */
const INVISIBLE_FORMATTING = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

export function stripInvisibleFormatting(text: string): string {
  return text.replace(INVISIBLE_FORMATTING, '');
}

/** Letters that render as blanks (Hangul fillers, the blank Braille pattern): no visible name. */
const BLANK_LOOKING = /[\u115F\u1160\u3164\uFFA0\u2800]/g;
const VISIBLE = /[\p{L}\p{N}\p{P}\p{S}]/u;

export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(stripInvisibleFormatting(text).replace(BLANK_LOOKING, ''));
}
