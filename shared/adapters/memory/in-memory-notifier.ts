import type { HeldCommentNotice, ModeratorNotifier } from '../../domain/ports.ts';

/** Keeps the notices instead of sending them (tests read `notices`). */
export class InMemoryModeratorNotifier implements ModeratorNotifier {
  readonly notices: HeldCommentNotice[] = [];

  async commentHeld(notice: HeldCommentNotice): Promise<void> {
    this.notices.push(structuredClone(notice));
  }
}
