/**
 * The OpenAPI document of the whole API, generated at synth time from the registered routes
 * and written beside the public function's bundle (shared/adapters/http/bundled-assets.ts): the
 * function serves it without converting a schema at cold start or on a request, and it
 * describes the moderators' routes too although their code is in the other function.
 */

import { fullOpenApiDocument } from '../shared/adapters/http/route-table.ts';

/** The document as `/openapi.json` serves it. */
export function openApiJson(): string {
  return JSON.stringify(fullOpenApiDocument());
}
