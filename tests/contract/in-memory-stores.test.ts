import { createInMemoryStores } from '../../shared/adapters/memory/in-memory-stores.ts';
import { describeStorageContract } from './storage.contract.ts';

describeStorageContract('in memory', async (clock) => createInMemoryStores({ retentionDays: 30, now: () => clock.now() }));
