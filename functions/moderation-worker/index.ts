import { composeWorker } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { createModerationWorkerHandler } from './handler.ts';

export const handler = createModerationWorkerHandler(composeWorker(loadEnv()));
