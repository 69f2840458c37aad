/**
 * The queue worker's decision, through the real path: submit over HTTP, the
 * message on the SQS emulator, the worker use case, the comment as moderators see it.
 */

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Comment } from '../../shared/domain/comment.ts';
import type { ModerationBacklog } from '../../shared/domain/storage-ports.ts';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/domain/settings.ts';
import { moderateComment } from '../../shared/use-cases/moderate-comment.ts';
import { sweepUnchecked } from '../../shared/use-cases/sweep-unchecked.ts';
import { aSubmission, type TestStack, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

let stack: TestStack;
let auth: { authorization: string };
beforeAll(async () => {
  stack = await createMemoryStack();
  auth = { authorization: `Bearer ${await stack.token({ sub: 'mod-ana' })}` };
});
beforeEach(async () => {
  // Flood checks would get in the way of one author posting twice in a row.
  await stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0 });
  stack.notifier.notices.length = 0;
});
afterEach(async () => {
  await stack.receiveRaw();
});

type ModeratorComment = Omit<Comment, 'emailKey' | 'duplicateKey'>;

async function settings(update: Partial<Settings>): Promise<void> {
  const res = await stack.request('/moderation/settings', { method: 'PUT', json: update, headers: auth });
  expect(res.status, await res.clone().text()).toBe(200);
}

