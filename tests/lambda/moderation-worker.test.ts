import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ulid } from 'ulid';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Comment } from '../../shared/domain/comment.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { lambdaContext, moderationMessage, sqsEvent, sqsRecord } from './support/events.ts';
import { createModerationWorkerHandler } from '../../functions/moderation-worker/handler.ts';
import { composeWorker } from '../../shared/adapters/wiring.ts';
import { functionEnv } from './support/function-env.ts';

type Handler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

let stack: TestStack;
let handler: Handler;

beforeAll(async () => {
  stack = await createTestStack();
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, previouslyApproved: false, moderationKeys: ['hold-me'], disallowedKeys: ['casino'] });
  handler = createModerationWorkerHandler(composeWorker(functionEnv(stack)));
});

const invoke = (event: SQSEvent) => handler(event, lambdaContext('comments-moderation-worker'));
const failedIds = (response: SQSBatchResponse) => response.batchItemFailures.map((f) => f.itemIdentifier).sort();

/** Stores a pending comment through the API, and drops the message the API queued (the test delivers its own). */
async function aPendingComment(postId: string, content: string): Promise<string> {
  const response = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ content }) });
  expect(response.status).toBe(202);
  const { comment } = (await response.json()) as { comment: { id: string } };
  await stack.receiveRaw();
  return comment.id;
}

const stored = async (id: string): Promise<Comment> => (await stack.deps.comments.get(id))!;

/** Stores a pending comment through the API and takes the message the API queued for it. */
async function aQueuedComment(postId: string, content: string): Promise<{ id: string; body: string }> {
  const response = await stack.request(`/posts/${postId}/comments`, { json: aSubmission({ content }) });
  expect(response.status).toBe(202);
  const { comment } = (await response.json()) as { comment: { id: string } };
  const [body] = await stack.receiveRaw();
  return { id: comment.id, body: body! };
}

describe('Function: moderation-worker (SQS batch)', () => {
  it('reports exactly the malformed record as failed and decides the others', async () => {
    // Prepare
    const postId = uniquePostId();
    const [approveId, holdId, spamId] = [
      await aPendingComment(postId, 'A kind and ordinary comment.'),
      await aPendingComment(postId, 'Please hold-me for a human.'),
      await aPendingComment(postId, 'Best casino bonus here.'),
    ];
    const malformed = sqsRecord('{"commentId": ');
    const event = sqsEvent([sqsRecord(moderationMessage(approveId)), malformed, sqsRecord(moderationMessage(holdId)), sqsRecord(moderationMessage(spamId))]);

    // Act
    const response = await invoke(event);

    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: malformed.messageId }]);
    const [approved, held, spam] = await Promise.all([stored(approveId), stored(holdId), stored(spamId)]);
    expect(approved).toMatchObject({ status: 'approved', moderation: { decidedBy: 'rules', checkedAt: expect.any(String) } });
    expect(held).toMatchObject({ status: 'pending', moderation: { decidedBy: 'rules', checkedAt: expect.any(String), reasons: ['Moderation key 1 matched in the content.'] } });
    expect(spam).toMatchObject({ status: 'spam', previousStatus: 'pending', moderation: { decidedBy: 'rules', checkedAt: expect.any(String) } });
  });

  it('changes nothing when a record is delivered again', async () => {
    // Prepare
    const postId = uniquePostId();
    const ids = [await aPendingComment(postId, 'First delivery approves me.'), await aPendingComment(postId, 'First delivery holds me: hold-me.')];
    await invoke(sqsEvent(ids.map((id) => sqsRecord(moderationMessage(id)))));
    const before = await Promise.all(ids.map(stored));

    // Act
    const response = await invoke(sqsEvent(ids.map((id) => sqsRecord(moderationMessage(id), { receiveCount: 2 }))));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await Promise.all(ids.map(stored))).toEqual(before);
    expect(before.map((c) => c.status)).toEqual(['approved', 'pending']);
  });

  it('leaves a decision a moderator made before the worker ran', async () => {
    // Prepare
    const id = await aPendingComment(uniquePostId(), 'A moderator got here first.');
    const token = await stack.token();
    const spammed = await stack.request(`/moderation/comments/${id}/spam`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(spammed.status).toBe(200);
    const before = await stored(id);

    // Act
    const response = await invoke(sqsEvent([sqsRecord(moderationMessage(id))]));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await stored(id)).toEqual(before);
    expect(before.moderation.decidedBy).toBe('moderator');
  });

  it('acknowledges a message for a comment that no longer exists', async () => {
    // Act
    const response = await invoke(sqsEvent([sqsRecord(moderationMessage(ulid()))]));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
  });

  it('decides with the facts a message carries, and a message without them (the sweeper’s, an older deployment’s) by what is stored now', async () => {
    // Prepare: the worker holds the current settings; then a moderator disallows a word both comments contain.
    const postId = uniquePostId();
    await invoke(sqsEvent([sqsRecord((await aQueuedComment(postId, 'Warms the worker up.')).body)]));
    const withFacts = await aQueuedComment(postId, 'Submitted before late-word was disallowed.');
    const withoutFacts = await aQueuedComment(postId, 'Also submitted before late-word was disallowed.');
    const current = await stack.deps.settings.get();
    await stack.deps.settings.save({ ...current, disallowedKeys: [...current.disallowedKeys, 'late-word'] });

    try {
      // Act
      const response = await invoke(sqsEvent([sqsRecord(withFacts.body), sqsRecord(moderationMessage(withoutFacts.id))]));

      // Assess: the settings its submission read (WordPress decides at submission) / the settings now.
      expect(response.batchItemFailures).toEqual([]);
      expect(JSON.parse(withFacts.body)).toMatchObject({ commentId: withFacts.id, settingsVersion: expect.any(Number), authorPreviouslyApproved: false });
      expect((await stored(withFacts.id)).status).toBe('approved');
      expect((await stored(withoutFacts.id)).status).toBe('spam');
    } finally {
      await stack.deps.settings.save(current);
    }
  });

  it('fails every kind of malformed record, and only those', async () => {
    // Prepare
    const validId = await aPendingComment(uniquePostId(), 'Valid among the broken.');
    const broken = ['', 'null', '[]', 'not json', '{"commentId":"not-a-ulid"}', `{"commentId":"${ulid()}","email":"leak@example.com"}`, '{}'].map((body) => sqsRecord(body));
    const valid = sqsRecord(moderationMessage(validId));

    // Act
    const response = await invoke(sqsEvent([...broken, valid]));

    // Assess
    expect(failedIds(response)).toEqual(broken.map((r) => r.messageId).sort());
    expect((await stored(validId)).moderation.checkedAt).not.toBeNull();
  });
});
