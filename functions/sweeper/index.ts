import { composeSweeper } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { createSweeperHandler } from './handler.ts';

export const handler = createSweeperHandler(composeSweeper(loadEnv()));
