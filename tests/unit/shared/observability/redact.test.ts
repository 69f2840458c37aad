import { describe, expect, it } from 'vitest';
import { REDACTED, redactLogValue } from '../../../../shared/observability/redact.ts';

/** What a log line would contain: the redactor is used as a JSON replacer. */
const logged = (value: unknown) => JSON.parse(JSON.stringify(value, redactLogValue)) as unknown;

describe('Function: redactLogValue', () => {
  it.each(['email', 'authorEmail', 'ip', 'sourceIp', 'clientIp', 'x-forwarded-for', 'userAgent', 'user-agent', 'user_agent', 'authorization', 'cookie', 'body'])(
    'redacts the value of %s',
    (key) => {
      // Act & Assess
      expect(logged({ [key]: 'personal' })).toEqual({ [key]: REDACTED });
    },
  );

  it('matches personal keys case-insensitively', () => {
    // Act & Assess
    expect(logged({ Email: 'a', IP: 'b', 'User-Agent': 'c', Authorization: 'Bearer x' })).toEqual({ Email: REDACTED, IP: REDACTED, 'User-Agent': REDACTED, Authorization: REDACTED });
  });

  it('redacts personal keys at any depth, whatever their value', () => {
    // Prepare
    const entry = { request: { headers: { cookie: 'session=1' }, context: { sourceIp: '192.0.2.1' } }, comment: { email: { raw: 'a@b.cd' } } };

    // Act & Assess
    expect(logged(entry)).toEqual({ request: { headers: { cookie: REDACTED }, context: { sourceIp: REDACTED } }, comment: { email: REDACTED } });
  });

  it('leaves an absent personal value absent', () => {
    // Act & Assess
    expect(logged({ email: null, ip: null })).toEqual({ email: null, ip: null });
  });

  it('masks email-shaped strings under any key', () => {
    // Act
    const entry = logged({ message: 'Could not send to hanako@example.com, retrying', reasons: ['from taro+x@mail.example.co.jp'] });

    // Assess
    expect(entry).toEqual({ message: 'Could not send to [email], retrying', reasons: ['from [email]'] });
  });

  it('masks several addresses in one string', () => {
    // Act & Assess
    expect(logged({ note: '<a@b.cd>; "c@d.ef"' })).toEqual({ note: '<[email]>; "[email]"' });
  });

  it.each(['bad@@example.com', 'nobody@', '@@x.example', 'a@b@c.example'])('masks the malformed address %j too', (address) => {
    // Act & Assess
    expect(logged({ message: `refused ${address} here` })).toEqual({ message: 'refused [email] here' });
  });

  it('masks an email given as the whole value', () => {
    // Act & Assess
    expect(logged('hanako@example.com')).toBe('[email]');
  });

  it('leaves other values alone', () => {
    // Prepare
    const entry = { commentId: '01JDX6Z8Q5V3W1N2M4K7P9R0ST', outcome: 'held', reasons: 1, ok: true, postId: 'a-post', empty: null };

    // Act & Assess
    expect(logged(entry)).toEqual(entry);
  });

  it('leaves the top-level object itself alone (the empty key)', () => {
    // Act & Assess
    expect(redactLogValue('', { a: 1 })).toEqual({ a: 1 });
  });
});

describe('Function: redactLogValue on stack traces', () => {
  it.each([
    ['a scoped package frame', '    at Object.send (/var/task/node_modules/@aws-sdk/client-dynamodb/dist-cjs/index.js:118:26)'],
    ['a file URL frame', '    at async file:///work/app/node_modules/@hono/node-server/dist/index.mjs:42:7'],
    ['a bare scoped frame', '    at /opt/nodejs/node_modules/@aws-lambda-powertools/logger/lib/esm/Logger.js:9:3'],
    ['a Windows frame', '    at C:\\app\\node_modules\\@smithy\\smithy-client\\dist-cjs\\index.js:5:1'],
    ['a pnpm store path with versions', '    at /app/node_modules/.pnpm/@smithy+core@3.1.0/node_modules/@smithy/core/dist/index.js:7:9'],
  ])('keeps %s as it is', (_why, frame) => {
    // Act & Assess
    expect(logged({ stack: `Error: boom\n${frame}` })).toEqual({ stack: `Error: boom\n${frame}` });
  });

  it('still masks an address in a stack trace, the message or a path-like value', () => {
    // Prepare
    const stack = 'Error: Could not send to hanako@example.com\n    at /var/task/node_modules/@aws-sdk/client-sns/dist-cjs/index.js:1:2';

    // Act
    const entry = logged({ stack, note: 'see /users/taro@example.com/profile and mailto:x@y.example' }) as Record<string, string>;

    // Assess
    expect(entry.stack).toBe('Error: Could not send to [email]\n    at /var/task/node_modules/@aws-sdk/client-sns/dist-cjs/index.js:1:2');
    expect(entry.note).toBe('see [email] and mailto:[email]');
  });
});
