import type { Context } from 'hono';
import * as z from 'zod';
import { HONEYPOT_FIELD, MIN_FILL_MS, RENDERED_AT_FIELD } from '../../../domain/bot-traps.ts';
import { ListedComment, PostId, SubmittedComment } from '../../../domain/comment.ts';
import { builtOnFirstUse } from '../../../domain/built-on-first-use.ts';
import { commentSubmissionSchemas, formToSubmission } from '../../../domain/comment-input.ts';
import { ValidationError } from '../../../domain/errors.ts';
import type { AppEnv, PublicAppDeps } from '../app-deps.ts';
import { setErrorAnswer } from '../http-errors.ts';
import { type ApiRoutes, errorResponse } from '../openapi.ts';
import { sendPage } from '../content-security-policy.ts';
import { commentRedirect, type OriginPolicy } from '../origins.ts';
import { renderSubmissionFailure, renderSubmissionReceived } from '../pages/submission-pages.ts';
import { bodyKind, readBody } from '../request-body.ts';
import { bearerToken, postIdParam } from '../route-input.ts';
import { moderationHashFor, publicPage } from '../../../use-cases/own-pending-comment.ts';
import { type SubmittedFields, submitComment } from '../../../use-cases/submit-comment.ts';

/**
 * The list routes' query schemas, built on the first request that reads a query (or the
 * OpenAPI document), not at cold start: a cold start that serves a page, the widget or a
 * submission never builds them.
 */
export const listQuerySchemas = builtOnFirstUse(() => {
  const ListQuery = z.object({
    limit: z.coerce
      .number({ error: 'limit must be a number from 1 to 100.' })
      .int('limit must be a whole number from 1 to 100.')
      .min(1, 'limit must be from 1 to 100.')
      .max(100, 'limit must be from 1 to 100.')
      .optional()
      .meta({ description: 'Page size, 1–100 (default 50).' }),
    cursor: z.string().max(2048, 'This page cursor is not valid.').optional().meta({ description: 'The nextCursor of the previous page.' }),
  });
  /** WordPress's `unapproved` + `moderation-hash`: a malformed or wrong pair is ignored, never refused. */
  const ModerationPairQuery = z.object({
    unapproved: z.string().optional().meta({ description: "The id of the author's own pending comment (from the submission's answer)." }),
    'moderation-hash': z.string().optional().meta({ description: 'The `moderationHash` of that comment; together they show it while pending (up to 7 days).' }),
  });
  return { ListQuery, ModerationPairQuery, PublicListQuery: ListQuery.extend(ModerationPairQuery.shape) };
});

/** The list's answer, built on first use: only the OpenAPI document reads it. */
export const PublicCommentList = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      postId: PostId,
      count: z.int().meta({ description: "The post's total approved comments." }),
      comments: z.array(ListedComment),
      nextCursor: z.string().nullable(),
    })
    .meta({ id: 'PublicCommentList' }),
);

/** A browser posting the WordPress form wants pages and redirects, not JSON. */
export function prefersHtml(c: Context): boolean {
  return c.req.method === 'POST' && bodyKind(c) === 'form' && !(c.req.header('accept') ?? '').includes('application/json');
}

const IDEMPOTENCY_KEY = 'Idempotency-Key';
/** Built on the first submission that sends one (or the document). */
const idempotencyKeySchema = builtOnFirstUse(() =>
  z
    .string()
    .regex(/^[\x20-\x7E]{1,128}$/)
    .refine((key) => key.trim() !== '')
    .meta({ description: 'Makes retries safe: 1–128 printable ASCII characters, new for each comment; a retry with the same key (for 24 h) gets the first answer and stores nothing new.' }),
);

function idempotencyKey(c: Context): string | null {
  const key = c.req.header(IDEMPOTENCY_KEY);
  if (key === undefined) return null;
  if (!idempotencyKeySchema().safeParse(key).success) {
    throw new ValidationError({ [IDEMPOTENCY_KEY]: 'The Idempotency-Key header must be 1 to 128 printable ASCII characters.' });
  }
  return key;
}

/** A JSON body that is not an object sends no fields: the use case answers as for an empty form (see submitComment). */
function fieldsOf(data: unknown): SubmittedFields {
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as SubmittedFields) : {};
}

/** A moderator's valid token exempts a submission from the abuse limits; any other token is simply ignored here. */
async function isModerator(c: Context, deps: PublicAppDeps): Promise<boolean> {
  const token = bearerToken(c);
  if (token === null) return false;
  return deps.verifier.verify(token).then(
    () => true,
    () => false,
  );
}

