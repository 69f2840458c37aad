import type { Context } from 'hono';
import * as z from 'zod';
import { CommentId, CommentStatus, ModeratorComment, PostId, toModeratorComment } from '../../../domain/comment.ts';
import { HistoryAnswer } from '../../../domain/history.ts';
import { Post, PostSettings } from '../../../domain/post.ts';
import { Settings, SettingsUpdate } from '../../../domain/settings.ts';
import { updateSettings } from '../../../use-cases/update-settings.ts';
import {
  applyStatusAction,
  BatchRequest,
  CommentEdit,
  deleteComment,
  editComment,
  getComment,
  ModeratorReply,
  replyAsModerator,
  runBatch,
  STATUS_ACTIONS,
} from '../../../use-cases/moderator-actions.ts';
import type { AppEnv, ModeratorAppDeps } from '../app-deps.ts';
import { type ApiRoutes, errorResponse } from '../openapi.ts';
import { commentIdParam, postIdParam } from '../route-input.ts';
import { listQuerySchemas } from './public-routes.ts';

const CommentAnswer = z.object({ comment: ModeratorComment }).meta({ id: 'ModeratorCommentAnswer' });

const ModerationListQuery = listQuerySchemas().ListQuery.extend({
  status: CommentStatus.default('pending').meta({ description: 'Which list (default pending).' }),
  postId: PostId.optional().meta({ description: "Only this post's comments." }),
});

const BatchAnswer = z
  .object({
    results: z.array(z.object({ id: z.string(), ok: z.boolean(), error: z.object({ code: z.string(), message: z.string() }).optional() })),
  })
  .meta({ id: 'BatchAnswer' });

