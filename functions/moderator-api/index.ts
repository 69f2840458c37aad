import { composeModeratorApi } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { createModeratorApiHandler } from './handler.ts';

export const handler = createModeratorApiHandler(composeModeratorApi(loadEnv()));
