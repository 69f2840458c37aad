import { describe, expect, it } from 'vitest';
import { claimTransactions, inWaves, MAX_TRANSACTION_ITEMS } from '../../../../../shared/adapters/dynamodb/import-claims.ts';
import type { ImportedComment } from '../../../../../shared/domain/ports.ts';
import { aStoredComment } from '../../../../support/comment-mother.ts';

const anImport = (n: number, overrides: Partial<ImportedComment['comment']> = {}, waitsFor?: string): ImportedComment => ({
  comment: { ...aStoredComment({ id: `01JDX6Z8Q5V3W1N2M4K7P9R${String(n).padStart(3, '0')}`, status: 'approved', emailKey: `key-${n}`, ...overrides }), externalId: `x:${n}` },
  importKey: `import-${n}`,
  ...(waitsFor ? { waitsFor } : {}),
});

describe('Function: claimTransactions', () => {
  it('claims each external id and moves the counts by their sum, once per post and author', () => {
    // Prepare
    const batch = [anImport(1, { emailKey: 'same' }), anImport(2, { emailKey: 'same' }), anImport(3, { status: 'pending' }), anImport(4, { postId: 'other' })];

    // Act
    const [transaction, ...rest] = claimTransactions('t', batch);

    // Assess
    expect(rest).toEqual([]);
    const updates = transaction!.items.map((item) => item.Update!);
    expect(updates.filter((u) => u.Key!.sk === 'IMPORT').map((u) => [u.Key!.pk, u.ConditionExpression])).toEqual([1, 2, 3, 4].map((n) => [`IMPORT#import-${n}`, 'attribute_not_exists(commentId)']));
    const adds = updates.filter((u) => u.UpdateExpression === 'ADD #n :delta').map((u) => [u.Key!.pk, u.Key!.sk, u.ExpressionAttributeValues![':delta']]);
    expect(adds).toEqual([
      ['POST#a-post', 'POST', 2],
      ['POST#other', 'POST', 1],
      ['AUTHOR#same', 'APPROVED#Hanako', 2],
      ['AUTHOR#key-4', 'APPROVED#Hanako', 1],
    ]);
  });

  it('files replies that wait for the same parent under one update of its ref', () => {
    const [transaction] = claimTransactions('t', [anImport(1, {}, 'parent'), anImport(2, {}, 'parent')]);
    const wait = transaction!.items.map((i) => i.Update!).find((u) => u.UpdateExpression === 'ADD waiting :ids')!;
    expect(wait.Key).toEqual({ pk: 'IMPORT#parent', sk: 'IMPORT' });
    expect([...(wait.ExpressionAttributeValues![':ids'] as Set<string>)]).toHaveLength(2);
    expect(transaction!.parts.filter((p) => p.kind === 'wait')).toHaveLength(1);
  });

  it(`keeps every transaction within ${MAX_TRANSACTION_ITEMS} items, each item at most once`, () => {
    const transactions = claimTransactions('t', Array.from({ length: 500 }, (_, n) => anImport(n, { postId: `p-${n % 7}` }, n % 3 === 0 ? `parent-${n % 11}` : undefined)));
    expect(transactions.length).toBeGreaterThan(5);
    for (const { items, parts } of transactions) {
      expect(items.length).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
      expect(parts).toHaveLength(items.length);
      const keys = items.map((i) => JSON.stringify(i.Update!.Key));
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(transactions.flatMap((t) => t.parts).filter((p) => p.kind === 'claim')).toHaveLength(500);
  });
});

describe('Function: inWaves', () => {
  it('runs together only transactions that share no item (a post counter, an author count, a ref)', () => {
    // Prepare: 300 comments on 3 posts; one author on every comment of p-0.
    const transactions = claimTransactions('t', Array.from({ length: 300 }, (_, n) => anImport(n, { postId: `p-${n % 3}`, emailKey: n % 3 === 0 ? 'regular' : `key-${n}` })));

    // Act
    const waves = inWaves(transactions);

    // Assess
    expect(waves.flat()).toHaveLength(transactions.length);
    for (const wave of waves) {
      const touched = wave.flatMap((t) => [...t.touches]);
      expect(new Set(touched).size).toBe(touched.length);
    }
    expect(waves.length).toBeLessThan(transactions.length);
  });
});
