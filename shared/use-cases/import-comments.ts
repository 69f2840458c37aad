import { encodeTime } from 'ulid';
import { type Comment, CommentId } from '../domain/comment.ts';
import { type ImportAnswer, type ImportRecord, type ImportRequest, parseImportRecord, type SkippedRecord } from '../domain/exchange-record.ts';
import { HISTORY_ACTORS, moderatorActor } from '../domain/history.ts';
import { newComment } from '../domain/new-comment.ts';
import type { ImportedComment } from '../domain/ports.ts';
import { duplicateKeyFor } from '../domain/submission-guards.ts';
import type { Actor, CommentServiceDeps, ExchangeDeps } from './deps.ts';
import { retryOnVersion, VERSION_CONFLICT } from './retry-on-version.ts';

type Deps = Pick<CommentServiceDeps, 'comments' | 'hasher' | 'clock' | 'telemetry'> & ExchangeDeps;

export const IMPORTED_REASON = 'Imported with this status.';

interface Target {
  id: string;
  postId: string;
  depth: number;
}

/**
 * `POST /moderation/import`: up to 500 records, each validated like a submission. A record
 * imported before (same externalId) is `unchanged`; the others are stored with the status
 * they had, never queued. Ids come from createdAt, so every list keeps the source's order.
 * A reply whose parent is not there yet waits for it and is linked when it arrives.
 * The route checks the request's shape; each record is checked here, on its own, because
 * a bad record is skipped with its reason rather than refusing the whole batch.
 */
export async function importComments(deps: Deps, request: ImportRequest, actor: Actor): Promise<ImportAnswer> {
  const skipped: SkippedRecord[] = [];
  const records = new Map<string, ImportRecord>();
  for (const input of request.comments) {
    const result = parseImportRecord(input);
    if (!result.ok) skipped.push({ externalId: result.externalId, reason: result.reason });
    else if (records.has(result.record.externalId)) skipped.push({ externalId: result.record.externalId, reason: 'externalId: appears more than once in this request.' });
    else records.set(result.record.externalId, result.record);
  }

  const importKey = memo((externalId: string) => deps.hasher.digest('import', externalId));
  const referenced = [...new Set([...records.keys(), ...[...records.values()].flatMap((r) => (r.parentExternalId ? [r.parentExternalId] : []))])];
  const keyOf = new Map(await Promise.all(referenced.map(async (externalId) => [externalId, await importKey(externalId)] as const)));
  const idOf = new Map(await Promise.all([...records.values()].map(async (r) => [r.externalId, await importedCommentId(deps, r)] as const)));
  const { refs, comments } = await deps.imports.lookup([...keyOf.values()], referenced.filter((id) => CommentId.safeParse(id).success));
  // Known already: imported under this external id, or (an export of this service) a comment with this id.
  const known = (externalId: string): Target | null => {
    const ref = refs.get(keyOf.get(externalId)!);
    if (ref?.commentId) return { id: ref.commentId, postId: ref.postId!, depth: ref.depth ?? 1 };
    const comment = comments.get(externalId);
    return comment ? { id: externalId, ...comment } : null;
  };

  let unchanged = 0;
  const fresh: ImportRecord[] = [];
  // Replies still filed under a parent imported earlier (an import interrupted before it linked them).
  const unlinked: Array<{ importKey: string; parent: Target; childIds: string[] }> = [];
  for (const record of records.values()) {
    const target = known(record.externalId);
    if (!target) {
      fresh.push(record);
      continue;
    }
    unchanged++;
    const importKey = keyOf.get(record.externalId)!;
    const waiting = refs.get(importKey)?.waiting ?? [];
    if (waiting.length > 0) unlinked.push({ importKey, parent: target, childIds: waiting });
  }

  const now = deps.clock.now().toISOString();
  const built = new Map<string, ImportedComment>();
  for (const record of parentsFirst(fresh, skipped)) {
    const parentExternalId = record.parentExternalId ?? null;
    const parentEntry = parentExternalId ? built.get(parentExternalId) : undefined;
    const parent: Target | null = parentEntry ? parentEntry.comment : parentExternalId ? known(parentExternalId) : null;
    if (parent && parent.postId !== record.postId) {
      skipped.push({ externalId: record.externalId, reason: 'parentExternalId: the comment it replies to is on another post.' });
      continue;
    }
    const comment = await toComment(deps, record, idOf.get(record.externalId)!, parent, now, actor);
    built.set(record.externalId, {
      comment,
      importKey: keyOf.get(record.externalId)!,
      event: { at: now, actor: HISTORY_ACTORS.import, action: 'import', from: null, to: comment.status, reasons: [`${IMPORTED_REASON} Source: ${record.externalId}; by ${moderatorActor(actor.sub)}.`] },
      ...(parentExternalId && !parent ? { waitsFor: keyOf.get(parentExternalId)! } : {}),
    });
  }

  const claimed = built.size > 0 ? await deps.imports.store([...built.values()], now) : new Set<string>();
  unchanged += built.size - claimed.size;
  const links = await waitingReplies(deps, [...built.values()].filter((entry) => claimed.has(entry.comment.id)));
  for (const link of [...unlinked, ...links]) await linkReplies(deps, link);
  deps.telemetry.info('Comments imported', { imported: claimed.size, unchanged, skipped: skipped.length });
  return { imported: claimed.size, unchanged, skipped };
}

