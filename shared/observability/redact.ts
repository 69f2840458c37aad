/**
 * Personal data never reaches a log line: fields that hold it are replaced by
 * name, and anything shaped like an email address is masked wherever it appears.
 */
const PERSONAL_KEYS = new Set([
  'email',
  'authoremail',
  'ip',
  'sourceip',
  'clientip',
  'x-forwarded-for',
  'useragent',
  'user-agent',
  'user_agent',
  'authorization',
  'cookie',
  'body',
]);

// Malformed addresses too ("bad@@x.com", "a@"): anything around an @ is masked…
const EMAIL_LIKE = /[^\s"'<>(),;:]*@[^\s"'<>(),;:]*/g;
// …except in a file path, where an @ starts a scoped package (`node_modules/@aws-sdk/…`) or a
// version (`.pnpm/@smithy+core@3.1.0/…`): stack frames must stay readable.
const PATH_AT = /(?<=[\\/])@|@(?=\d+\.\d+)/g;

function isFilePath(token: string): boolean {
  return /[\\/]/.test(token) && !token.replace(PATH_AT, '').includes('@');
}

export const REDACTED = '[redacted]';

export function redactLogValue(key: string, value: unknown): unknown {
  if (key !== '' && PERSONAL_KEYS.has(key.toLowerCase())) return value == null ? value : REDACTED;
  if (typeof value === 'string') return value.replace(EMAIL_LIKE, (token) => (isFilePath(token) ? token : '[email]'));
  return value;
}
