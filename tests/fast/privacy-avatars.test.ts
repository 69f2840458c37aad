/**
 * The public avatar is an identicon seed from a keyed hash: stable per author, but
 * neither a Gravatar hash nor anything else computable from the address alone.
 */

import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_POST } from '../../shared/adapters/http/pages/seed-post.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let otherServer: TestStack;

beforeAll(async () => {
  [stack, otherServer] = await Promise.all([createMemoryStack(), createMemoryStack()]);
  // One address comments several times in a row here: no flood check in the way.
  for (const on of [stack, otherServer]) {
    const response = await on.request('/moderation/settings', { method: 'PUT', json: { floodSeconds: 0 }, headers: { authorization: `Bearer ${await on.token()}` } });
    expect(response.status).toBe(200);
  }
});

/** Submits each comment, approves it, and answers the public list's avatars by comment id. */
async function publishedAvatars(on: TestStack, submissions: Array<Record<string, unknown>>, postId = uniquePostId('avatar')): Promise<Map<string, string | null>> {
  const token = await on.token();
  const ids: string[] = [];
  for (const submission of submissions) {
    const response = await on.request(`/posts/${postId}/comments`, { json: submission });
    expect(response.status).toBe(202);
    const { comment } = (await response.json()) as { comment: { id: string } };
    expect((await on.request(`/moderation/comments/${comment.id}/approve`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    ids.push(comment.id);
  }
  const list = (await (await on.request(`/posts/${postId}/comments`)).json()) as { comments: Array<{ id: string; avatar: string | null }> };
  return new Map(ids.map((id) => [id, list.comments.find((c) => c.id === id)!.avatar]));
}

/** Every unkeyed hash a third party could compute from an address (Gravatar: md5, then sha256 since WordPress 6.8). */
function unkeyedHashes(email: string): string[] {
  const forms = [email, email.trim(), email.trim().toLowerCase()];
  return forms.flatMap((form) =>
    ['md5', 'sha1', 'sha256', 'sha512'].flatMap((algorithm) => {
      const digest = createHash(algorithm).update(form).digest();
      return [digest.toString('hex'), digest.toString('base64'), digest.toString('base64url')];
    }),
  );
}

describe('Public avatars', () => {
  const email = `Avatar.${randomUUID().slice(0, 8)}@Example.com`;

  it('are the same for the same author however the address is typed, and differ between authors', async () => {
    // Act
    const avatars = [...(await publishedAvatars(stack, [aSubmission({ email }), aSubmission({ email: `  ${email.toLowerCase()} ` }), aSubmission()])).values()];

    // Assess
    expect(avatars.every((a) => typeof a === 'string' && a.length >= 16)).toBe(true);
    expect(avatars[0]).toBe(avatars[1]);
    expect(avatars[2]).not.toBe(avatars[0]);
  });

  it('are no unkeyed hash of the address, nor any part of one', async () => {
    // Act
    const [avatar] = [...(await publishedAvatars(stack, [aSubmission({ email })])).values()];

    // Assess
    for (const hash of unkeyedHashes(email)) {
      expect(hash.toLowerCase()).not.toContain(avatar!.toLowerCase());
      expect(avatar!.toLowerCase()).not.toContain(hash.toLowerCase().slice(0, 8));
    }
    // Nor the private lookup key the server files the address under.
    expect(await stack.deps.hasher.emailKey(email)).not.toContain(avatar);
  });

  it('depend on the server key: another server gives the same author another avatar', async () => {
    // Act
    const [here] = [...(await publishedAvatars(stack, [aSubmission({ email })])).values()];
    const [there] = [...(await publishedAvatars(otherServer, [aSubmission({ email })])).values()];

    // Assess
    expect(there).toEqual(expect.any(String));
    expect(there).not.toBe(here);
  });

  it('become an inline SVG identicon on the demo page: no image URL, no Gravatar, no hash of the address', async () => {
    // Prepare
    await publishedAvatars(stack, [aSubmission({ email, author: 'Swatch Author' })], DEMO_POST.id);

    // Act
    const page = await (await stack.request('/')).text();

    // Assess
    expect(page).toContain('Swatch Author');
    expect(page).toMatch(/<svg class="avatar avatar-32 photo"[^>]*><rect width="5" height="5" fill="hsl\(\d+ 40% 92%\)"\/><g fill="hsl\(\d+ 55% 45%\)">(<rect x="\d" y="\d" width="1" height="1"\/>)*<\/g><\/svg>/);
    expect(page).not.toMatch(/gravatar|<img/i);
    for (const hash of unkeyedHashes(email)) expect(page.toLowerCase()).not.toContain(hash.toLowerCase());
  });
});
