/**
 * The visitor's passes (`unapproved` id + `moderationHash`) to their own pending comments on one
 * post, as kept in `localStorage`: every one still waiting, newest last, a bounded few.
 */

export interface PendingPass {
  id: string;
  hash: string;
  savedAt: number;
}

/** The server shows a pending comment for at most 7 days: the pass is dropped after that. */
export const PASS_LIFETIME_MS = 7 * 86_400_000;
/** Each pass beyond the first costs one more list request, so only the latest few are kept. */
export const MAX_PASSES = 10;

function isPass(value: unknown): value is PendingPass {
  const pass = value as PendingPass | null;
  return typeof pass?.id === 'string' && typeof pass.hash === 'string' && typeof pass.savedAt === 'number';
}

/** What was stored (a list, the single pass of earlier versions, or junk) → the passes still alive. */
export function livePasses(stored: unknown, now: number): PendingPass[] {
  const list = Array.isArray(stored) ? stored : [stored];
  return list.filter(isPass).filter((pass) => now - pass.savedAt < PASS_LIFETIME_MS).slice(-MAX_PASSES);
}

export function withPass(passes: PendingPass[], pass: PendingPass): PendingPass[] {
  return [...passes.filter((p) => p.id !== pass.id), pass].slice(-MAX_PASSES);
}

/**
 * The passes still worth sending after a page answer. A pending comment is listed in its place
 * (ids sort by time) when that place is on the page; a pass whose place is covered — the page is
 * the last one, or ends after it — and whose comment is not shown as pending (approved, spam,
 * trashed or expired) has done its job.
 */
export function passesAfterPage(
  passes: PendingPass[],
  page: { comments: Array<{ id: string; awaitingModeration?: true }>; nextCursor: string | null },
  shownPending: ReadonlySet<string>,
): PendingPass[] {
  const lastApproved = page.comments.filter((c) => !c.awaitingModeration).at(-1)?.id;
  const covered = (id: string) => page.nextCursor === null || (lastApproved !== undefined && id < lastApproved);
  return passes.filter((pass) => shownPending.has(pass.id) || !covered(pass.id));
}
