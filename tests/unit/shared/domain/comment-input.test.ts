import { describe, expect, it } from 'vitest';
import { commentSubmissionSchema, formToSubmission, MAX_LENGTHS } from '../../../../shared/domain/comment-input.ts';

/** Object Mother: a valid JSON submission. */
const aSubmission = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  author: 'Hanako',
  email: 'hanako@example.com',
  url: 'https://hanako.example',
  content: 'A thoughtful comment.',
  ...overrides,
});

const strict = commentSubmissionSchema(true);
const lenient = commentSubmissionSchema(false);

/** The first message per top-level field, as the API reports them. */
function errorsOf(schema: typeof strict, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  if (result.success) return {};
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
  return fields;
}

/** `n` code points, each outside the BMP (two UTF-16 units). */
const astral = (n: number) => '😀'.repeat(n);

describe('Function: commentSubmissionSchema', () => {
  describe('a valid submission', () => {
    it('parses, trimming and sanitising its fields', () => {
      // Prepare
      const input = aSubmission({ author: '  Hanako  ', email: ' hanako@example.com ', url: ' https://hanako.example/ ', content: '  Hello  ' });

      // Act
      const parsed = strict.parse(input);

      // Assess
      expect(parsed).toEqual({
        author: 'Hanako',
        email: 'hanako@example.com',
        url: 'https://hanako.example/',
        content: '<p>Hello</p>',
      });
    });

    it('keeps parentId and consent', () => {
      // Act
      const parsed = strict.parse(aSubmission({ parentId: '01JDX6Z8Q5V3W1N2M4K7P9R0ST', consent: true }));

      // Assess
      expect(parsed).toMatchObject({ parentId: '01JDX6Z8Q5V3W1N2M4K7P9R0ST', consent: true });
    });
  });

  describe('author', () => {
    it.each([
      ['missing', undefined],
      ['null', null],
      ['empty', ''],
      ['only spaces', '   '],
    ])('is required when requireNameEmail is on (%s)', (_why, author) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ author }))).toEqual({ author: 'Please enter your name.' });
    });

    it.each([undefined, null, ''])('is optional when requireNameEmail is off (%s)', (author) => {
      // Act & Assess
      expect(lenient.safeParse(aSubmission({ author })).success).toBe(true);
    });

    it('must be text', () => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ author: 42 }))).toEqual({ author: 'Your name must be text.' });
    });

    it('accepts 245 code points and rejects 246, counting characters outside the BMP once', () => {
      // Act & Assess
      expect(MAX_LENGTHS.author).toBe(245);
      expect(errorsOf(strict, aSubmission({ author: astral(245) }))).toEqual({});
      expect(errorsOf(strict, aSubmission({ author: astral(246) }))).toEqual({ author: 'Your name is too long.' });
    });

    it('counts the length after trimming', () => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ author: `  ${'a'.repeat(245)}  ` }))).toEqual({});
    });

    it('keeps no HTML', () => {
      // Act
      const parsed = strict.parse(aSubmission({ author: '<b>Bold</b> <script>alert(1)</script>Name' }));

      // Assess
      expect(parsed.author).toBe('Bold Name');
    });

    it('drops angle brackets that entities would otherwise turn back into markup', () => {
      // Act
      const parsed = strict.parse(aSubmission({ author: '&lt;img src=x onerror=alert(1)&gt;' }));

      // Assess
      expect(parsed.author).not.toMatch(/[<>]/);
    });
  });

  describe('email', () => {
    it.each([
      ['missing', undefined],
      ['empty', ''],
      ['only spaces', '  '],
    ])('is required when requireNameEmail is on (%s)', (_why, email) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ email }))).toEqual({ email: 'Please enter your email address.' });
    });

    it.each([undefined, null, ''])('is optional when requireNameEmail is off (%s)', (email) => {
      // Act & Assess
      expect(lenient.safeParse(aSubmission({ email })).success).toBe(true);
    });

    it('is still checked when given and requireNameEmail is off', () => {
      // Act & Assess
      expect(errorsOf(lenient, aSubmission({ email: 'not-an-address' }))).toEqual({ email: 'Please enter a valid email address.' });
    });

    it.each(['a@b.cd', 'user+tag@example.co.uk', "o'reilly@example.ie", '  padded@example.com  '])('accepts %s', (email) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ email }))).toEqual({});
    });

    it.each(['a@b.c', 'user@localhost', 'user@@example.com', 'us er@example.com', 'user@example..com', 'user@-example.com', 'user@exämple.com', '"q"@example.com'])(
      'rejects %s as WordPress is_email() does',
      (email) => {
        // Act & Assess
        expect(errorsOf(strict, aSubmission({ email }))).toEqual({ email: 'Please enter a valid email address.' });
      },
    );

    it('accepts 100 characters and rejects 101', () => {
      // Prepare
      const at100 = `${'a'.repeat(100 - '@example.com'.length)}@example.com`;

      // Act & Assess
      expect(MAX_LENGTHS.email).toBe(100);
      expect(at100).toHaveLength(100);
      expect(errorsOf(strict, aSubmission({ email: at100 }))).toEqual({});
      expect(errorsOf(strict, aSubmission({ email: `a${at100}` }))).toEqual({ email: 'Your email address is too long.' });
    });

    it('must be text', () => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ email: ['a@b.cd'] }))).toEqual({ email: 'Your email address must be text.' });
    });
  });

  describe('url', () => {
    it.each([undefined, null, '', '   '])('is optional; %s means none', (url) => {
      // Act
      const parsed = strict.parse(aSubmission({ url }));

      // Assess
      expect(parsed.url ?? null).toBeNull();
    });

    it.each(['http://example.com', 'https://example.com/path?q=1#top', 'HTTPS://EXAMPLE.COM'])('accepts %s as it is', (url) => {
      // Act & Assess
      expect(strict.parse(aSubmission({ url })).url).toBe(url);
    });

    it.each([
      ['example.com', 'http://example.com'],
      ['www.example.com/page', 'http://www.example.com/page'],
      ['blog.example.co.uk/?p=1', 'http://blog.example.co.uk/?p=1'],
    ])('puts http:// in front of a bare host %s', (url, expected) => {
      // Act & Assess
      expect(strict.parse(aSubmission({ url })).url).toBe(expected);
    });

    it.each([
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html;base64,PHNjcmlwdD4=',
      'ftp://example.com/file',
      'mailto:a@b.cd',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      '//example.com',
      'not a url',
      'localhost',
      'https://exa mple.com',
      'https://example.com/a b',
      'https://example.com/\tpath',
      'https://example.com/"onmouseover=',
      'https://user:pass@example.com',
      'http://',
    ])('rejects %s', (url) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ url }))).toEqual({ url: 'Please enter a website address starting with http:// or https://.' });
    });

    it('accepts 200 characters and rejects 201', () => {
      // Prepare
      const at200 = `https://example.com/${'a'.repeat(200 - 'https://example.com/'.length)}`;

      // Act & Assess
      expect(MAX_LENGTHS.url).toBe(200);
      expect(errorsOf(strict, aSubmission({ url: at200 }))).toEqual({});
      expect(errorsOf(strict, aSubmission({ url: `${at200}a` }))).toEqual({ url: 'Your website address is too long.' });
    });

    it('must be text', () => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ url: 1 }))).toEqual({ url: 'Your website must be text.' });
    });
  });

  describe('content', () => {
    it.each([
      ['missing', undefined],
      ['null', null],
      ['empty', ''],
      ['only whitespace', ' \n\t '],
    ])('is required (%s)', (_why, content) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ content }))).toEqual({ content: 'Please type your comment text.' });
    });

    it.each(['<script>alert(1)</script>', '<style>p{}</style>', '<img src=x>', '<p></p>'])('is an error when nothing is left after sanitising %s', (content) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ content }))).toEqual({ content: 'Please type your comment text.' });
    });

    it('accepts 65525 code points and rejects 65526, counting characters outside the BMP once', () => {
      // Act & Assess
      expect(MAX_LENGTHS.content).toBe(65525);
      expect(errorsOf(strict, aSubmission({ content: astral(65525) }))).toEqual({});
      expect(errorsOf(strict, aSubmission({ content: astral(65526) }))).toEqual({ content: 'Your comment is too long.' });
    });

    it('is stored as sanitised HTML', () => {
      // Act
      const parsed = strict.parse(aSubmission({ content: 'Hi <b onclick="x()">there</b><script>bad()</script>' }));

      // Assess
      expect(parsed.content).toBe('<p>Hi <b>there</b></p>');
    });

    it('must be text', () => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ content: { html: 'x' } }))).toEqual({ content: 'Your comment must be text.' });
    });
  });

  describe('parentId', () => {
    it.each([undefined, null, '01JDX6Z8Q5V3W1N2M4K7P9R0ST'])('accepts %s', (parentId) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ parentId }))).toEqual({});
    });

    it.each([42, true, {}, ['01JDX6Z8Q5V3W1N2M4K7P9R0ST'], 'x'.repeat(65)])('rejects %s', (parentId) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ parentId }))).toEqual({ parentId: expect.any(String) });
    });
  });

  describe('consent', () => {
    it.each(['yes', 1, null])('must be a boolean (%s)', (consent) => {
      // Act & Assess
      expect(errorsOf(strict, aSubmission({ consent }))).toEqual({ consent: 'Consent must be true or false.' });
    });
  });

  describe('every invalid field at once', () => {
    it('reports each invalid field, not just the first', () => {
      // Prepare
      const input = { author: '', email: 'nope', url: 'javascript:alert(1)', content: '   ', parentId: 7, consent: 'yes' };

      // Act
      const errors = errorsOf(strict, input);

      // Assess
      expect(errors).toEqual({
        author: 'Please enter your name.',
        email: 'Please enter a valid email address.',
        url: 'Please enter a website address starting with http:// or https://.',
        content: 'Please type your comment text.',
        parentId: expect.any(String),
        consent: 'Consent must be true or false.',
      });
    });

    it('reports every field that is too long', () => {
      // Prepare
      const input = {
        author: 'a'.repeat(246),
        email: `${'a'.repeat(95)}@example.com`,
        url: `https://example.com/${'a'.repeat(190)}`,
        content: 'a'.repeat(65526),
      };

      // Act & Assess
      expect(Object.keys(errorsOf(strict, input)).sort()).toEqual(['author', 'content', 'email', 'url']);
    });

    it('reports missing fields of an empty body', () => {
      // Act & Assess
      expect(Object.keys(errorsOf(strict, {})).sort()).toEqual(['author', 'content', 'email']);
    });
  });
});

