/**
 * The public count when moderators' actions on the same comments race: DynamoDB's conditional
 * transactions (not the in-memory tier) decide who wins, and the count must still be right.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
beforeAll(async () => {
  stack = await createTestStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
});

type Status = 'pending' | 'approved' | 'spam' | 'trash';

async function submit(postId: string): Promise<string> {
  const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

const act = (id: string, action: string): Promise<Response> =>
  action === 'delete'
    ? stack.request(`/moderation/comments/${id}`, { method: 'DELETE', headers: auth })
    : stack.request(`/moderation/comments/${id}/${action}`, { method: 'POST', headers: auth });

async function list(postId: string): Promise<{ count: number; comments: Array<{ id: string }> }> {
  const res = await stack.request(`/posts/${postId}/comments`);
  expect(res.status).toBe(200);
  return (await res.json()) as { count: number; comments: Array<{ id: string }> };
}

describe('Public count under concurrent moderators', () => {
  it('stays equal to the approved comments when actions on the same comments race', async () => {
    const postId = uniquePostId();
    const ids = (await Promise.all(Array.from({ length: 3 }, () => submit(postId)))).sort();
    const actions = ['approve', 'approve', 'spam', 'trash', 'restore', 'unapprove', 'approve', 'delete'];
    const results = await Promise.all(ids.flatMap((id, i) => actions.slice(i).map((action) => act(id, action))));
    // 503 (with Retry-After) is the honest answer when a comment keeps changing under an action after its retries.
    for (const res of results) expect([200, 204, 404, 409, 503]).toContain(res.status);

    const approved: string[] = [];
    for (const id of ids) {
      const res = await stack.request(`/moderation/comments/${id}`, { headers: auth });
      if (res.status === 200 && ((await res.json()) as { comment: { status: Status } }).comment.status === 'approved') approved.push(id);
    }
    const page = await list(postId);
    expect(page.count).toBe(approved.length);
    expect(page.comments.map((c) => c.id)).toEqual(approved);
    await stack.receiveRaw();
  });
});
