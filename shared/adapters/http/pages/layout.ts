import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { inlineStyle, type Page, type PageSecurity } from '../content-security-policy.ts';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

const STYLE = inlineStyle(`
body{font:17px/1.6 Georgia,serif;color:#222;margin:0;background:#f4f4f4}
header.site{background:#fff;border-bottom:1px solid #ddd;padding:1.2rem 1rem}
header.site a{color:#111;text-decoration:none;font:700 1.5rem/1.2 system-ui,sans-serif}
header.site p{margin:.2rem 0 0;color:#666;font:.9rem system-ui,sans-serif}
main{max-width:760px;margin:2rem auto;background:#fff;padding:2rem 2.2rem;border:1px solid #e2e2e2}
h1{font:700 1.9rem/1.25 system-ui,sans-serif;margin-top:0}
h2,h3{font-family:system-ui,sans-serif}
.comment-respond{border-top:3px solid #222;margin-top:2.5rem;padding-top:1rem}
.comment-notes{color:#555;font-size:.95rem}
.required{color:#c00}
label{display:block;font:600 .9rem system-ui,sans-serif;margin:.8rem 0 .2rem}
input[type=text],input[type=email],input[type=url],textarea{width:100%;box-sizing:border-box;padding:.55rem;border:1px solid #bbb;font:inherit}
.comment-form-cookies-consent label{display:inline;font-weight:400}
.form-submit input{margin-top:1rem;background:#222;color:#fff;border:0;padding:.7rem 1.4rem;font:600 1rem system-ui,sans-serif;cursor:pointer}
ol.comment-list{list-style:none;padding:0}
ol.comment-list ol.children{list-style:none;padding-left:1.5rem;border-left:2px solid #eee}
.comment-body{padding:1rem 0;border-bottom:1px solid #eee}
.comment-meta{font:.85rem system-ui,sans-serif;color:#555}
.comment-meta b{color:#111}
.avatar{display:inline-block;width:32px;height:32px;border-radius:4px;vertical-align:middle;margin-right:.5rem}
.reply a{font:.85rem system-ui,sans-serif}
.error-list{color:#a00}
.comment-form-hp{position:absolute;left:-10000px;top:auto;width:1px;height:1px;overflow:hidden}
.link-comment dt{font:600 .85rem system-ui,sans-serif;color:#555}
.link-comment dd{margin:0 0 .5rem}
`);

/** The stylesheet's CSP hash source, for answers that write their own policy. */
export const STYLE_HASH = STYLE.hash;

/**
 * The page around a body. Inline scripts and styles are declared, not written into the body:
 * the layout embeds them and the Content-Security-Policy allows exactly them, by hash.
 * Send the result with `sendPage` (../content-security-policy.ts).
 */
export function page(title: string, body: Html, security: PageSecurity = {}): Page {
  const scripts = security.scripts ?? [];
  const styles = [STYLE, ...(security.styles ?? [])];
  const markup = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
${styles.map((style) => html`<style>${raw(style.source)}</style>`)}
</head>
<body>
${body}
${scripts.map((script) => html`<script>${raw(script.source)}</script>`)}
</body>
</html>`;
  return { html: markup, security: { ...security, styles } };
}
