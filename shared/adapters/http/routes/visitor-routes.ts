import type { Context, Hono } from 'hono';
import { etag } from 'hono/etag';
import * as z from 'zod';
import { CommentId, PostId } from '../../../domain/comment.ts';
import { NotFoundError } from '../../../domain/errors.ts';
import { publicPage } from '../../../use-cases/own-pending-comment.ts';
import type { AppEnv, PublicAppDeps } from '../app-deps.ts';
import { sendPage } from '../content-security-policy.ts';
import { type ApiRoutes, errorResponse } from '../openapi.ts';
import type { OriginPolicy } from '../origins.ts';
import { commentList } from '../pages/comment-list.ts';
import { renderPostPage } from '../pages/post-page.ts';
import { DEMO_POST } from '../pages/seed-post.ts';
import { postIdParam } from '../route-input.ts';
import { builtOnFirstUse } from '../../../domain/built-on-first-use.ts';
import { listQuerySchemas } from './public-routes.ts';

/** Public answers may be cached this long by browsers and shared caches (a comment appears within a minute). */
const PUBLIC_MAX_AGE_SECONDS = 60;
const WIDGET_MAX_AGE_SECONDS = 300;

/** Built on the first fragment request (or the document), as the list's (./public-routes.ts). */
const fragmentQuery = builtOnFirstUse(() =>
  listQuerySchemas().PublicListQuery.extend({
    replytocom: z.string().optional().meta({ description: 'Ignored here (the embedding page moves its own form); accepted so Reply links can be followed.' }),
  }),
);

/**
 * What visitors see: the demo post, the comments as an HTML fragment (no JavaScript needed),
 * and the embeddable widget. Pages and fragment show the author's own pending comment when the
 * request carries its `unapproved` + `moderation-hash` pair.
 */
export function registerVisitorRoutes(routes: ApiRoutes<AppEnv>, app: Hono<AppEnv>, deps: PublicAppDeps, origins: OriginPolicy): void {
  app.use('/posts/:postId/comments.html', etag());
  app.use('/widget.js', etag());

  routes.add(
    {
      method: 'get',
      path: '/posts/{postId}/comments.html',
      summary: 'The approved comments as a threaded HTML fragment (WordPress markup), for pages without JavaScript',
      tags: ['comments'],
      params: { postId: PostId },
      get query() {
        return fragmentQuery();
      },
      // Only the document reads these: built when it asks.
      get responses() {
        return {
          200: { description: '`<ol class="comment-list">…</ol>`; ETag, public cache (private with an `unapproved` pair).', contentType: 'text/html', schema: z.string() },
          304: { description: 'Not modified (If-None-Match).' },
          400: errorResponse('Bad limit or cursor'),
          404: errorResponse('Unknown post id format'),
        };
      },
    },
    async (c, input) => {
      const postId = postIdParam(c);
      const { limit = 100, cursor, unapproved, 'moderation-hash': hash } = input.query();
      const { comments, ownPending } = await publicPage(deps, postId, { limit, cursor }, { unapproved, hash });
      c.header('Cache-Control', ownPending || unapproved ? 'private, no-store' : `public, max-age=${PUBLIC_MAX_AGE_SECONDS}`);
      return c.html(commentList(comments));
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/widget.js',
      summary: 'The embeddable comment widget (renders into #leave-a-reply on an allowed site)',
      tags: ['widget'],
      get responses() {
        return { 200: { description: 'JavaScript; ETag, public cache, embeddable from any origin.', contentType: 'text/javascript', schema: z.string() } };
      },
    },
    (c) => {
      const script = deps.widgetScript?.();
      if (!script) throw new NotFoundError('The widget is not built into this deployment.');
      c.header('Content-Type', 'text/javascript; charset=utf-8');
      c.header('Cache-Control', `public, max-age=${WIDGET_MAX_AGE_SECONDS}`);
      // Loaded by <script src> from other sites' pages, including ones that require CORP (COEP).
      c.header('Cross-Origin-Resource-Policy', 'cross-origin');
      return c.body(script);
    },
  );

  if (deps.demoPost) routes.addUndocumented('get', '/', (c) => demoPage(c, deps, origins));
}

/** The demo post: the same comment markup as the fragment, the form, WordPress's `?replytocom=` fallback. */
async function demoPage(c: Context<AppEnv>, deps: PublicAppDeps, origins: OriginPolicy): Promise<Response> {
  const query = c.req.query();
  const { page, comments, ownPending } = await publicPage(deps, DEMO_POST.id, { limit: 100 }, { unapproved: query.unapproved, hash: query['moderation-hash'] });
  const replyId = CommentId.safeParse(query.replytocom).success ? query.replytocom : undefined;
  const replyTo = comments.find((comment) => comment.id === replyId && !comment.awaitingModeration);
  if (ownPending) c.header('Cache-Control', 'private, no-store');
  const pageUrl = new URL('/', origins.own(c)).href;
  return sendPage(c, renderPostPage({ comments, count: page.count, pageUrl, renderedAt: deps.clock.now().getTime(), replyTo }));
}
