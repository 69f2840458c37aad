/**
 * One log record as a person reads it in a terminal (the local stack), instead of a
 * JSON line: time, level, message, then its own fields as key=value. Multi-line values
 * (stacks, notification texts) follow on indented lines rather than as escaped "\n".
 * It formats what the redacting JSON replacer already produced: no personal data here either.
 */
const ENVELOPE = new Set(['timestamp', 'level', 'message', 'service', 'sampling_rate', 'xray_trace_id']);

export function formatReadable(record: Record<string, unknown>): string {
  const time = typeof record.timestamp === 'string' ? record.timestamp.slice(11, 19) : '';
  const level = String(record.level ?? 'INFO').padEnd(5);
  const head = record.message === 'request' ? requestLine(record) : `${String(record.message ?? '')}${fields(record)}`;
  const blocks = Object.entries(record)
    .filter(([key]) => !ENVELOPE.has(key))
    .flatMap(([key, value]) => multiLine(key, value));
  return [`${time} ${level} ${head}`, ...blocks].join('\n');
}

/** The access line: `POST /posts/x/comments 409 duplicate_comment 12 ms`. */
function requestLine(record: Record<string, unknown>): string {
  const code = record.code ? ` ${String(record.code)}` : '';
  return `${String(record.method)} ${String(record.path)} ${String(record.status)}${code} ${String(record.ms)} ms`;
}

const REQUEST_KEYS = new Set(['method', 'path', 'status', 'code', 'ms']);

function fields(record: Record<string, unknown>): string {
  const parts = Object.entries(record)
    .filter(([key, value]) => !ENVELOPE.has(key) && !REQUEST_KEYS.has(key) && multiLine(key, value).length === 0)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return parts.length ? `  ${parts.join(' ')}` : '';
}

/** Values that need lines of their own: errors with a stack, and texts with line breaks. */
function multiLine(key: string, value: unknown): string[] {
  const indent = (text: string) => text.split('\n').map((line) => `    ${line}`);
  if (typeof value === 'string' && value.includes('\n')) return [`  ${key}:`, ...indent(value)];
  if (value && typeof value === 'object' && typeof (value as { stack?: unknown }).stack === 'string') {
    return [`  ${key}:`, ...indent((value as { stack: string }).stack)];
  }
  return [];
}
