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
