import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatReadable } from '../../../../shared/observability/readable-log.ts';
import { captureLogs } from '../../../support/log-capture.ts';

describe('Function: formatReadable', () => {
  it('prints a request as one line: time, level, method, path, status, code, ms', () => {
    // Act
    const line = formatReadable({
      level: 'INFO',
      message: 'request',
      timestamp: '2026-11-28T09:41:02.123Z',
      service: 'comments',
      method: 'POST',
      path: '/posts/p1/comments',
      status: 409,
      code: 'duplicate_comment',
      ms: 12,
    });

    // Assess
    expect(line).toBe('09:41:02 INFO  POST /posts/p1/comments 409 duplicate_comment 12 ms');
  });

  it('keeps other fields as key=value and puts stacks and texts on their own lines', () => {
    // Act
    const text = formatReadable({
      level: 'ERROR',
      message: 'Unexpected error',
      timestamp: '2026-11-28T09:41:02.123Z',
      commentId: 'C1',
      error: { name: 'Error', message: 'boom', stack: 'Error: boom\n    at f (a.ts:1:1)' },
      notification: 'line one\nline two',
    });

    // Assess
    expect(text.split('\n')).toEqual([
      '09:41:02 ERROR Unexpected error  commentId=C1',
      '  error:',
      '    Error: boom',
      '        at f (a.ts:1:1)',
      '  notification:',
      '    line one',
      '    line two',
    ]);
    expect(text).not.toContain('\\n');
  });
});

describe('Logger with LOG_FORMAT=text (the local stack)', () => {
  afterEach(() => {
    delete process.env.LOG_FORMAT;
    vi.resetModules();
  });

  it('writes readable lines, still redacted', async () => {
    // Prepare
    process.env.LOG_FORMAT = 'text';
    vi.resetModules();
    const { logger } = await import('../../../../shared/observability/logger.ts');
    const logs = captureLogs();

    // Act
    logger.info('request', { method: 'GET', path: '/posts/someone@example.com/comments', status: 404, code: 'not_found', ms: 3 });
    logger.warn('Probe', { email: 'someone@example.com', error: new Error('failed for someone@example.com') });
    logs.stop();

    // Assess
    const lines = logs.lines();
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d INFO {2}GET \[email\] 404 not_found 3 ms$/);
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d WARN {2}Probe {2}email=\[redacted\]$/);
    expect(lines.join('\n')).not.toContain('someone@example.com');
    expect(lines.some((line) => line.startsWith('{'))).toBe(false);
  });
});
