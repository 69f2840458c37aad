import { randomUUID } from 'node:crypto';
import { monotonicFactory } from 'ulid';
import type { Comment } from '../../shared/domain/comment.ts';
import type { HistoryEvent } from '../../shared/domain/history.ts';
import type { Clock, CommentImportStore, PageRequest } from '../../shared/domain/ports.ts';
import type { StoragePorts } from '../../shared/domain/storage-ports.ts';
import type { AdjustableClock } from '../support/adjustable-clock.ts';
import { aStoredComment } from '../support/comment-mother.ts';

/** Storage for one contract run: the stores read the clock for every time-based rule. */
export interface ContractStores {
  stores: ContractPorts;
  clock: AdjustableClock;
}

/** The use cases' storage ports and the import store: every port an adapter set provides. */
export type ContractPorts = StoragePorts & { imports: CommentImportStore };

/** Builds fresh stores over `clock` (DynamoDB: a new table on DynamoDB Local; memory: a new table in memory). */
export type MakeStores = (clock: AdjustableClock) => Promise<ContractPorts>;

const nextId = monotonicFactory();

/** A new pending comment at the clock's time, unique in every key (its own post unless given). */
export function aNewComment(clock: Clock, overrides: Partial<Comment> = {}): Comment {
  const at = clock.now().toISOString();
  const unique = randomUUID().slice(0, 8);
  return aStoredComment({
    id: nextId(clock.now().getTime()),
    postId: `post-${unique}`,
    email: `reader-${unique}@example.com`,
    emailKey: `email-${unique}`,
    duplicateKey: `dup-${unique}`,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  });
}

export function anEvent(clock: Clock, action: HistoryEvent['action'], from: HistoryEvent['from'], to: HistoryEvent['to']): HistoryEvent {
  return { at: clock.now().toISOString(), actor: 'moderator:contract', action, from, to };
}

/** Every item of a paged list, following its cursors (a page never holds more than asked). */
export async function allPages<T>(list: (page: PageRequest) => Promise<{ items: T[]; nextCursor: string | null }>, limit: number): Promise<T[][]> {
  const pages: T[][] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit, cursor });
    if (page.items.length > limit) throw new Error(`a page of ${page.items.length} items for a limit of ${limit}`);
    pages.push(page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return pages;
}

/** Stores the comment as a submission would (no guards but its duplicate key). */
export async function stored(stores: StoragePorts, comment: Comment): Promise<Comment> {
  await stores.submissions.create(comment, { floodKeys: [], floodSeconds: 0 });
  return (await stores.comments.get(comment.id))!;
}

/** A forged cursor and one of another list: both must be refused as the client's bad input. */
export const forgedCursor = Buffer.from(JSON.stringify({ pk: 'SETTINGS', sk: 'SETTINGS' }), 'utf8').toString('base64url');
