import { describe, expect, it } from 'vitest';
import { ModerationMessage, moderationMessage, submissionFactsOf } from '../../../../../shared/adapters/sqs/sqs-moderation-queue.ts';

const ID = '01JCZ3Q6Y8K2V7T4N5M9P0R1S2';

describe('Schema: ModerationMessage', () => {
  it('carries the id and the submission’s facts, and gives them back', () => {
    // Prepare
    const facts = { settingsVersion: 4, authorPreviouslyApproved: true };

    // Act
    const message = ModerationMessage.parse(JSON.parse(JSON.stringify(moderationMessage(ID, facts))));

    // Assess
    expect(message).toEqual({ commentId: ID, ...facts });
    expect(submissionFactsOf(message)).toEqual(facts);
  });

  it('still reads a message of the id alone (the sweeper’s, an older deployment’s): no facts, the worker reads them', () => {
    const message = ModerationMessage.parse({ commentId: ID });

    expect(moderationMessage(ID)).toEqual({ commentId: ID });
    expect(submissionFactsOf(message)).toBeUndefined();
  });

  it('gives no facts unless the message carries both', () => {
    expect(submissionFactsOf(ModerationMessage.parse({ commentId: ID, settingsVersion: 3 }))).toBeUndefined();
    expect(submissionFactsOf(ModerationMessage.parse({ commentId: ID, authorPreviouslyApproved: true }))).toBeUndefined();
  });

  it.each([
    ['an email', { email: 'reader@example.com' }],
    ['an email key', { emailKey: 'k'.repeat(43) }],
    ['an IP address', { ip: '198.51.100.7' }],
    ['an author', { author: 'Hanako' }],
    ['a version that is not a whole number', { settingsVersion: 1.5, authorPreviouslyApproved: false }],
    ['a negative version', { settingsVersion: -1, authorPreviouslyApproved: false }],
    ['a yes/no that is text', { settingsVersion: 1, authorPreviouslyApproved: 'true' }],
  ])('refuses a message with %s', (_what, extra) => {
    expect(ModerationMessage.safeParse({ commentId: ID, ...extra }).success).toBe(false);
  });
});
