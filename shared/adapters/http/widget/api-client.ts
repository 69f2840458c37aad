import type { PendingPass } from './pending-passes.ts';

/** The widget's calls to the comment API (JSON, CORS) and what it keeps in `localStorage`. */

export interface WidgetComment {
  id: string;
  parentId: string | null;
  author: string;
  url: string | null;
  content: string;
  createdAt: string;
  avatar?: string | null;
  awaitingModeration?: true;
}

export interface CommentPage {
  count: number;
  comments: WidgetComment[];
  nextCursor: string | null;
  /** The server's clock when it answered (the `Date` header), for the fill-time bot trap. */
  serverTime: number | null;
}

export type SubmitResult =
  | { kind: 'accepted'; comment: WidgetComment & { status: string }; moderationHash: string }
  | { kind: 'invalid'; message: string; fields: Record<string, string> }
  | { kind: 'wait'; message: string; seconds: number }
  | { kind: 'refused'; message: string };

export async function fetchPage(api: string, postId: string, options: { cursor?: string | null; limit: number; pending?: PendingPass | null }): Promise<CommentPage> {
  const query = new URLSearchParams({ limit: String(options.limit) });
  if (options.cursor) query.set('cursor', options.cursor);
  if (options.pending) {
    query.set('unapproved', options.pending.id);
    query.set('moderation-hash', options.pending.hash);
  }
  const response = await fetch(`${api}/posts/${encodeURIComponent(postId)}/comments?${query}`, { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const body = (await response.json()) as Omit<CommentPage, 'serverTime'>;
  const date = Date.parse(response.headers.get('date') ?? '');
  return { ...body, serverTime: Number.isNaN(date) ? null : date };
}

export async function submitComment(api: string, postId: string, body: Record<string, unknown>, idempotencyKey: string): Promise<SubmitResult> {
  const response = await fetch(`${api}/posts/${encodeURIComponent(postId)}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    comment?: WidgetComment & { status: string };
    moderationHash?: string;
    error?: { code?: string; message?: string; fields?: Record<string, string> };
  };
  if (response.status === 202 && answer.comment && answer.moderationHash) return { kind: 'accepted', comment: answer.comment, moderationHash: answer.moderationHash };
  const message = answer.error?.message ?? `HTTP ${response.status}`;
  if (response.status === 400 && answer.error?.fields) return { kind: 'invalid', message, fields: answer.error.fields };
  if (response.status === 429) return { kind: 'wait', message, seconds: Math.max(1, Number(response.headers.get('retry-after')) || 15) };
  return { kind: 'refused', message };
}

/** Storage that never throws (private mode, disabled storage, full quota). */
export const store = {
  get<T>(key: string): T | null {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null') as T | null;
    } catch {
      return null;
    }
  },
  set(key: string, value: unknown): void {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // not kept: the visitor simply types again next time
    }
  },
  remove(key: string): void {
    try {
      localStorage.removeItem(key);
    } catch {
      // nothing to remove
    }
  },
};

export const AUTHOR_KEY = 'leave-a-reply:author';
export const pendingKey = (api: string, postId: string) => `leave-a-reply:pending:${api}:${postId}`;

export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
