/**
 * The storage contract: what every adapter of the storage ports must do, run against the
 * DynamoDB adapters (on DynamoDB Local) and the in-memory ones, so that the fast tier's
 * substrate cannot drift from the real one. Semantics only: request counts, races and
 * faults are DynamoDB's own and stay in tests/integration.
 */

import { beforeAll, describe } from 'vitest';
import { commentStoreContract } from './comment-store.contract.ts';
import { AdjustableClock } from '../support/adjustable-clock.ts';
import type { ContractStores, MakeStores } from './contract-fixture.ts';
import { importStoreContract } from './import-store.contract.ts';
import { otherStoresContract } from './other-stores.contract.ts';
import { submissionStoreContract } from './submission-store.contract.ts';

export function describeStorageContract(name: string, makeStores: MakeStores): void {
  describe(`Storage contract: ${name}`, () => {
    let contract: ContractStores;
    beforeAll(async () => {
      // Time moves only when a test moves it (retention, expiry, flood intervals).
      const clock = new AdjustableClock();
      clock.stop();
      contract = { clock, stores: await makeStores(clock) };
    });
    const get = () => contract;
    describe('CommentStore', () => commentStoreContract(get));
    describe('SubmissionStore', () => submissionStoreContract(get));
    describe('Posts, settings, authors, history, backlog, request counter', () => otherStoresContract(get));
    describe('CommentImportStore', () => importStoreContract(get));
  });
}