export function registerModerationRoutes(routes: ApiRoutes<AppEnv>, deps: ModeratorAppDeps): void {
  const base = { tags: ['moderation'], auth: true } as const;
  const idParam = { id: CommentId };

  routes.add(
    {
      ...base,
      method: 'get',
      path: '/moderation/comments',
      summary: 'Comments by status (pending: the moderation queue), oldest first',
      query: ModerationListQuery,
      responses: {
        200: { description: 'One page', schema: z.object({ comments: z.array(ModeratorComment), nextCursor: z.string().nullable() }) },
        400: errorResponse('Bad query')
      },
    },
    async (c, input) => {
      const { status, postId, limit = 50, cursor } = input.query();
      const page = await deps.comments.list({ status, postId }, { limit, cursor });
      return c.json({ comments: page.items.map(toModeratorComment), nextCursor: page.nextCursor }, 200);
    },
  );

  routes.add(
    { ...base, method: 'get', path: '/moderation/comments/{id}', summary: 'One comment, with its personal data', params: idParam, responses: { 200: { description: 'The comment', schema: CommentAnswer }, 404: errorResponse('not_found')} },
    async (c) => c.json({ comment: toModeratorComment(await getComment(deps, commentIdParam(c))) }, 200),
  );

  routes.add(
    {
      ...base,
      method: 'get',
      path: '/moderation/comments/{id}/history',
      summary: 'Every decision on the comment, oldest first (worker, moderator, link, import); kept after a delete',
      params: idParam,
      responses: { 200: { description: 'The events', schema: HistoryAnswer }, 404: errorResponse('not_found') },
    },
    async (c) => {
      const id = commentIdParam(c);
      const events = await deps.history.list(id);
      // A comment with no recorded event (stored before histories existed) still answers, with none.
      if (events.length === 0) await getComment(deps, id);
      return c.json({ events }, 200);
    },
  );

  for (const action of STATUS_ACTIONS) {
    routes.add(
      {
        ...base,
        method: 'post',
        path: `/moderation/comments/{id}/${action}`,
        summary: `${action[0]!.toUpperCase()}${action.slice(1)} a comment`,
        params: idParam,
        responses: { 200: { description: 'The comment after the action', schema: CommentAnswer }, 404: errorResponse('not_found'), 409: errorResponse('invalid_transition')},
      },
      async (c: Context<AppEnv>) => c.json({ comment: toModeratorComment(await applyStatusAction(deps, commentIdParam(c), action, c.get('actor'))) }, 200),
    );
  }

  routes.add(
    {
      ...base,
      method: 'patch',
      path: '/moderation/comments/{id}',
      summary: 'Edit author, url or content (validated like a submission, not moderated again)',
      params: idParam,
      body: { 'application/json': CommentEdit },
      responses: { 200: { description: 'The edited comment', schema: CommentAnswer }, 400: errorResponse('validation_failed'), 404: errorResponse('not_found')},
    },
    async (c: Context<AppEnv>, input) => {
      const id = commentIdParam(c);
      return c.json({ comment: toModeratorComment(await editComment(deps, id, await input.json(), c.get('actor'))) }, 200);
    },
  );

  routes.add(
    { ...base, method: 'delete', path: '/moderation/comments/{id}', summary: 'Delete for good; replies move up to its parent', params: idParam, responses: { 204: { description: 'Deleted' }, 404: errorResponse('not_found') } },
    async (c: Context<AppEnv>) => {
      await deleteComment(deps, commentIdParam(c), c.get('actor'));
      return c.body(null, 204);
    },
  );

  routes.add(
    {
      ...base,
      method: 'post',
      path: '/moderation/comments/{id}/reply',
      summary: "Reply as a moderator (approved at once; approves a pending parent)",
      params: idParam,
      body: { 'application/json': ModeratorReply },
      responses: { 201: { description: 'The reply', schema: CommentAnswer }, 400: errorResponse('validation_failed'), 404: errorResponse('not_found'), 409: errorResponse('invalid_transition')},
    },
    async (c: Context<AppEnv>, input) => {
      const id = commentIdParam(c);
      return c.json({ comment: toModeratorComment(await replyAsModerator(deps, id, await input.json(), c.get('actor'))) }, 201);
    },
  );

  routes.add(
    {
      ...base,
      method: 'post',
      path: '/moderation/batch',
      summary: 'One action on up to 100 comments, with a result per id',
      body: { 'application/json': BatchRequest },
      responses: { 200: { description: 'Per-id results', schema: BatchAnswer }, 400: errorResponse('validation_failed')},
    },
    async (c: Context<AppEnv>, input) => c.json({ results: await runBatch(deps, await input.json(), c.get('actor')) }, 200),
  );

  const SettingsAnswer = z.object({ settings: Settings }).meta({ id: 'SettingsAnswer' });
  routes.add(
    { ...base, method: 'get', path: '/moderation/settings', summary: 'Discussion settings', responses: { 200: { description: 'Settings', schema: SettingsAnswer }} },
    async (c) => c.json({ settings: await deps.settings.get() }, 200),
  );
  routes.add(
    {
      ...base,
      method: 'put',
      path: '/moderation/settings',
      summary: 'Change any subset of the settings (effective for the next submission)',
      body: { 'application/json': SettingsUpdate },
      responses: { 200: { description: 'The full settings after the change', schema: SettingsAnswer }, 400: errorResponse('validation_failed')},
    },
    async (c, input) => {
      const update = await input.json();
      return c.json({ settings: await updateSettings(deps, update) }, 200);
    },
  );

  routes.add(
    {
      ...base,
      method: 'put',
      path: '/moderation/posts/{postId}',
      summary: "Open or close a post's comments; publishedAt lets closeAfterDays apply",
      params: { postId: PostId },
      body: { 'application/json': PostSettings },
      responses: {
        200: {
          description: 'The post',
          schema: z.object({ post: Post }),
        },
        400: errorResponse('validation_failed'),
        404: errorResponse('Unknown post id format')
      },
    },
    async (c, input) => {
      const postId = postIdParam(c);
      const update = await input.json();
      return c.json({ post: await deps.posts.update(postId, update) }, 200);
    },
  );
}
