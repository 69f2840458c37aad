import { describe, expect, it } from 'vitest';
import { importTransactions, inWaves, MAX_TRANSACTION_ITEMS, type PreparedImport } from '../../../../../shared/adapters/dynamodb/import-claims.ts';
import type { ImportedComment } from '../../../../../shared/domain/ports.ts';
import { aStoredComment } from '../../../../support/comment-mother.ts';

/** A comment to import with its three puts (comment, request data, duplicate marker). */
const anImport = (n: number, overrides: Partial<ImportedComment['comment']> = {}, waitsFor?: string): PreparedImport => {
  const id = `01JDX6Z8Q5V3W1N2M4K7P9R${String(n).padStart(3, '0')}`;
  const comment = { ...aStoredComment({ id, status: 'approved', emailKey: `key-${n}`, duplicateKey: `dup-${n}`, ...overrides }), externalId: `x:${n}` };
  return {
    entry: { comment, importKey: `import-${n}`, event: { at: comment.createdAt, actor: 'import', action: 'import', from: null, to: comment.status }, ...(waitsFor ? { waitsFor } : {}) },
    puts: [
      { pk: `COMMENT#${id}`, sk: 'COMMENT' },
      { pk: `COMMENT#${id}`, sk: 'REQUEST' },
      { pk: `DUP#${comment.duplicateKey}`, sk: 'DUP' },
    ],
  };
};
const updates = (items: ReturnType<typeof importTransactions>[number]['items']) => items.flatMap((item) => (item.Update ? [item.Update] : []));

describe('Function: importTransactions', () => {
  it('puts, claims each external id and moves the counts by their sum, once per post and author, in one transaction', () => {
    // Prepare
    const batch = [anImport(1, { emailKey: 'same' }), anImport(2, { emailKey: 'same' }), anImport(3, { status: 'pending' }), anImport(4, { postId: 'other' })];

    // Act
    const [transaction, ...rest] = importTransactions('t', batch);

    // Assess
    expect(rest).toEqual([]);
    expect(transaction!.items.filter((item) => item.Put)).toHaveLength(12);
    const claims = updates(transaction!.items).filter((u) => u.Key!.sk === 'IMPORT');
    expect(claims.map((u) => [u.Key!.pk, u.ConditionExpression])).toEqual([1, 2, 3, 4].map((n) => [`IMPORT#import-${n}`, 'attribute_not_exists(commentId)']));
    const adds = updates(transaction!.items).filter((u) => u.ExpressionAttributeValues?.[':delta'] !== undefined).map((u) => [u.Key!.pk, u.Key!.sk, u.ExpressionAttributeValues![':delta']]);
    expect(adds).toEqual([
      ['POST#a-post', 'POST', 2],
      ['POST#other', 'POST', 1],
      ['AUTHOR#same', 'APPROVED#Hanako', 2],
      ['AUTHOR#key-4', 'APPROVED#Hanako', 1],
    ]);
    // The post item the counts create is filed at the head of its approved list (one Query per public page).
    const post = updates(transaction!.items).find((u) => u.Key!.pk === 'POST#a-post');
    expect(post!.ExpressionAttributeValues).toMatchObject({ ':hpk': 'POST#a-post#approved', ':hsk': '#POST' });
  });

  it('puts one duplicate marker for identical comments, and files replies waiting for the same parent in one update', () => {
    const [transaction] = importTransactions('t', [anImport(1, { duplicateKey: 'same' }, 'parent'), anImport(2, { duplicateKey: 'same' }, 'parent')]);
    expect(transaction!.items.filter((item) => item.Put?.Item?.pk === 'DUP#same')).toHaveLength(1);
    const wait = updates(transaction!.items).find((u) => u.UpdateExpression === 'ADD waiting :ids')!;
    expect(wait.Key).toEqual({ pk: 'IMPORT#parent', sk: 'IMPORT' });
    expect([...(wait.ExpressionAttributeValues![':ids'] as Set<string>)]).toHaveLength(2);
  });

  it(`keeps every transaction within ${MAX_TRANSACTION_ITEMS} items, each item at most once`, () => {
    const transactions = importTransactions('t', Array.from({ length: 500 }, (_, n) => anImport(n, { postId: `p-${n % 7}` }, n % 3 === 0 ? `parent-${n % 11}` : undefined)));
    expect(transactions.length).toBeGreaterThan(20);
    for (const { items, parts } of transactions) {
      expect(items.length).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
      expect(parts).toHaveLength(items.length);
      const keys = items.map((i) => JSON.stringify(i.Update?.Key ?? { pk: i.Put!.Item!.pk, sk: i.Put!.Item!.sk }));
      expect(new Set(keys).size).toBe(keys.length);
    }
    expect(transactions.flatMap((t) => t.parts).filter((p) => p.kind === 'claim')).toHaveLength(500);
  });
});

describe('Function: inWaves', () => {
  it('runs together only transactions that share no item (a post counter, an author count, a ref)', () => {
    // Prepare: 300 comments on 3 posts; one author on every comment of p-0.
    const transactions = importTransactions('t', Array.from({ length: 300 }, (_, n) => anImport(n, { postId: `p-${n % 3}`, emailKey: n % 3 === 0 ? 'regular' : `key-${n}` })));

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
