import type { Context } from 'hono';
import { PostId } from '../../../domain/comment.ts';
import { ExportAnswer, ImportAnswer, ImportRequest, MAX_IMPORT_BATCH } from '../../../domain/exchange-record.ts';
import { exportComments } from '../../../use-cases/export-comments.ts';
import { importComments } from '../../../use-cases/import-comments.ts';
import type { AppEnv, ModeratorAppDeps } from '../app-deps.ts';
import { type ApiRoutes, errorResponse } from '../openapi.ts';
import { listQuerySchemas } from './public-routes.ts';

export const IMPORT_PATH = '/moderation/import';

const errors = {
  400: errorResponse('validation_failed (the request as a whole; bad records are skipped with their reason) or invalid_json'),
  401: errorResponse('unauthorized'),
  403: errorResponse('forbidden'),
};

const { ListQuery } = listQuerySchemas();
const ExportQuery = ListQuery.extend({
  limit: ListQuery.shape.limit.meta({ description: 'Page size, 1–100 (default 100).' }),
  postId: PostId.optional().meta({ description: "Only this post's comments." }),
});

/** Moving comments in (WordPress, Disqus, an earlier export) and out, as records. */
export function registerExchangeRoutes(routes: ApiRoutes<AppEnv>, deps: ModeratorAppDeps): void {
  routes.add(
    {
      method: 'post',
      path: IMPORT_PATH,
      tags: ['moderation'],
      auth: true,
      summary: `Import up to ${MAX_IMPORT_BATCH} records (idempotent by externalId; statuses kept, nothing queued)`,
      body: { 'application/json': ImportRequest },
      responses: {
        200: { description: 'What became of each record', schema: ImportAnswer },
        ...errors,
        413: errorResponse('payload_too_large (over 5 MiB)'),
        415: errorResponse('unsupported_media_type (send application/json)'),
      },
    },
    async (c: Context<AppEnv>, input) => c.json(await importComments(deps, await input.json(), c.get('actor')), 200),
  );

  routes.add(
    {
      method: 'get',
      path: '/moderation/export',
      tags: ['moderation'],
      auth: true,
      summary: 'Every comment (or one post\'s) as records that import takes back, every status, oldest first',
      query: ExportQuery,
      responses: { 200: { description: 'One page of records', schema: ExportAnswer }, ...errors },
    },
    async (c, input) => {
      const { postId, limit = 100, cursor } = input.query();
      return c.json(await exportComments(deps, { postId, limit, cursor }), 200);
    },
  );
}