async function submit(body: Record<string, unknown> = aSubmission(), init: { ip?: string; headers?: Record<string, string> } = {}): Promise<string> {
  const res = await stack.request(`/posts/${uniquePostId()}/comments`, { json: body, ...init });
  expect(res.status, await res.clone().text()).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

async function view(id: string): Promise<ModeratorComment> {
  const res = await stack.request(`/moderation/comments/${id}`, { headers: auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { comment: ModeratorComment }).comment;
}

async function act(id: string, action: string): Promise<ModeratorComment> {
  const res = await stack.request(`/moderation/comments/${id}/${action}`, { method: 'POST', headers: auth });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { comment: ModeratorComment }).comment;
}

/** Submits, lets the worker run, and answers the comment as it then stands. */
async function moderated(body: Record<string, unknown> = aSubmission(), init: { ip?: string; headers?: Record<string, string> } = {}): Promise<ModeratorComment> {
  const id = await submit(body, init);
  expect(await stack.drainQueue()).toEqual([id]);
  return view(id);
}

function expectRulesDecision(comment: ModeratorComment, status: string, reason: RegExp): void {
  expect(comment.status).toBe(status);
  expect(comment.moderation.decidedBy).toBe('rules');
  expect(comment.moderation.moderator).toBeNull();
  expect(comment.moderation.reasons).toEqual([expect.stringMatching(reason)]);
  expect(comment.moderation.decidedAt).not.toBeNull();
  expect(comment.moderation.checkedAt).toBe(comment.moderation.decidedAt);
  expect(Date.now() - Date.parse(comment.moderation.decidedAt!)).toBeLessThan(60_000);
}

/** An author with one approved comment (approved by a moderator). */
async function anApprovedAuthor(): Promise<Record<string, unknown>> {
  const author = aSubmission();
  const first = await moderated(author);
  await act(first.id, 'approve');
  return author;
}

describe('Rule 5: nothing triggered → approved', () => {
  it('approves when previouslyApproved is off and nothing holds it, and notifies nobody', async () => {
    await settings({ previouslyApproved: false });
    const comment = await moderated();
    expectRulesDecision(comment, 'approved', /No rule held it/);
    expect(comment.version).toBe(2);
    expect(stack.notifier.notices).toEqual([]);
  });
});

describe('Rule 4: previously approved author', () => {
  it('holds a first-time author (the WordPress default) and notifies moderators without the email', async () => {
    const body = aSubmission({ content: 'First time here. Great post!' });
    const comment = await moderated(body, { ip: '10.9.8.7', headers: { 'user-agent': 'Firefox/140' } });

    expectRulesDecision(comment, 'pending', /no previously approved comment/);
    expect(stack.notifier.notices).toEqual([
      {
        commentId: comment.id,
        postId: comment.postId,
        author: body.author,
        excerpt: 'First time here. Great post!',
        reasons: comment.moderation.reasons,
        links: { approve: expect.any(String), spam: expect.any(String), trash: expect.any(String) },
      },
    ]);
    // The links are bound to the version the held comment was stored with.
    const claim = await stack.deps.links.read(stack.notifier.notices[0]!.links.approve, new Date());
    expect(claim).toMatchObject({ commentId: comment.id, action: 'approve', version: comment.version });
    const notice = JSON.stringify(stack.notifier.notices);
    for (const personal of [String(body.email), '10.9.8.7', 'Firefox/140']) expect(notice).not.toContain(personal);
  });

  it('approves the next comment of an author (same name and email) once one was approved', async () => {
    const author = await anApprovedAuthor();
    stack.notifier.notices.length = 0;

    const next = await moderated({ ...author, content: 'Me again.' });
    expectRulesDecision(next, 'approved', /previously approved comment/);
    expect(stack.notifier.notices).toEqual([]);
    // The email is compared the way WordPress does: case-insensitively.
    const shouting = await moderated({ ...author, email: String(author.email).toUpperCase(), content: 'ME AGAIN.' });
    expect(shouting.status).toBe('approved');
  });

  it('holds the same email under another name, and the same name with another email', async () => {
    const author = await anApprovedAuthor();
    const otherName = await moderated({ ...author, author: 'Somebody Else', content: 'Different name.' });
    expectRulesDecision(otherName, 'pending', /no previously approved comment/);
    const otherEmail = await moderated({ ...author, email: `x-${String(author.email)}`, content: 'Different email.' });
    expectRulesDecision(otherEmail, 'pending', /no previously approved comment/);
  });

  it('forgets the approval once the approved comment is unapproved, spammed, trashed or deleted', async () => {
    for (const undo of ['unapprove', 'spam', 'trash', 'delete']) {
      const author = aSubmission();
      const first = await moderated(author);
      await act(first.id, 'approve');
      if (undo === 'delete') expect((await stack.request(`/moderation/comments/${first.id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
      else await act(first.id, undo);
      const next = await moderated({ ...author, content: `After ${undo}.` });
      expect(next.status, undo).toBe('pending');
    }
  });

  it('approves anonymous comments only when previouslyApproved is off (no email to recognise)', async () => {
    await settings({ requireNameEmail: false });
    expect((await moderated({ content: 'Anonymous here.' })).status).toBe('pending');
    await settings({ previouslyApproved: false });
    expect((await moderated({ content: 'Anonymous again.' })).status).toBe('approved');
  });
});

describe('Rule 1: manual moderation', () => {
  it('holds every comment', async () => {
    await settings({ manualModeration: true, previouslyApproved: false });
    const comment = await moderated();
    expectRulesDecision(comment, 'pending', /approved manually/);
    expect(stack.notifier.notices).toHaveLength(1);
  });

  it('beats previously approved', async () => {
    const author = await anApprovedAuthor();
    await settings({ manualModeration: true });
    expectRulesDecision(await moderated({ ...author, content: 'Again.' }), 'pending', /approved manually/);
  });
});

describe('Rule 2: max links', () => {
  it.each([
    ['two anchors', 'See <a href="https://a.example">a</a> and <a href="https://b.example">b</a>.'],
    ['two bare URLs', 'See https://a.example/x and http://b.example too.'],
    ['a www. address and an anchor', 'Try www.shop.example or <a href="https://c.example">this</a>.'],
  ])('holds a comment with %s (the default limit is 2)', async (_name, content) => {
    await settings({ previouslyApproved: false });
    const comment = await moderated(aSubmission({ content }));
    expectRulesDecision(comment, 'pending', /Contains 2 links \(the limit is 2\)/);
    expect(stack.notifier.notices).toHaveLength(1);
  });

  it('approves one link under the default limit, and any number when maxLinks is 0', async () => {
    await settings({ previouslyApproved: false });
    expect((await moderated(aSubmission({ content: 'One link: https://a.example' }))).status).toBe('approved');
    // A linked URL is one link, not two.
    expect((await moderated(aSubmission({ content: '<a href="https://a.example">https://a.example</a>' }))).status).toBe('approved');
    await settings({ maxLinks: 0 });
    expect((await moderated(aSubmission({ content: 'https://a.example https://b.example https://c.example' }))).status).toBe('approved');
  });

  it('beats previously approved', async () => {
    const author = await anApprovedAuthor();
    await settings({ maxLinks: 1 });
    expectRulesDecision(await moderated({ ...author, content: 'Look: https://a.example' }), 'pending', /Contains 1 links? \(the limit is 1\)/);
  });
});

describe('Rule 3: moderation keys', () => {
  it.each([
    ['the content, case-insensitively and inside a word', { content: 'Buy CHEAPwatches now' }, {}],
    ['the author name', { author: 'Cheapwatches Bob' }, {}],
    ['the email', { email: 'sales@cheapwatches.example' }, {}],
    ['the website', { url: 'https://cheapwatches.example/' }, {}],
    ['the user agent', {}, { headers: { 'user-agent': 'CheapWatchesBot/1.0' } }],
  ])('holds a comment with a key in %s, records the reason and notifies without the email', async (_name, fields, init) => {
    await settings({ moderationKeys: ['  cheapwatches  ', 'unrelated'], previouslyApproved: false });
    const body = aSubmission(fields);
    const comment = await moderated(body, init);

    expectRulesDecision(comment, 'pending', /^Moderation key 1 matched in the (content|name|email|website|user agent)\.$/);
    expect(stack.notifier.notices).toHaveLength(1);
    expect(stack.notifier.notices[0]!.reasons).toEqual(comment.moderation.reasons);
    expect(JSON.stringify(stack.notifier.notices)).not.toContain(String(body.email));
  });

  it('holds a comment whose IP matches a key, and keeps the IP out of the notification', async () => {
    await settings({ moderationKeys: ['10.66.1.2'], previouslyApproved: false });
    expectRulesDecision(await moderated(aSubmission(), { ip: '10.66.1.2' }), 'pending', /^Moderation key 1 matched in the IP address\.$/);
    expect(JSON.stringify(stack.notifier.notices)).not.toContain('10.66.1.2');
    expect((await moderated(aSubmission(), { ip: '10.67.1.2' })).status).toBe('approved');
  });

  it('never puts the commenter\'s email in the notification, even when the key is the whole address', async () => {
    const email = `watched-${Date.now()}@example.com`;
    await settings({ moderationKeys: [email], previouslyApproved: false });
    const comment = await moderated(aSubmission({ email }));

    expect(comment.status).toBe('pending');
    expect(comment.moderation.reasons).toHaveLength(1);
    expect(stack.notifier.notices).toHaveLength(1);
    expect(JSON.stringify(stack.notifier.notices).toLowerCase()).not.toContain(email.toLowerCase());
  });

  it('beats previously approved', async () => {
    const author = await anApprovedAuthor();
    await settings({ moderationKeys: ['casino'] });
    expectRulesDecision(await moderated({ ...author, content: 'Casino night!' }), 'pending', /^Moderation key 1 matched in the content\.$/);
  });
});

describe('Rule 6: disallowed keys → spam, overriding everything', () => {
  it('marks a comment with a disallowed word as spam and notifies nobody; restore puts it back to pending', async () => {
    await settings({ disallowedKeys: ['viagra'], previouslyApproved: false });
    const comment = await moderated(aSubmission({ content: 'Cheap VIAGRA here' }));

    expectRulesDecision(comment, 'spam', /^Disallowed key 1 matched in the content\.$/);
    expect(comment.previousStatus).toBe('pending');
    expect(stack.notifier.notices).toEqual([]);
    expect((await act(comment.id, 'restore')).status).toBe('pending');
  });

  it('finds a disallowed word split by markup (content with tags stripped)', async () => {
    await settings({ disallowedKeys: ['badword'] });
    expect((await moderated(aSubmission({ content: 'a bad<b>word</b> here' }))).status).toBe('spam');
  });

  it.each([
    ['the email', { email: 'x@spammy.example' }],
    ['the website', { url: 'https://spammy.example' }],
    ['the author name', { author: 'Spammy Sam' }],
  ])('finds a disallowed word in %s', async (_name, fields) => {
    await settings({ disallowedKeys: ['spammy'] });
    expect((await moderated(aSubmission(fields))).status).toBe('spam');
  });

  it('beats previously approved: spam, no notification', async () => {
    const author = await anApprovedAuthor();
    stack.notifier.notices.length = 0;
    await settings({ disallowedKeys: ['forbidden'] });
    expectRulesDecision(await moderated({ ...author, content: 'Something forbidden.' }), 'spam', /^Disallowed key 1 matched in the content\.$/);
    expect(stack.notifier.notices).toEqual([]);
  });

  it('beats manual moderation, max links and moderation keys', async () => {
    await settings({ disallowedKeys: ['forbidden'], manualModeration: true, moderationKeys: ['forbidden'], maxLinks: 1 });
    expect((await moderated(aSubmission({ content: 'forbidden https://a.example' }))).status).toBe('spam');
    expect(stack.notifier.notices).toEqual([]);
  });
});

describe('The worker is idempotent and never overrides a moderator', () => {
  it('changes nothing when the same message is delivered again', async () => {
    const first = await moderated();
    const notices = stack.notifier.notices.length;
    await stack.deps.queue.enqueue(first.id);
    expect(await stack.drainQueue()).toEqual([first.id]);
    expect(await moderateComment(stack.deps, first.id)).toBe('already-decided');

    const again = await view(first.id);
    expect(again).toEqual(first);
    expect(stack.notifier.notices).toHaveLength(notices);
  });

  it('answers "missing" for a comment deleted before the worker ran', async () => {
    const id = await submit();
    expect((await stack.request(`/moderation/comments/${id}`, { method: 'DELETE', headers: auth })).status).toBe(204);
    expect(await moderateComment(stack.deps, id)).toBe('missing');
  });

  it.each([
    ['approves', 'approve', 'approved'],
    ['marks as spam', 'spam', 'spam'],
    ['trashes', 'trash', 'trash'],
  ])('leaves a comment alone when a moderator %s it before the worker runs', async (_name, action, status) => {
    await settings({ disallowedKeys: ['trigger'] });
    const id = await submit(aSubmission({ content: 'This would trigger the spam rule.' }));
    const decided = await act(id, action);
    expect(await stack.drainQueue()).toEqual([id]);

    const after = await view(id);
    expect(after).toEqual(decided);
    expect(after).toMatchObject({ status, moderation: { decidedBy: 'moderator', moderator: 'mod-ana' } });
    expect(stack.notifier.notices).toEqual([]);
  });

  it('leaves a comment alone that a moderator approved and then unapproved', async () => {
    await settings({ previouslyApproved: false });
    const id = await submit();
    await act(id, 'approve');
    const unapproved = await act(id, 'unapprove');
    await stack.drainQueue();
    expect(await view(id)).toEqual(unapproved);
  });

  it('is not re-queued by the sweeper once a moderator has decided it, even back to pending', async () => {
    const undecided = await submit();
    const unapproved = await submit();
    await act(unapproved, 'approve');
    await act(unapproved, 'unapprove');
    const restored = await submit();
    await act(restored, 'spam');
    await act(restored, 'restore');

    const requeued: string[] = [];
    await sweepUnchecked({ backlog: stack.deps.backlog, telemetry: stack.deps.telemetry, queue: { enqueue: async (id) => void requeued.push(id) }, now: new Date(Date.now() + 1000), stuckAfterMs: 0 });
    expect(requeued).toContain(undecided);
    expect(requeued).not.toContain(unapproved);
    expect(requeued).not.toContain(restored);
  });

  it('loses the race when a moderator decides between its read and its write (conditional write)', async () => {
    await settings({ previouslyApproved: false });
    const id = await submit();
    await stack.receiveRaw();
    // The worker reads the comment, then — while it looks up the settings — a moderator marks it as spam.
    const racing: ModerationBacklog = Object.create(stack.deps.backlog, {
      decisionInputs: {
        value: async (comment: Parameters<ModerationBacklog['decisionInputs']>[0]) => {
          await act(id, 'spam');
          return stack.deps.backlog.decisionInputs(comment);
        },
      },
    });

    expect(await moderateComment({ ...stack.deps, backlog: racing }, id)).toBe('already-decided');
    expect(await view(id)).toMatchObject({ status: 'spam', version: 2, moderation: { decidedBy: 'moderator', moderator: 'mod-ana' } });
    expect(stack.notifier.notices).toEqual([]);
  });
});
