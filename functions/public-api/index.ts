import { bundledFile, OPENAPI_FILE, WIDGET_FILE } from '../../shared/adapters/http/bundled-assets.ts';
import { composePublicApi } from '../../shared/adapters/wiring.ts';
import { loadEnv } from '../../shared/config.ts';
import { createPublicApiHandler } from './handler.ts';

export const handler = createPublicApiHandler(composePublicApi(loadEnv(), { widgetScript: bundledFile(WIDGET_FILE), openApiDocument: bundledFile(OPENAPI_FILE) }));
