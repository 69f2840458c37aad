import type { ModerationLinkSigner } from '../domain/moderation-link.ts';
import type { Clock, IdGenerator, LookupHasher, ModerationQueue, ModeratorNotifier, Telemetry } from '../domain/ports.ts';
import type { StoragePorts } from '../domain/storage-ports.ts';

/** Everything the use cases need from the outside world, as ports (storage: one per concern). */
export interface CommentServiceDeps extends StoragePorts {
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
