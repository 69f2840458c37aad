import { BUNDLED_FILES_CONSTANT, OPENAPI_FILE, WIDGET_FILE } from '../shared/adapters/http/bundled-assets.ts';
import type { LambdaName } from './bundling.ts';
import { openApiJson } from './openapi-bundle.ts';
import { buildWidget } from './widget-bundle.ts';

/** What each function's bundle gets compiled in (esbuild `define`): that it carries files (below). The same for CDK and the bench. */
export function bundleDefines(name: LambdaName): Record<string, string> {
  return name === 'publicApi' ? { [BUNDLED_FILES_CONSTANT]: 'true' } : {};
}

/**
 * The files each function's asset carries beside its bundle (name → content), read on the first
 * request that serves them (shared/adapters/http/bundled-assets.ts): the public function's widget
 * and OpenAPI document, built now. The same for CDK and the bench.
 */
export function bundleFiles(name: LambdaName): Record<string, string> {
  return name === 'publicApi' ? { [WIDGET_FILE]: buildWidget(), [OPENAPI_FILE]: openApiJson() } : {};
}