/** The submission route's body as documented: JSON or the WordPress form, with the bot-trap fields. */
const postCommentBody = builtOnFirstUse(() => {
  const { CommentSubmission, CommentForm } = commentSubmissionSchemas();
  /** The bot traps (docs/site-owners.md): optional in both body types, documented in the OpenAPI document. */
  const botTrapFields = {
    [HONEYPOT_FIELD]: z.string().optional().meta({ description: 'Honeypot: hidden from people, must stay empty. Filled in → accepted but stored as spam.' }),
    [RENDERED_AT_FIELD]: z
      .union([z.string(), z.number()])
      .optional()
      .meta({ description: `Server time (epoch ms) when the form was rendered. Sent back within ${MIN_FILL_MS / 1000} s → accepted but stored as spam.` }),
  };
  return { 'application/json': CommentSubmission.extend(botTrapFields), 'application/x-www-form-urlencoded': CommentForm.extend(botTrapFields) };
});

export function registerPublicRoutes(routes: ApiRoutes<AppEnv>, deps: PublicAppDeps, origins: OriginPolicy): void {
  routes.add(
    {
      method: 'post',
      path: '/posts/{postId}/comments',
      summary: 'Leave a reply (JSON, or the WordPress comment form)',
      tags: ['comments'],
      params: { postId: PostId },
      get headers() {
        return { [IDEMPOTENCY_KEY]: idempotencyKeySchema() };
      },
      // Only the document reads it (the handler checks the body in submitComment): built on first read.
      get body() {
        return postCommentBody();
      },
      // The schemas below only the document reads: built when it asks.
      get responses() {
        return {
          202: {
            description: 'Accepted, pending moderation.',
            schema: z.lazy(() =>
              z.object({
                comment: SubmittedComment,
                moderationHash: z.string().meta({ description: 'With the id, shows the author their pending comment: `?unapproved={id}&moderation-hash={hash}` on the list routes.' }),
              }),
            ),
          },
          303: { description: 'Form post: back to the page with `unapproved={id}&moderation-hash={hash}` in its query, at `#comment-{id}`.' },
          400: errorResponse('validation_failed (including a bad Idempotency-Key) or invalid_json'),
          403: errorResponse('comments_closed or parent_not_approved'),
          404: errorResponse('Unknown post id format'),
          409: errorResponse('duplicate_comment'),
          413: errorResponse('payload_too_large'),
          415: errorResponse('unsupported_media_type'),
          429: errorResponse('flood or rate_limited, with Retry-After'),
        };
      },
    },
    async (c) => {
      const postId = postIdParam(c);
      const retryKey = idempotencyKey(c);
      const { kind, data } = await readBody(c);
      const form = kind === 'form' ? (data as Record<string, string>) : undefined;
      if (form?.redirect_to) c.set('returnTo', form.redirect_to);
      const submission: SubmittedFields = form
        ? { ...formToSubmission(form), [HONEYPOT_FIELD]: form[HONEYPOT_FIELD], [RENDERED_AT_FIELD]: form[RENDERED_AT_FIELD] }
        : fieldsOf(data);
      const comment = await submitComment(deps, submission, {
        postId,
        ip: deps.clientIp(c),
        userAgent: c.req.header('user-agent') ?? null,
        idempotencyKey: retryKey,
        moderator: await isModerator(c, deps),
      });
      const moderationHash = await moderationHashFor(deps, comment);
      if (form && prefersHtml(c)) {
        const location = commentRedirect(c, origins, form.redirect_to, comment.id, { unapproved: comment.id, 'moderation-hash': moderationHash });
        return location ? c.redirect(location, 303) : sendPage(c, renderSubmissionReceived({ status: comment.status }));
      }
      return c.json({ comment, moderationHash }, 202);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/posts/{postId}/comments',
      summary: "A post's approved comments, oldest first",
      tags: ['comments'],
      params: { postId: PostId },
      get query() {
        return listQuerySchemas().PublicListQuery;
      },
      responses: {
        200: { description: "One page of approved comments (with a valid pair, the author's own pending one in its place).", schema: PublicCommentList },
        400: errorResponse('Bad limit or cursor'),
        404: errorResponse('Unknown post id format'),
      },
    },
    async (c, input) => {
      const postId = postIdParam(c);
      const { limit = 50, cursor, unapproved, 'moderation-hash': hash } = input.query();
      const { page, comments, ownPending } = await publicPage(deps, postId, { limit, cursor }, { unapproved, hash });
      if (ownPending) c.header('Cache-Control', 'private, no-store');
      return c.json({ postId, count: page.count, comments, nextCursor: page.nextCursor }, 200);
    },
  );
}

/** The HTML answer to a refused form post: same status as the JSON error would have. */
export function submissionFailurePage(c: Context<AppEnv>, error: unknown, origins: OriginPolicy): Response | Promise<Response> {
  const { body } = setErrorAnswer(c, error);
  const messages = body.error.fields && Object.keys(body.error.fields).length > 0 ? Object.values(body.error.fields) : [body.error.message];
  // Back to the form's page: its `redirect_to`, else the Referer, only on an allowed origin.
  const back = [c.get('returnTo'), c.req.header('referer')].map((candidate) => origins.allowedUrl(c, candidate)).find((url) => url !== null);
  return sendPage(c, renderSubmissionFailure({ messages, backUrl: back?.href ?? null }));
}