/** Parents before their replies within one request; a reply cycle is refused (no record of it can come first). */
function parentsFirst(records: ImportRecord[], skipped: SkippedRecord[]): ImportRecord[] {
  const byId = new Map(records.map((r) => [r.externalId, r]));
  const state = new Map<string, 'visiting' | 'done' | 'cycle'>();
  const ordered: ImportRecord[] = [];
  const visit = (record: ImportRecord): boolean => {
    const seen = state.get(record.externalId);
    if (seen === 'done') return true;
    if (seen === 'visiting' || seen === 'cycle') return false;
    state.set(record.externalId, 'visiting');
    const parent = record.parentExternalId ? byId.get(record.parentExternalId) : undefined;
    if (record.parentExternalId === record.externalId || (parent && !visit(parent))) {
      state.set(record.externalId, 'cycle');
      skipped.push({ externalId: record.externalId, reason: 'parentExternalId: these replies form a cycle (a comment cannot be its own ancestor).' });
      return false;
    }
    state.set(record.externalId, 'done');
    ordered.push(record);
    return true;
  };
  for (const record of records) visit(record);
  return ordered;
}

async function toComment(deps: Deps, record: ImportRecord, id: string, parent: Target | null, now: string, actor: Actor): Promise<Comment & { externalId: string }> {
  const comment = await newComment(deps.hasher, {
    id,
    postId: record.postId,
    parentId: parent?.id ?? null,
    depth: parent ? parent.depth + 1 : 1,
    author: record.author,
    email: record.email,
    url: record.url,
    content: record.content,
    createdAt: record.createdAt,
    updatedAt: now,
    status: record.status,
    ip: record.ip,
    userAgent: record.userAgent,
    // Not for the worker: a pending import waits for a human, the others were decided at the source.
    moderation: {
      decidedBy: record.status === 'pending' ? null : 'moderator',
      reasons: [IMPORTED_REASON],
      decidedAt: record.status === 'pending' ? null : now,
      checkedAt: now,
      moderator: actor.sub,
    },
  });
  return { ...comment, externalId: record.externalId, ...(record.parentExternalId && !parent ? { awaitingParent: record.parentExternalId } : {}) };
}

/**
 * A ULID whose time is the comment's createdAt (lists sort by id, so the source's order
 * holds) and whose random part is a keyed hash of its externalId: the same record always
 * gets the same id, so an interrupted import that is sent again rewrites, never duplicates.
 */
async function importedCommentId(deps: Deps, record: ImportRecord): Promise<string> {
  const digest = Buffer.from(await deps.hasher.digest('import-id', record.externalId), 'base64url');
  const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let bits = 0n;
  for (const byte of digest.subarray(0, 10)) bits = (bits << 8n) | BigInt(byte);
  let random = '';
  for (let i = 0; i < 16; i++) random = CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)] + random;
  return encodeTime(Date.parse(record.createdAt), 10) + random;
}

/**
 * Replies stored before their parent are filed under the parent's external id. Once the
 * parent is stored, they get their parentId and depth (and the depth of their own replies
 * follows). The refs are read again after the claims: a reply filed by another import in
 * between is found too, and a reply whose parent was claimed meanwhile links directly.
 */
async function waitingReplies(deps: Deps, stored: ImportedComment[]): Promise<Array<{ importKey?: string; parent: Target; childIds: string[] }>> {
  if (stored.length === 0) return [];
  const waitingFor = stored.filter((entry) => entry.waitsFor);
  const { refs } = await deps.imports.lookup([...new Set([...stored.map((e) => e.importKey), ...waitingFor.map((e) => e.waitsFor!)])], []);
  const links: Array<{ importKey?: string; parent: Target; childIds: string[] }> = [];
  for (const { comment, importKey } of stored) {
    const childIds = refs.get(importKey)?.waiting ?? [];
    if (childIds.length > 0) links.push({ importKey, parent: comment, childIds });
  }
  for (const { comment, waitsFor } of waitingFor) {
    const ref = refs.get(waitsFor!);
    if (ref?.commentId) links.push({ parent: { id: ref.commentId, postId: ref.postId!, depth: ref.depth ?? 1 }, childIds: [comment.id] });
  }
  return links;
}

/** Links the replies, then takes them off the parent's waiting list (which a re-run would otherwise link again). */
async function linkReplies(deps: Deps, { importKey, parent, childIds }: { importKey?: string; parent: Target; childIds: string[] }): Promise<void> {
  for (const childId of childIds) await linkReply(deps, childId, parent);
  if (importKey) await deps.imports.settle(importKey, childIds);
}

async function linkReply(deps: Deps, childId: string, parent: Target): Promise<void> {
  await changeComment(deps, childId, async (child) => {
    if (child.awaitingParent === undefined || child.postId !== parent.postId) return null;
    const { awaitingParent: _linked, ...rest } = child;
    const linked = { ...rest, parentId: parent.id, depth: parent.depth + 1 };
    return { ...linked, duplicateKey: await duplicateKeyFor(deps.hasher, linked) };
  });
  await deepen(deps, childId);
}

/** After a reply moved under its parent, its own replies' depth follows. */
async function deepen(deps: Deps, parentId: string): Promise<void> {
  const parent = await deps.comments.get(parentId);
  if (!parent) return;
  for (const reply of await deps.comments.listReplies(parent.postId, parent.id)) {
    if (reply.depth === parent.depth + 1) continue;
    await changeComment(deps, reply.id, (current) => ({ ...current, depth: parent.depth + 1 }));
    await deepen(deps, reply.id);
  }
}

/** Read, change, write with the version check; null from `change` means nothing to do. */
async function changeComment(deps: Deps, id: string, change: (comment: Comment) => Promise<Comment | null> | Comment | null): Promise<void> {
  await retryOnVersion(async () => {
    const comment = await deps.comments.get(id);
    if (!comment) return;
    const next = await change(comment);
    return !next || (await deps.comments.save(comment, next)) ? undefined : VERSION_CONFLICT;
  });
}

function memo<T>(compute: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, compute(key));
    return cache.get(key)!;
  };
}
