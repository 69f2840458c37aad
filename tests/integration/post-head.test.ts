/**
 * The post item heads its approved list in the `gsi1` index (`POST#<post>#approved`, sort key
 * `#POST`), so one Query answers a public page's count and first comments. It must never be
 * taken for a comment, cursors must keep working, and a post item written before heads existed
 * must still give the right count.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../shared/adapters/dynamodb/keys.ts';
import { dynamoDbClient } from '../../shared/adapters/wiring.ts';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import { aSubmission, createTestStack, type TestStack, uniquePostId } from '../support/test-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
beforeAll(async () => {
  stack = await createTestStack();
  auth = { authorization: `Bearer ${await stack.token()}` };
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, manualModeration: true });
});

type PublicList = { count: number; comments: Array<{ id: string }>; nextCursor: string | null };

/** A post with `n` approved comments; their ids, oldest first. */
async function postWithApproved(n: number): Promise<{ postId: string; ids: string[] }> {
  const postId = uniquePostId('head');
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await stack.request(`/posts/${postId}/comments`, { json: aSubmission() });
    expect(res.status).toBe(202);
    const { id } = ((await res.json()) as { comment: { id: string } }).comment;
    expect((await stack.request(`/moderation/comments/${id}/approve`, { method: 'POST', headers: auth })).status).toBe(200);
    ids.push(id);
  }
  return { postId, ids };
}

async function publicPages(postId: string, limit: number): Promise<{ counts: number[]; ids: string[] }> {
  const counts: number[] = [];
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await stack.request(`/posts/${postId}/comments?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    const page = (await res.json()) as PublicList;
    counts.push(page.count);
    ids.push(...page.comments.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return { counts, ids };
}

describe('The post item at the head of its approved list', () => {
  it('is never listed as a comment: public pages, the moderators’ list by post, the export', async () => {
    // Prepare
    const { postId, ids } = await postWithApproved(3);

    // Act
    const pages = await publicPages(postId, 2);
    const moderation = (await (await stack.request(`/moderation/comments?status=approved&postId=${postId}&limit=1`, { headers: auth })).json()) as PublicList;
    const exported = (await (await stack.request(`/moderation/export?postId=${postId}`, { headers: auth })).json()) as { comments: Array<{ externalId: string }> };

    // Assess
    expect(pages.ids).toEqual(ids);
    expect(pages.counts.every((count) => count === 3)).toBe(true);
    expect(moderation.comments.map((c) => c.id)).toEqual([ids[0]]);
    expect(exported.comments.map((c) => c.externalId)).toEqual(ids);
  });

  it('counts and pages a post whose item was stored before it headed the list (no index attributes)', async () => {
    // Prepare: the post item as an older version wrote it.
    const { postId, ids } = await postWithApproved(3);
    const client = dynamoDbClient(stack.env);
    await client.update({ TableName: stack.env.TABLE_NAME, Key: keys.post(postId), UpdateExpression: 'REMOVE gsi1pk, gsi1sk' });

    // Act
    const byTwo = await publicPages(postId, 2);
    const byThree = await publicPages(postId, 3);

    // Assess
    expect(byTwo).toEqual({ counts: [3, 3], ids });
    expect(byThree.ids).toEqual(ids);
    expect(byThree.counts.every((count) => count === 3)).toBe(true);
  });

  it('answers a post with settings but no comments with count 0 and no cursor', async () => {
    const postId = uniquePostId('head');
    const put = await stack.request(`/moderation/posts/${postId}`, { method: 'PUT', headers: auth, json: { commentsOpen: true } });
    expect(put.status).toBe(200);

    const res = await stack.request(`/posts/${postId}/comments`);

    expect(await res.json()).toMatchObject({ count: 0, comments: [], nextCursor: null });
  });
});
