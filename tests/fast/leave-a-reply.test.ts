import { beforeAll, describe, expect, it } from 'vitest';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await createMemoryStack();
});

describe('Leave A Reply: submit → moderate → approve → public', () => {
  it('accepts a JSON submission as pending, lists it for moderators only, publishes it once approved', async () => {
    const postId = uniquePostId();
    const submission = aSubmission();

    const submitted = await stack.request(`/posts/${postId}/comments`, { json: submission });
    expect(submitted.status).toBe(202);
    const { comment } = (await submitted.json()) as { comment: { id: string; status: string } };
    expect(comment.status).toBe('pending');

    const publicBefore = await (await stack.request(`/posts/${postId}/comments`)).json();
    expect(publicBefore).toMatchObject({ postId, count: 0, comments: [], nextCursor: null });

    await stack.drainQueue();
    const token = await stack.token();
    const queue = (await (await stack.request(`/moderation/comments?status=pending&postId=${postId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      comments: Array<{ id: string; email: string; moderation: { checkedAt: string | null } }>;
    };
    expect(queue.comments).toHaveLength(1);
    expect(queue.comments[0]).toMatchObject({ id: comment.id, email: submission.email });
    expect(queue.comments[0]!.moderation.checkedAt).not.toBeNull();

    const approved = await stack.request(`/moderation/comments/${comment.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(approved.status).toBe(200);

    const publicAfter = (await (await stack.request(`/posts/${postId}/comments`)).json()) as { count: number; comments: Array<Record<string, unknown>> };
    expect(publicAfter.count).toBe(1);
    expect(publicAfter.comments[0]).toMatchObject({ id: comment.id, author: submission.author, url: submission.url });
    expect(JSON.stringify(publicAfter)).not.toContain(String(submission.email));
    expect(Object.keys(publicAfter.comments[0]!).sort()).toEqual(['author', 'avatar', 'content', 'createdAt', 'id', 'parentId', 'url']);
  });
});
