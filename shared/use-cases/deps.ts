import type { ModerationLinkSigner } from '../domain/moderation-link.ts';
import type { Clock, CommentImportStore, IdGenerator, LookupHasher, ModerationQueue, ModeratorNotifier, Telemetry } from '../domain/ports.ts';
import type { AuthorIndex, CommentHistory, CommentStore, ModerationBacklog, PostStore, RequestCounter, SettingsStore, SubmissionStore } from '../domain/storage-ports.ts';

/** Everything the use cases need from the outside world, as ports. */
export interface CommentServiceDeps {
  comments: CommentStore;
  /** New comments: the reads a submission checks and the write that stores one with its guards. */
  submissions: SubmissionStore;
  posts: PostStore;
  settings: SettingsStore;
  authors: AuthorIndex;
  history: CommentHistory;
  /** What the moderation worker and the sweeper read and mark. */
  backlog: ModerationBacklog;
  /** Per-IP request counts of routes limited outside a submission (notification links). */
  requestCounter: RequestCounter;
  imports: CommentImportStore;
  queue: ModerationQueue;
  notifier: ModeratorNotifier;
  hasher: LookupHasher;
  clock: Clock;
  ids: IdGenerator;
  /** Signs and checks the one-click links in notifications. */
  links: ModerationLinkSigner;
  /** Log lines and counts for ops. */
  telemetry: Telemetry;
}

/** The moderator acting, from the verified token. */
export interface Actor {
  /** Token subject: recorded with every decision. */
  sub: string;
  name: string;
  email: string | null;
}
