import { describe, expect, it } from 'vitest';
import type { Comment } from '../../../../shared/domain/comment.ts';
import { decide } from '../../../../shared/domain/moderation-rules.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/domain/settings.ts';
import { aStoredComment } from '../../../support/comment-mother.ts';

const aComment = aStoredComment;

/** Settings where nothing holds a comment unless a test turns it on. */
function settings(overrides: Partial<Settings> = {}): Settings {
  return { ...DEFAULT_SETTINGS, previouslyApproved: false, ...overrides };
}

const known = { authorPreviouslyApproved: true };
const unknown = { authorPreviouslyApproved: false };

describe('Function: decide', () => {
  describe('no rule triggered', () => {
    it('approves when previouslyApproved is off', () => {
      // Act
      const decision = decide(aComment(), settings(), unknown);

      // Assess
      expect(decision.verdict).toBe('approve');
      expect(decision.reasons.length).toBeGreaterThan(0);
    });
  });

  describe('rule 1: manualModeration', () => {
    it('holds every comment', () => {
      // Act
      const decision = decide(aComment(), settings({ manualModeration: true }), unknown);

      // Assess
      expect(decision).toEqual({ verdict: 'hold', reasons: [expect.stringMatching(/manual/i)] });
    });

    it('beats a previously approved author', () => {
      // Act
      const decision = decide(aComment(), settings({ manualModeration: true, previouslyApproved: true }), known);

      // Assess
      expect(decision.verdict).toBe('hold');
    });
  });

  describe('rule 2: maxLinks', () => {
    it('holds a comment with as many links as the limit', () => {
      // Prepare
      const comment = aComment({ content: '<p><a href="https://a.example" rel="nofollow ugc">a</a> <a href="https://b.example" rel="nofollow ugc">b</a></p>' });

      // Act
      const decision = decide(comment, settings({ maxLinks: 2 }), unknown);

      // Assess
      expect(decision).toEqual({ verdict: 'hold', reasons: [expect.stringContaining('2 links')] });
    });

    it('counts bare URLs', () => {
      // Prepare
      const comment = aComment({ content: '<p>see http://a.example and www.b.example</p>' });

      // Act & Assess
      expect(decide(comment, settings({ maxLinks: 2 }), unknown).verdict).toBe('hold');
    });

    it('lets a comment with fewer links than the limit through', () => {
      // Prepare
      const comment = aComment({ content: '<p>see http://a.example</p>' });

      // Act & Assess
      expect(decide(comment, settings({ maxLinks: 2 }), unknown).verdict).toBe('approve');
    });

    it('holds a single link when the limit is 1', () => {
      // Prepare
      const comment = aComment({ content: '<p>see http://a.example</p>' });

      // Act & Assess
      expect(decide(comment, settings({ maxLinks: 1 }), unknown).verdict).toBe('hold');
    });

    it('is off when maxLinks is 0', () => {
      // Prepare
      const comment = aComment({ content: `<p>${Array.from({ length: 10 }, (_, i) => `http://l${i}.example`).join(' ')}</p>` });

      // Act & Assess
      expect(decide(comment, settings({ maxLinks: 0 }), unknown).verdict).toBe('approve');
    });

    it('beats a previously approved author', () => {
      // Prepare
      const comment = aComment({ content: '<p>http://a.example http://b.example</p>' });

      // Act & Assess
      expect(decide(comment, settings({ maxLinks: 2, previouslyApproved: true }), known).verdict).toBe('hold');
    });
  });

  describe('rule 3: moderationKeys', () => {
    it.each<[keyof Comment, Partial<Comment>]>([
      ['author', { author: 'Cheap Pills Shop' }],
      ['email', { email: 'pills@example.com' }],
      ['url', { url: 'https://pills.example' }],
      ['content', { content: '<p>buy pills here</p>' }],
      ['ip', { ip: '198.51.100.77' }],
      ['userAgent', { userAgent: 'PillsBot/1.0' }],
    ])('holds when a key is found in %s', (_field, fields) => {
      // Prepare
      const keys = ['pills', '198.51.100.77'];

      // Act
      const decision = decide(aComment(fields), settings({ moderationKeys: keys }), unknown);

      // Assess
      expect(decision).toEqual({ verdict: 'hold', reasons: [expect.stringMatching(/moderation key/i)] });
    });

    it('matches case-insensitively', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>Buy PiLLs</p>' }), settings({ moderationKeys: ['pIlLs'] }), unknown).verdict).toBe('hold');
    });

    it('matches a substring, with no word boundary', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>a classic</p>' }), settings({ moderationKeys: ['ass'] }), unknown).verdict).toBe('hold');
    });

    it('trims each line', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>buy pills</p>' }), settings({ moderationKeys: ['  pills  '] }), unknown).verdict).toBe('hold');
    });

    it('ignores blank lines', () => {
      // Act & Assess
      expect(decide(aComment(), settings({ moderationKeys: ['', '   '] }), unknown).verdict).toBe('approve');
    });

    it('lets a comment without any key through', () => {
      // Act & Assess
      expect(decide(aComment(), settings({ moderationKeys: ['pills', 'casino'] }), unknown).verdict).toBe('approve');
    });

    it('beats a previously approved author', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>casino</p>' }), settings({ moderationKeys: ['casino'], previouslyApproved: true }), known).verdict).toBe('hold');
    });
  });

  describe('rule 4: previouslyApproved', () => {
    it('approves an author with a previously approved comment', () => {
      // Act
      const decision = decide(aComment(), settings({ previouslyApproved: true }), known);

      // Assess
      expect(decision).toEqual({ verdict: 'approve', reasons: [expect.stringMatching(/previously approved/)] });
    });

    it('holds an author without one', () => {
      // Act
      const decision = decide(aComment(), settings({ previouslyApproved: true }), unknown);

      // Assess
      expect(decision).toEqual({ verdict: 'hold', reasons: [expect.stringMatching(/no previously approved/)] });
    });

    it('is ignored when off', () => {
      // Act & Assess
      expect(decide(aComment(), settings({ previouslyApproved: false }), unknown).verdict).toBe('approve');
    });
  });

  describe('rule 6: disallowedKeys', () => {
    it.each<[keyof Comment, Partial<Comment>]>([
      ['author', { author: 'Casino King' }],
      ['email', { email: 'casino@example.com' }],
      ['url', { url: 'https://casino.example' }],
      ['content', { content: '<p>play casino</p>' }],
      ['ip', { ip: '203.0.113.66' }],
      ['userAgent', { userAgent: 'CasinoCrawler/2.0' }],
    ])('marks as spam when a key is found in %s', (_field, fields) => {
      // Act
      const decision = decide(aComment(fields), settings({ disallowedKeys: ['casino', '203.0.113.66'] }), unknown);

      // Assess
      expect(decision).toEqual({ verdict: 'spam', reasons: [expect.stringMatching(/disallowed key/i)] });
    });

    it('finds a key in the content with its tags stripped', () => {
      // Prepare: "buy now" appears only once the markup between the words is gone.
      const comment = aComment({ content: '<p>buy <b>now</b></p>' });

      // Act & Assess
      expect(decide(comment, settings({ disallowedKeys: ['buy now'] }), unknown).verdict).toBe('spam');
    });

    it('finds a key hidden behind an entity', () => {
      // Prepare
      const comment = aComment({ content: '<p>R&amp;D offers</p>' });

      // Act & Assess
      expect(decide(comment, settings({ disallowedKeys: ['r&d'] }), unknown).verdict).toBe('spam');
    });

    it('matches case-insensitively and trims each line', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>CaSiNo</p>' }), settings({ disallowedKeys: ['  casino '] }), unknown).verdict).toBe('spam');
    });

    it('beats a previously approved author', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>casino</p>' }), settings({ disallowedKeys: ['casino'], previouslyApproved: true }), known).verdict).toBe('spam');
    });

    it('beats manual moderation', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>casino</p>' }), settings({ disallowedKeys: ['casino'], manualModeration: true }), unknown).verdict).toBe('spam');
    });

    it('beats the link limit', () => {
      // Prepare
      const comment = aComment({ content: '<p>casino http://a.example http://b.example http://c.example</p>' });

      // Act & Assess
      expect(decide(comment, settings({ disallowedKeys: ['casino'], maxLinks: 1 }), unknown).verdict).toBe('spam');
    });

    it('beats a moderation key', () => {
      // Act & Assess
      expect(decide(aComment({ content: '<p>casino</p>' }), settings({ disallowedKeys: ['casino'], moderationKeys: ['casino'] }), unknown).verdict).toBe('spam');
    });

    it('beats everything at once', () => {
      // Prepare
      const all = settings({ disallowedKeys: ['casino'], moderationKeys: ['casino'], manualModeration: true, maxLinks: 1, previouslyApproved: true });

      // Act & Assess
      expect(decide(aComment({ content: '<p>casino http://a.example</p>' }), all, known).verdict).toBe('spam');
    });

    it('ignores blank lines', () => {
      // Act & Assess
      expect(decide(aComment(), settings({ disallowedKeys: ['', '  '] }), unknown).verdict).toBe('approve');
    });
  });

  describe('missing request data', () => {
    it('decides a comment whose IP, user agent and url are gone', () => {
      // Prepare
      const comment = aComment({ ip: null, userAgent: null, url: null });

      // Act & Assess
      expect(decide(comment, settings({ moderationKeys: ['192.0.2.10'] }), unknown).verdict).toBe('approve');
    });
  });

  describe('reasons', () => {
    it.each<[string, Partial<Comment>, string]>([
      ['the email', { email: 'watched.person@example.com' }, 'the email'],
      ['the name', { author: 'Watched Person' }, 'the name'],
      ['the website', { url: 'https://watched.example' }, 'the website'],
      ['the content', { content: '<p>watched words</p>' }, 'the content'],
      ['the IP address', { ip: '198.51.100.99' }, 'the IP address'],
      ['the user agent', { userAgent: 'WatchedBot/1.0' }, 'the user agent'],
    ])('name the rule, the line and where it matched in %s, never the key itself', (_where, fields, where) => {
      // Prepare: the key that matches is line 3; personal data as a key is what moderators often list.
      const keys = ['casino', 'pills', 'watched.person@example.com', 'watched', '198.51.100.99'];
      const key = ['watched.person@example.com', 'watched', '198.51.100.99'];

      // Act
      const held = decide(aComment(fields), settings({ moderationKeys: keys }), unknown);
      const spam = decide(aComment(fields), settings({ disallowedKeys: keys }), unknown);

      // Assess
      const line = fields.email ? 3 : fields.ip ? 5 : 4;
      expect(held.reasons).toEqual([`Moderation key ${line} matched in ${where}.`]);
      expect(spam.reasons).toEqual([`Disallowed key ${line} matched in ${where}.`]);
      for (const reason of [...held.reasons, ...spam.reasons]) for (const k of key) expect(reason.toLowerCase()).not.toContain(k);
    });
  });
});