describe('Function: formToSubmission', () => {
  it("maps the WordPress comment form's field names", () => {
    // Prepare
    const form = {
      author: 'Hanako',
      email: 'hanako@example.com',
      url: 'https://hanako.example',
      comment: 'Hello',
      comment_parent: '01JDX6Z8Q5V3W1N2M4K7P9R0ST',
      comment_post_ID: '123',
      'wp-comment-cookies-consent': 'yes',
      redirect_to: 'https://blog.example/post',
    };

    // Act
    const submission = formToSubmission(form);

    // Assess
    expect(submission).toEqual({
      author: 'Hanako',
      email: 'hanako@example.com',
      url: 'https://hanako.example',
      content: 'Hello',
      parentId: '01JDX6Z8Q5V3W1N2M4K7P9R0ST',
      consent: true,
    });
  });

  it.each([
    ['"0"', '0'],
    ['empty', ''],
    ['absent', undefined],
  ])('reads comment_parent %s as no parent', (_why, comment_parent) => {
    // Act & Assess
    expect(formToSubmission({ comment: 'x', comment_parent }).parentId).toBeNull();
  });

  it.each([undefined, '', 'no', 'on', 'YES '])('gives no consent unless the checkbox says "yes" (%s)', (consent) => {
    // Act & Assess
    expect(formToSubmission({ comment: 'x', 'wp-comment-cookies-consent': consent }).consent).toBe(false);
  });

  it('reads a missing comment as empty content, which validation then refuses', () => {
    // Act
    const submission = formToSubmission({ author: 'Hanako', email: 'hanako@example.com' });

    // Assess
    expect(submission.content).toBe('');
    expect(errorsOf(strict, submission)).toEqual({ content: 'Please type your comment text.' });
  });

  it('produces a submission the JSON schema accepts', () => {
    // Act
    const parsed = strict.safeParse(formToSubmission({ author: 'Hanako', email: 'hanako@example.com', url: '', comment: 'Hello', comment_parent: '0' }));

    // Assess
    expect(parsed.success).toBe(true);
  });
});
