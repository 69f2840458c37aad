import type { Context } from 'hono';
import * as z from 'zod';
import { PostId, PublicComment, SubmittedComment, toSubmittedComment } from '../../../domain/comment.ts';
import { CommentForm, CommentSubmission, formToSubmission } from '../../../domain/comment-input.ts';
import { NotFoundError, ValidationError } from '../../../domain/errors.ts';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import { toErrorResponse } from '../error-response.ts';
import { ErrorBodySchema, type ApiRoutes } from '../openapi.ts';
import { allowedOrigins, commentRedirect } from '../origins.ts';
import { renderSubmissionFailure, renderSubmissionReceived } from '../pages/submission-pages.ts';
import { bodyKind, readBody } from '../request-body.ts';
import { fieldErrors, submitComment } from '../../../use-cases/submit-comment.ts';

const errorResponse = (description: string) => ({ description, schema: ErrorBodySchema });

export const ListQuery = z.object({
  limit: z.coerce
    .number({ error: 'limit must be a number from 1 to 100.' })
    .int('limit must be a whole number from 1 to 100.')
    .min(1, 'limit must be from 1 to 100.')
    .max(100, 'limit must be from 1 to 100.')
    .optional()
    .meta({ description: 'Page size, 1–100 (default 50).' }),
  cursor: z.string().max(2048, 'This page cursor is not valid.').optional().meta({ description: 'The nextCursor of the previous page.' }),
});

export const PublicCommentList = z
  .object({
    postId: PostId,
    count: z.int().meta({ description: "The post's total approved comments." }),
    comments: z.array(PublicComment),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'PublicCommentList' });

/** A browser posting the WordPress form wants pages and redirects, not JSON. */
export function prefersHtml(c: Context): boolean {
  return c.req.method === 'POST' && bodyKind(c) === 'form' && !(c.req.header('accept') ?? '').includes('application/json');
}

export function validPostId(c: Context): string {
  const postId = c.req.param('postId') ?? '';
  if (!PostId.safeParse(postId).success) throw new NotFoundError('No such post.');
  return postId;
}

export function parseQuery<T extends z.ZodType>(schema: T, query: Record<string, string>): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new ValidationError(fieldErrors(parsed.error.issues));
  return parsed.data;
}

export function registerPublicRoutes(routes: ApiRoutes, deps: AppDeps): void {
  routes.add(
    {
      method: 'post',
      path: '/posts/{postId}/comments',
      summary: 'Leave a reply (JSON, or the WordPress comment form)',
      tags: ['comments'],
      params: { postId: PostId },
      headers: { 'Idempotency-Key': z.string().min(1).max(128).meta({ description: 'Makes retries safe: the same key returns the first answer.' }) },
      body: { 'application/json': CommentSubmission, 'application/x-www-form-urlencoded': CommentForm },
      responses: {
        202: { description: 'Accepted, pending moderation.', schema: z.object({ comment: SubmittedComment }) },
        303: { description: 'Form post: back to the page, at `#comment-{id}`.' },
        400: errorResponse('validation_failed or invalid_json'),
        403: errorResponse('comments_closed or parent_not_approved'),
        404: errorResponse('Unknown post id format'),
        409: errorResponse('duplicate_comment'),
        413: errorResponse('payload_too_large'),
        415: errorResponse('unsupported_media_type'),
        429: errorResponse('flood or rate_limited, with Retry-After'),
      },
    },
    async (c) => {
      const postId = validPostId(c);
      const { kind, data } = await readBody(c);
      const form = kind === 'form' ? (data as Record<string, string>) : undefined;
      const comment = await submitComment(deps, form ? formToSubmission(form) : data, {
        postId,
        ip: deps.clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
      });
      if (form && prefersHtml(c)) {
        const location = commentRedirect(c, deps.siteOrigins, form.redirect_to, comment.id);
        return location ? c.redirect(location, 303) : c.html(renderSubmissionReceived({ status: comment.status }), 200);
      }
      return c.json({ comment: toSubmittedComment(comment) }, 202);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/posts/{postId}/comments',
      summary: "A post's approved comments, oldest first",
      tags: ['comments'],
      params: { postId: PostId },
      query: ListQuery,
      responses: { 200: { description: 'One page of approved comments.', schema: PublicCommentList }, 400: errorResponse('Bad limit or cursor'), 404: errorResponse('Unknown post id format') },
    },
    async (c) => {
      const postId = validPostId(c);
      const { limit = 50, cursor } = parseQuery(ListQuery, c.req.query());
      const [post, page] = await Promise.all([deps.comments.getPost(postId), deps.comments.listApproved(postId, { limit, cursor })]);
      return c.json({ postId, count: post.approvedCount, comments: page.items, nextCursor: page.nextCursor }, 200);
    },
  );
}

/** The HTML answer to a refused form post: same status as the JSON error would have. */
export function submissionFailurePage(c: Context<AppEnv>, error: unknown, siteOrigins: string[]): Response | Promise<Response> {
  const { status, body, headers } = toErrorResponse(error);
  const messages = body.error.fields && Object.keys(body.error.fields).length > 0 ? Object.values(body.error.fields) : [body.error.message];
  const back = backLink(c, siteOrigins);
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  c.status(status as 400);
  return c.html(renderSubmissionFailure({ messages, backUrl: back }));
}

function backLink(c: Context, siteOrigins: string[]): string | null {
  const referer = c.req.header('referer');
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return allowedOrigins(c, siteOrigins).has(url.origin) ? url.href : null;
  } catch {
    return null;
  }
}
