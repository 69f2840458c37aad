import * as z from 'zod';
import { erasePersonalData, ExportedComment, exportPersonalData, PrivacyRequest } from '../../../use-cases/privacy-requests.ts';
import type { AppEnv, ModeratorAppDeps } from '../app-deps.ts';
import { type ApiRoutes, errorResponse } from '../openapi.ts';

const ExportAnswer = z.object({ comments: z.array(ExportedComment) }).meta({ id: 'PersonalDataExport' });

export function registerPrivacyRoutes(routes: ApiRoutes<AppEnv>, deps: ModeratorAppDeps): void {
  const base = { tags: ['privacy'], auth: true, method: 'post', body: { 'application/json': PrivacyRequest } } as const;
  // 401/403, 413/415, 429, 500 and 503 are added by ApiRoutes for every moderator route with a body.
  const errors = { 400: errorResponse('validation_failed or invalid_json') };

  routes.add(
    { ...base, path: '/privacy/export', summary: 'Every comment by an email address, with its personal data', responses: { 200: { description: 'The export', schema: ExportAnswer }, ...errors } },
    async (c, input) => {
      const origin = new URL(c.req.url).origin;
      const comments = await exportPersonalData(deps, await input.json(), (comment) => `${origin}/posts/${comment.postId}/comments#comment-${comment.id}`);
      return c.json({ comments }, 200);
    },
  );

  routes.add(
    { ...base, path: '/privacy/erase', summary: 'Anonymise every comment by an email address, as WordPress does', responses: { 200: { description: 'How many were anonymised', schema: z.object({ erased: z.int() }) }, ...errors } },
    async (c, input) => c.json({ erased: await erasePersonalData(deps, await input.json()) }, 200),
  );
}
