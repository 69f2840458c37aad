import xss, { FilterXSS } from 'xss';
import { decodeBasicEntities } from './text.ts';

// xss is CommonJS: Node's ESM loader (the local stack runs under tsx) only detects some of
// its named exports, so these two come off the module object, which every loader provides.
const { escapeAttrValue, friendlyAttrValue } = xss as unknown as typeof import('xss');

/**
 * WordPress's `$allowedtags` for comments (wp-includes/kses.php). Everything else
 * is removed; the text inside removed tags stays, except in script/style-like tags.
 * The sanitiser is js-xss: a maintained allow-list filter, ~20 KB bundled.
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

/** Elements whose content must go with them, not be shown as words (as browsers never show it). */
const DROP_WITH_BODY = new Set(['script', 'style', 'textarea', 'noscript', 'iframe', 'object', 'template', 'svg', 'math', 'title', 'xmp', 'noembed', 'noframes', 'select']);

/** Only these URL schemes survive in href and cite: no javascript:, data:, vbscript:, relative tricks. */
const SAFE_URL = /^(?:https?:\/\/|mailto:)/i;

function safeUrl(value: string): string {
  const decoded = friendlyAttrValue(value);
  return SAFE_URL.test(decoded) ? escapeAttrValue(decoded) : '';
}

/**
 * Runs js-xss with the given allow-list. Tags outside it are removed and their
 * text kept, except for DROP_WITH_BODY elements, which go with everything inside
 * (an unclosed one takes the rest, as a browser would).
 */
function filterHtml(input: string, allowed: Record<string, string[]>): string {
  const dropped: Array<[number, number]> = [];
  let depth = 0;
  let start = 0;
  const filter = new FilterXSS({
    whiteList: allowed,
    allowCommentTag: false,
    css: false,
    onIgnoreTag(tag, _html, { position = 0, isClosing }) {
      if (DROP_WITH_BODY.has(tag)) {
        if (!isClosing) {
          if (depth++ === 0) start = position;
        } else if (depth > 0 && --depth === 0) {
          dropped.push([start, position]);
        }
      }
      return '';
    },
    onTagAttr(tag, name, value) {
      if (name === 'href' || name === 'cite') {
        const url = safeUrl(value);
        if (!url) return '';
        // Links in visitor content must not pass reputation (WordPress: rel="nofollow ugc").
        return tag === 'a' ? `href="${url}" rel="nofollow ugc"` : `${name}="${url}"`;
      }
      return undefined;
    },
  });
  const output = filter.process(input);
  if (depth > 0) dropped.push([start, output.length]);
  let kept = '';
  let from = 0;
  for (const [cutStart, cutEnd] of dropped) {
    kept += output.slice(from, cutStart);
    from = cutEnd;
  }
  return kept + output.slice(from);
}

/**
 * Comment content → safe HTML: allowed tags only, then line breaks become
 * paragraphs and `<br>` (a small `wpautop`).
 */
export function sanitizeContent(raw: string): string {
  const normalised = escapeLooseText(raw.replace(/\r\n?/g, '\n').replace(/\0/g, '').trim());
  const safe = balanceTags(filterHtml(normalised, ALLOWED_TAGS)).trim();
  return autop(safe);
}

/**
 * What a browser reads as text stays text: a `<` that cannot open a tag (HTML's
 * tag-open state needs a letter, `/`, `!` or `?`) — "I <3 you", "1 < 2" — and a
 * bare `&` that starts no entity are escaped before the filter sees them.
 */
function escapeLooseText(text: string): string {
  return text.replace(/<(?![a-zA-Z/!?])/g, '&lt;').replace(/&(?![a-zA-Z][a-zA-Z0-9]{0,31};|#\d{1,7};|#x[0-9a-fA-F]{1,6};)/g, '&amp;');
}

const TAG = /<(\/?)([a-z]+)\b[^>]*>/gi;

/**
 * Like WordPress's force_balance_tags: an unclosed `<b>` or `<a>` must not run on
 * into the rest of the page, and a stray closing tag is dropped.
 */
function balanceTags(html: string): string {
  const open: string[] = [];
  const balanced = html.replace(TAG, (tag, closing: string, rawName: string) => {
    const name = rawName.toLowerCase();
    if (!closing) {
      open.push(name);
      return tag;
    }
    const at = open.lastIndexOf(name);
    if (at === -1) return '';
    return open.splice(at).reverse().map((n) => `</${n}>`).join('');
  });
  return balanced + open.reverse().map((n) => `</${n}>`).join('');
}

const isBlockquoteTag = (block: string) => /^<\/?blockquote\b/i.test(block);

/** Paragraphs and line breaks (a small `wpautop`); a blockquote is a block of its own, not inside a `<p>`. */
function autop(html: string): string {
  if (html === '') return '';
  return html
    .replace(/(<blockquote\b[^>]*>)/gi, '\n\n$1\n\n')
    .replace(/(<\/blockquote>)/gi, '\n\n$1\n\n')
    .split(/\n\s*\n+/)
    .map((block) => block.trim())
    // Inline tags are balanced again per paragraph: none may straddle a </p>. A stray closing
    // tag dropped there may leave a line break or nothing at all, which is trimmed too.
    .map((block) => (isBlockquoteTag(block) ? block : balanceTags(block).trim()))
    .filter((block) => block !== '')
    .map((block) => (isBlockquoteTag(block) ? block : `<p>${block.replace(/\n/g, '<br>\n')}</p>`))
    .join('\n');
}

/**
 * Author names are plain text: tags are stripped and entities decoded, and the
 * angle brackets that could start markup are dropped, so no renderer can be tricked.
 */
export function toPlainText(raw: string): string {
  const stripped = filterHtml(raw.replace(/\0/g, ''), {});
  return decodeBasicEntities(stripped).replace(/[<>]/g, '').replace(/\s+/g, ' ').trim();
}

// Re-exported for callers that already have the sanitiser; the worker imports ./text.ts directly.
export { countLinks, stripTags } from './text.ts';

/**
 * Stored content → the text a person would have typed: `autop`'s paragraphs and `<br>`
 * back into blank lines and line breaks, everything else as it is. Sanitising the result
 * again gives the stored content back, which is what lets an export be imported unchanged.
 */
export function toSourceText(html: string): string {
  return html
    .split(/(?<!<br>)\n/)
    .map((block) => block.replace(/^<p>([\s\S]*)<\/p>$/, '$1').replace(/<br>\n/g, '\n'))
    .join('\n\n');
}
