/**
 * The OpenAPI document of the whole API, generated at synth time from the registered routes
 * and compiled into the public function's bundle as a string constant: the function serves it
 * without converting a schema at cold start or on a request, and it describes the moderators'
 * routes too although their code is in the other function.
 */

import { fullOpenApiDocument } from '../shared/adapters/http/route-table.ts';

/** The identifier `functions/public-api` reads the document from (see shared/adapters/http/bundled-assets.ts). */
export const OPENAPI_CONSTANT = '__LEAVE_A_REPLY_OPENAPI__';

/** esbuild `define` entries that compile the document into the public bundle. */
export function openApiDefine(): Record<string, string> {
  return { [OPENAPI_CONSTANT]: JSON.stringify(JSON.stringify(fullOpenApiDocument())) };
}
