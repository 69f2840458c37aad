import type { PublicAppDeps } from '../../shared/adapters/http/app-deps.ts';
import { createPublicApp } from '../../shared/adapters/http/public-app.ts';
import { createHttpHandler, type HttpHandler } from '../http-handler.ts';

/** The visitors' function: submit, list, the fragment, the widget, the demo post, /openapi.json. No import-time work. */
export function createPublicApiHandler(deps: PublicAppDeps): HttpHandler {
  return createHttpHandler(createPublicApp(deps));
}
