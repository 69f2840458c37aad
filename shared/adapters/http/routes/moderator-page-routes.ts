import * as z from 'zod';
import type { AppEnv, ModeratorAppDeps } from '../app-deps.ts';
import type { ApiRoutes } from '../openapi.ts';
import {
  MODERATOR_SCRIPT_PATH,
  MODERATOR_STYLE_PATH,
  moderatorPageCsp,
  type ModeratorSignIn,
  renderModeratorPage,
} from '../pages/moderator/moderator-page.ts';
import { MODERATOR_SCRIPT, MODERATOR_ASSETS_ETAG, MODERATOR_STYLE } from '../pages/moderator/moderator-script.ts';

const PAGE_PATH = '/moderate';

/**
 * `GET /moderate` and its two files. The page needs no token to load (it holds no data);
 * everything it shows comes from the moderator routes, with the token the page keeps.
 */
export function registerModeratorPage(routes: ApiRoutes<AppEnv>, deps: Pick<ModeratorAppDeps, 'signIn'>): void {
  const signIn: ModeratorSignIn = deps.signIn ?? { kind: 'token' };
  const csp = moderatorPageCsp(signIn);
  const page = { description: 'The page (no data: it loads the queue through the moderator routes)', schema: z.string(), contentType: 'text/html' };
  routes.add({ method: 'get', path: PAGE_PATH, summary: "The moderators' page", tags: ['moderation'], storage: false, responses: { 200: page } }, (c) => {
    c.header('Content-Security-Policy', csp);
    c.header('Cache-Control', 'no-store');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Robots-Tag', 'noindex');
    return c.html(renderModeratorPage(signIn), 200);
  });
  const asset = (path: string, type: string, body: string) =>
    routes.addUndocumented('get', path, (c) => {
      if (c.req.header('if-none-match') === MODERATOR_ASSETS_ETAG) return c.body(null, 304);
      c.header('Content-Type', `${type}; charset=utf-8`);
      c.header('Cache-Control', 'no-cache');
      c.header('ETag', MODERATOR_ASSETS_ETAG);
      return c.body(body, 200);
    });
  asset(MODERATOR_SCRIPT_PATH, 'text/javascript', MODERATOR_SCRIPT);
  asset(MODERATOR_STYLE_PATH, 'text/css', MODERATOR_STYLE);
}
