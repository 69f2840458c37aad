/**
 * The worker decides with what the submission read (WordPress decides at submission, in
 * check_comment): the author's approved record as it was then, and the settings the
 * submission read or newer ones. Messages without those facts (the sweeper's, an older
 * deployment's) make the worker read them itself. Through the real path: submit over HTTP,
 * the queue message, the worker use case, the comment as moderators see it.
 */

import { describe, expect, it } from 'vitest';
import { ModerationMessage, submissionFactsOf } from '../../shared/adapters/sqs/sqs-moderation-queue.ts';
import type { CommentStore } from '../../shared/domain/storage-ports.ts';
import type { Settings } from '../../shared/domain/settings.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { SettingsSnapshot } from '../../shared/use-cases/settings-snapshot.ts';
import { createMemoryStack } from '../support/memory-stack.ts';
import { aSubmission, moderationTestSuite, uniquePostId } from '../support/test-stack.ts';

const suite = moderationTestSuite({ sub: 'mod-ana', makeStack: createMemoryStack });

async function settings(update: Partial<Settings>): Promise<void> {
  const res = await suite.stack.request('/moderation/settings', { method: 'PUT', json: update, headers: suite.auth });
  expect(res.status, await res.clone().text()).toBe(200);
}

/** Submits and answers the comment's queue message as the worker receives it. */
async function submitted(body: Record<string, unknown> = aSubmission()): Promise<ModerationMessage> {
  const res = await suite.stack.request(`/posts/${uniquePostId()}/comments`, { json: body });
  expect(res.status, await res.clone().text()).toBe(202);
  const bodies = await suite.stack.receiveRaw();
  expect(bodies).toHaveLength(1);
  return ModerationMessage.parse(JSON.parse(bodies[0]!));
}

const decide = (message: ModerationMessage, deps = suite.stack.deps) => moderateComment(deps, message.commentId, submissionFactsOf(message));

async function statusAndReasons(id: string): Promise<{ status: string; reasons: string[] }> {
  const res = await suite.stack.request(`/moderation/comments/${id}`, { headers: suite.auth });
  const { comment } = (await res.json()) as { comment: { status: string; moderation: { reasons: string[] } } };
  return { status: comment.status, reasons: comment.moderation.reasons };
}

async function approve(id: string): Promise<void> {
  expect((await suite.stack.request(`/moderation/comments/${id}/approve`, { method: 'POST', headers: suite.auth })).status).toBe(200);
}

describe('The author’s record: as the submission read it', () => {
  it('queues whether the author had an approved comment — a yes/no, nothing personal', async () => {
    const author = aSubmission();
    const first = await submitted(author);
    await decide(first);
    await approve(first.commentId);

    const next = await submitted({ ...author, content: 'Back again.' });

    expect(first).toEqual({ commentId: first.commentId, settingsVersion: expect.any(Number), authorPreviouslyApproved: false });
    expect(next).toEqual({ commentId: next.commentId, settingsVersion: first.settingsVersion, authorPreviouslyApproved: true });
    expect(await decide(next)).toBe('approved');
  });

  /** An author's second comment, submitted before a moderator approved their first. */
  async function secondCommentBeforeTheFirstWasApproved(): Promise<ModerationMessage> {
    const author = aSubmission();
    const first = await submitted(author);
    await decide(first);
    const second = await submitted({ ...author, content: 'A second thought.' });
    await approve(first.commentId);
    return second;
  }

  it('holds a comment whose author was approved only after it was submitted (WordPress decided at submission)', async () => {
    const second = await secondCommentBeforeTheFirstWasApproved();

    const outcome = await decide(second);

    expect(outcome).toBe('held');
    expect(await statusAndReasons(second.commentId)).toEqual({ status: 'pending', reasons: ['The author has no previously approved comment.'] });
  });

  it('reads the author’s record at decision time for a message without the facts (the sweeper’s, an older deployment’s)', async () => {
    const second = await secondCommentBeforeTheFirstWasApproved();

    const outcome = await moderateComment(suite.stack.deps, second.commentId);

    expect(outcome).toBe('approved');
  });
});

describe('Settings changed after a submission, before the worker decides', () => {
  it('a worker that already holds the settings the submission read decides with them; a later submission gets the new ones', async () => {
    await settings({ previouslyApproved: false });
    await decide(await submitted()); // the worker now holds these settings
    const before = await submitted();

    await settings({ manualModeration: true });
    const after = await submitted();

    expect(after.settingsVersion).toBe(before.settingsVersion! + 1);
    expect(await decide(before)).toBe('approved');
    expect(await decide(after)).toBe('held');
    expect(await statusAndReasons(after.commentId)).toEqual({ status: 'pending', reasons: ['Every comment must be approved manually.'] });
  });

  it('a worker that has not seen the submission’s settings (a new process) decides with the current ones', async () => {
    await settings({ previouslyApproved: false });
    const before = await submitted();

    await settings({ disallowedKeys: ['thoughtful'] });
    const outcome = await decide(before, { ...suite.stack.deps, decisionSettings: new SettingsSnapshot(suite.stack.deps.settings) });

    expect(outcome).toBe('spam');
  });

  it('never decides with settings older than the submission read, whatever the worker held', async () => {
    await settings({ previouslyApproved: false });
    await decide(await submitted()); // the worker holds the settings without any key

    await settings({ moderationKeys: ['thoughtful'] });
    const outcome = await decide(await submitted());

    expect(outcome).toBe('held');
  });
});

describe('Idempotent, and a moderator still wins', () => {
  it('changes nothing when the same message, facts included, is delivered again', async () => {
    await settings({ previouslyApproved: false });
    const message = await submitted();

    expect(await decide(message)).toBe('approved');
    expect(await decide(message)).toBe('already-decided');
  });

  it('loses the race when a moderator decides between its one read and its write', async () => {
    await settings({ previouslyApproved: false });
    const message = await submitted();
    // The worker reads the comment; a moderator marks it as spam before the worker writes.
    const racing: CommentStore = Object.create(suite.stack.deps.comments, {
      get: {
        value: async (id: string) => {
          const read = await suite.stack.deps.comments.get(id);
          const res = await suite.stack.request(`/moderation/comments/${id}/spam`, { method: 'POST', headers: suite.auth });
          expect(res.status).toBe(200);
          return read;
        },
      },
    });

    expect(await decide(message, { ...suite.stack.deps, comments: racing })).toBe('already-decided');
    expect((await statusAndReasons(message.commentId)).status).toBe('spam');
  });
});
