import sanitizeHtml from 'sanitize-html';
import { decodeBasicEntities } from './text.ts';

/**
 * WordPress's `$allowedtags` for comments (wp-includes/kses.php). Everything else
 * is removed; the text inside removed tags stays, except in script/style-like tags.
 */
const ALLOWED_TAGS: Record<string, string[]> = {
  a: ['href', 'title'],
  abbr: ['title'],
  acronym: ['title'],
  b: [],
  blockquote: ['cite'],
  cite: [],
  code: [],
  del: ['datetime'],
  em: [],
  i: [],
  q: ['cite'],
  s: [],
  strike: [],
  strong: [],
};

const CONTENT_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: Object.keys(ALLOWED_TAGS),
  // `rel` is never taken from the visitor: the transform below sets it.
  allowedAttributes: { ...ALLOWED_TAGS, a: [...ALLOWED_TAGS.a!, 'rel'] },
  // No javascript:, data:, vbscript: … in href or cite.
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href', 'cite'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  transformTags: {
    // Links in visitor content must not pass reputation (WordPress: rel="nofollow ugc").
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'nofollow ugc' } }),
  },
};

const TEXT_ONLY: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {} };

/**
 * Comment content → safe HTML: allowed tags only, then line breaks become
 * paragraphs and `<br>` (a small `wpautop`).
 */
export function sanitizeContent(raw: string): string {
  const normalised = raw.replace(/\r\n?/g, '\n').trim();
  const safe = sanitizeHtml(normalised, CONTENT_OPTIONS).trim();
  return autop(safe);
}

function autop(html: string): string {
  if (html === '') return '';
  return html
    .split(/\n\s*\n+/)
    .map((block) => block.trim())
    .filter((block) => block !== '')
    .map((block) => `<p>${block.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/**
 * Author names are plain text: tags are stripped and entities decoded, and the
 * angle brackets that could start markup are dropped, so no renderer can be tricked.
 */
export function toPlainText(raw: string): string {
  const stripped = sanitizeHtml(raw, TEXT_ONLY);
  return decodeBasicEntities(stripped).replace(/[<>]/g, '').replace(/\s+/g, ' ').trim();
}

// Re-exported for callers that already have the sanitiser; the worker imports ./text.ts directly.
export { countLinks, stripTags } from './text.ts';
