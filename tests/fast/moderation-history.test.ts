import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/domain/settings.ts';
import type { HistoryEvent } from '../../shared/domain/history.ts';
import { aSubmission, moderationTestSuite, randomIp, uniquePostId } from '../support/test-stack.ts';
import { createMemoryStack } from '../support/memory-stack.ts';

/** Every decision appended, never overwritten; erase keeps the events but no personal data. */
const suite = moderationTestSuite({ sub: 'mod-ana', makeStack: createMemoryStack });

async function submit(overrides: Record<string, unknown> = {}, ip = randomIp()): Promise<string> {
  const res = await suite.stack.request(`/posts/${uniquePostId('history')}/comments`, { json: aSubmission(overrides), ip });
  expect(res.status).toBe(202);
  return ((await res.json()) as { comment: { id: string } }).comment.id;
}

async function history(id: string): Promise<HistoryEvent[]> {
  const res = await suite.stack.request(`/moderation/comments/${id}/history`, { headers: suite.auth });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { events: HistoryEvent[] }).events;
}

const act = (id: string, action: string) => suite.stack.request(`/moderation/comments/${id}/${action}`, { method: 'POST', headers: suite.auth });
const summary = (events: HistoryEvent[]) => events.map((e) => `${e.actor} ${e.action} ${e.from}→${e.to}`);

describe('GET /moderation/comments/{id}/history', () => {
  it('records the submission, the worker, moderators (token sub) and links, oldest first', async () => {
    await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, moderationKeys: ['casino'] });
    const id = await submit({ content: 'Best casino in town.' });
    await suite.stack.drainQueue();
    expect((await act(id, 'approve')).status).toBe(200);
    expect((await act(id, 'unapprove')).status).toBe(200);
    const { links } = suite.stack.notifier.notices.find((n) => n.commentId === id)!;
    // The approve link was made before the moderator acted: outdated.
    expect((await suite.stack.request(`/moderation-links/${links.trash}`, { method: 'POST' })).status).toBe(409);
    const fresh = await suite.stack.deps.links.sign({ commentId: id, action: 'trash', version: (await suite.stack.deps.comments.get(id))!.version, expiresAt: new Date(Date.now() + 60_000) });
    expect((await suite.stack.request(`/moderation-links/${fresh}`, { method: 'POST' })).status).toBe(200);
    expect((await act(id, 'restore')).status).toBe(200);

    const events = await history(id);

    expect(summary(events)).toEqual([
      'visitor submit null→pending',
      'worker hold pending→pending',
      'moderator:mod-ana approve pending→approved',
      'moderator:mod-ana unapprove approved→pending',
      'link trash pending→trash',
      'moderator:mod-ana restore trash→pending',
    ]);
    expect(events[1]!.reasons).toEqual(['Moderation key 1 matched in the content.']);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort());
  });

  it('records edits (which fields, not their values), replies and a delete, and keeps the history after the delete', async () => {
    const id = await submit();
    expect((await suite.stack.request(`/moderation/comments/${id}`, { method: 'PATCH', headers: suite.auth, json: { content: 'Secret new words.' } })).status).toBe(200);
    const reply = await suite.stack.request(`/moderation/comments/${id}/reply`, { method: 'POST', headers: suite.auth, json: { content: 'Thanks!' } });
    const replyId = ((await reply.json()) as { comment: { id: string } }).comment.id;
    expect((await suite.stack.request(`/moderation/comments/${id}`, { method: 'DELETE', headers: suite.auth })).status).toBe(204);

    const events = await history(id);

    expect(summary(events)).toEqual([
      'visitor submit null→pending',
      'moderator:mod-ana edit pending→pending',
      'moderator:mod-ana approve pending→approved',
      'moderator:mod-ana delete approved→null',
    ]);
    expect(events[1]!.reasons).toEqual(['Edited by a moderator: content.']);
    expect(JSON.stringify(events)).not.toContain('Secret new words');
    expect(summary(await history(replyId))).toEqual(['moderator:mod-ana reply null→approved']);
  });

  it('a failed (409) action appends nothing', async () => {
    const id = await submit();
    expect((await act(id, 'unapprove')).status).toBe(409);

    expect(summary(await history(id))).toEqual(['visitor submit null→pending']);
  });

  it('erase keeps every event and no personal data is in any of them', async () => {
    const email = `erase-history-${Date.now()}@example.com`;
    const ip = '203.0.113.77';
    await suite.stack.deps.settings.save({ ...DEFAULT_SETTINGS, floodSeconds: 0, moderationKeys: [email, ip] });
    const id = await submit({ author: 'Yuki Tanaka', email, url: 'https://yuki.example' }, ip);
    await suite.stack.drainQueue();
    expect((await act(id, 'approve')).status).toBe(200);

    const erase = await suite.stack.request('/privacy/erase', { method: 'POST', headers: suite.auth, json: { email } });
    expect(erase.status).toBe(200);
    const events = await history(id);

    expect(summary(events)).toEqual([
      'visitor submit null→pending',
      'worker hold pending→pending',
      'moderator:mod-ana approve pending→approved',
      'privacy erase approved→approved',
    ]);
    const text = JSON.stringify(events);
    for (const personal of [email, ip, 'Yuki', 'yuki.example']) expect(text).not.toContain(personal);
  });

  it('404 for an unknown id, 401 without a token', async () => {
    expect((await suite.stack.request('/moderation/comments/01JDX6Z8Q5V3W1N2M4K7P9R0ST/history', { headers: suite.auth })).status).toBe(404);
    expect((await suite.stack.request('/moderation/comments/not-an-id/history', { headers: suite.auth })).status).toBe(404);
    expect((await suite.stack.request('/moderation/comments/01JDX6Z8Q5V3W1N2M4K7P9R0ST/history')).status).toBe(401);
  });

  it('events are appended: an import (or any other writer) adds one without touching the others', async () => {
    const id = await submit();
    await suite.stack.deps.history.append(id, { at: new Date().toISOString(), actor: 'import', action: 'import', from: null, to: 'pending' });

    expect(summary(await history(id))).toEqual(['visitor submit null→pending', 'import import null→pending']);
  });
});
