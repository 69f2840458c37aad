import type { ModerationLinkSigner } from '../domain/moderation-link.ts';
import type { Clock, CommentImportStore, IdGenerator, LookupHasher, ModerationQueue, ModeratorNotifier, Telemetry } from '../domain/ports.ts';
import type { StoragePorts } from '../domain/storage-ports.ts';
import type { SettingsSnapshot } from './settings-snapshot.ts';

/**
 * Everything the use cases need from the outside world, as ports (storage: one per concern;
 * moving comments in and out has its own store, ExchangeDeps).
 */
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
  /** The settings the moderation worker decides with, kept between messages (one per process). */
  decisionSettings: SettingsSnapshot;
}

/** Import and export's own store: only the moderators' function has it. */
export interface ExchangeDeps {
  imports: CommentImportStore;
}

/** The moderator acting, from the verified token. */
export interface Actor {
  /** Token subject: recorded with every decision. */
  sub: string;
  name: string;
  email: string | null;
}
