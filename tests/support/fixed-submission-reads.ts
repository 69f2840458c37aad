import { emptyPost } from '../../shared/domain/post.ts';
import type { Settings } from '../../shared/domain/settings.ts';
import type { SubmissionStore } from '../../shared/domain/storage-ports.ts';

/**
 * The submission store with settings and an empty post that are not read per request, so that
 * runs of thousands of submissions spend their time where the input goes (parsing, validation,
 * sanitising, storing). A reply or an Idempotency-Key retry still reads for real. The queue
 * messages then name settings version 0 and no approved author record.
 */
export function withFixedReads(submissions: SubmissionStore, settings: Settings): SubmissionStore {
  return Object.create(submissions, {
    read: {
      value: (postId: string, wanted: Parameters<SubmissionStore['read']>[1]) =>
        wanted.parentId || wanted.idempotencyScope ? submissions.read(postId, wanted) : { settings, settingsVersion: 0, authorPreviouslyApproved: false, post: emptyPost(postId), earlier: null, parent: null },
    },
  }) as SubmissionStore;
}
