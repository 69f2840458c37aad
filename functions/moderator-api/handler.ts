import type { ModeratorAppDeps } from '../../shared/adapters/http/app-deps.ts';
import { createModeratorApp } from '../../shared/adapters/http/moderator-app.ts';
import { createHttpHandler, type HttpHandler } from '../http-handler.ts';

/** The moderators' function: /moderation/**, /privacy/**, the /moderate page, notification links. No import-time work. */
export function createModeratorApiHandler(deps: ModeratorAppDeps): HttpHandler {
  return createHttpHandler(createModeratorApp(deps));
}
