/**
 * The widget's styles, scoped under `.lar-widget` and kept at low specificity (`:where`) so the
 * site's own CSS wins. Themable with CSS custom properties; dark mode follows the visitor's
 * `prefers-color-scheme` unless the site sets the properties itself.
 *
 * Applied as a constructed stylesheet (`adoptedStyleSheets`), which a strict `style-src` CSP does
 * not block; only browsers without constructable stylesheets fall back to a `<style>` element.
 */
const CSS = `
.lar-widget{--lar-text:#1e1e1e;--lar-muted:#5a5a5a;--lar-bg:transparent;--lar-field-bg:#fff;--lar-border:#b5b5b5;--lar-accent:#1f5fbf;--lar-accent-text:#fff;--lar-error:#b00020;--lar-notice:#7a4d00;--lar-focus:#1f5fbf;--lar-radius:4px;--lar-font:inherit;--lar-padding:0;
color:var(--lar-text);background:var(--lar-bg);font-family:var(--lar-font);padding:var(--lar-padding);border-radius:var(--lar-radius)}
@media (prefers-color-scheme:dark){.lar-widget{--lar-text:#ececec;--lar-muted:#b8b8b8;--lar-bg:#161616;--lar-padding:1rem 1.25rem;--lar-field-bg:#1f1f1f;--lar-border:#666;--lar-accent:#8ab4f8;--lar-accent-text:#111;--lar-error:#ff8a80;--lar-notice:#ffd27f;--lar-focus:#8ab4f8}}
:where(.lar-widget) .comment-list,:where(.lar-widget) .children{list-style:none;margin:0;padding:0}
:where(.lar-widget) .children{padding-left:1.25rem;border-left:2px solid var(--lar-border);margin-left:.5rem}
:where(.lar-widget) .comment-body{padding:.75rem 0}
:where(.lar-widget) .comment-author{display:flex;align-items:center;gap:.5rem}
:where(.lar-widget) .avatar{border-radius:var(--lar-radius);flex:none}
:where(.lar-widget) .comment-metadata,:where(.lar-widget) .says{color:var(--lar-muted);font-size:.875em}
:where(.lar-widget) .comment-metadata a{color:inherit}
:where(.lar-widget) .comment-awaiting-moderation{color:var(--lar-notice);font-style:italic;margin:.25rem 0}
:where(.lar-widget) .comment-reply-link,:where(.lar-widget) .lar-link{background:none;border:0;padding:0;color:var(--lar-accent);font:inherit;font-size:.875em;text-decoration:underline;cursor:pointer}
:where(.lar-widget) label{display:block;font-weight:600;margin:.75rem 0 .25rem}
:where(.lar-widget) .comment-form-cookies-consent label{display:inline;font-weight:400;margin-left:.25rem}
:where(.lar-widget) input[type=text],:where(.lar-widget) input[type=email],:where(.lar-widget) input[type=url],:where(.lar-widget) textarea{box-sizing:border-box;width:100%;padding:.5rem;font:inherit;color:var(--lar-text);background:var(--lar-field-bg);border:1px solid var(--lar-border);border-radius:var(--lar-radius)}
:where(.lar-widget) [aria-invalid=true]{border-color:var(--lar-error)}
:where(.lar-widget) .lar-field-error{color:var(--lar-error);font-size:.875em;margin:.25rem 0 0}
:where(.lar-widget) .required{color:var(--lar-error)}
:where(.lar-widget) .submit,:where(.lar-widget) .lar-more{margin-top:1rem;padding:.6rem 1.2rem;font:inherit;font-weight:600;color:var(--lar-accent-text);background:var(--lar-accent);border:0;border-radius:var(--lar-radius);cursor:pointer}
:where(.lar-widget) .submit[disabled]{opacity:.6;cursor:progress}
:where(.lar-widget) :focus-visible{outline:3px solid var(--lar-focus);outline-offset:2px}
:where(.lar-widget) .lar-status:empty{display:none}
:where(.lar-widget) .lar-status{margin:.75rem 0;font-weight:600}
:where(.lar-widget) .lar-status.lar-error{color:var(--lar-error)}
:where(.lar-widget) .comment-form-hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
`;

export function applyStyles(doc: Document): void {
  if ('adoptedStyleSheets' in doc && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement('style');
  style.textContent = CSS;
  doc.head.append(style);
}
