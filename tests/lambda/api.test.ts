import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { aSubmission, createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiEvent, lambdaContext } from './support/events.ts';
import { createModeratorApiHandler } from '../../functions/moderator-api/handler.ts';
import { createPublicApiHandler } from '../../functions/public-api/handler.ts';
import { composeModeratorApi, composePublicApi } from '../../shared/adapters/wiring.ts';
import { functionEnv } from './support/function-env.ts';

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

let stack: TestStack;
let publicHandler: Handler;
let moderatorHandler: Handler;
let token: string;

beforeAll(async () => {
  stack = await createTestStack();
  const env = functionEnv(stack);
  publicHandler = createPublicApiHandler(composePublicApi(env)) as unknown as Handler;
  moderatorHandler = createModeratorApiHandler(composeModeratorApi(env)) as unknown as Handler;
  token = await stack.token();
});

/** The public function, as API Gateway invokes it for the visitors' routes. */
const invoke = (event: APIGatewayProxyEventV2) => publicHandler(event, lambdaContext('comments-api'));
/** The moderators' function. */
const invokeModerators = (event: APIGatewayProxyEventV2) => moderatorHandler(event, lambdaContext('moderator-api'));
const json = <T>(result: APIGatewayProxyStructuredResultV2) => JSON.parse(result.body ?? '') as T;

type FullComment = { id: string; ip: string | null; userAgent: string | null; email: string; author: string; content: string; status: string };

/** Reads a comment the way a moderator does: through the moderators' function, with a bearer token. */
async function moderatorView(commentId: string): Promise<FullComment> {
  const result = await invokeModerators(apiEvent('get-moderation-comment', { path: `/moderation/comments/${commentId}`, headers: { authorization: `Bearer ${token}` } }));
  expect(result.statusCode).toBe(200);
  return json<{ comment: FullComment }>(result).comment;
}

describe('Functions: public api and moderator api (API Gateway HTTP API, payload 2.0)', () => {
  describe('a JSON submission', () => {
    it('is accepted as pending with 202', async () => {
      // Prepare
      const event = apiEvent('post-comment-json', { path: '/posts/json-post/comments' });

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(202);
      expect(result.headers?.['content-type']).toMatch(/^application\/json/);
      expect(json(result)).toEqual({
        comment: expect.objectContaining({ postId: 'json-post', parentId: null, author: 'Hanako Yamada', url: 'https://hanako.example', status: 'pending' }),
        moderationHash: expect.stringMatching(/^[\w-]{43}$/),
      });
      expect(result.body).not.toContain('hanako@example.com');
    });

    it("stores the request context's sourceIp as the IP, not X-Forwarded-For, and the user agent", async () => {
      // Prepare
      const event = apiEvent('post-comment-json', {
        path: '/posts/ip-post/comments',
        sourceIp: '203.0.113.77',
        json: aSubmission(),
        headers: { 'x-forwarded-for': '198.51.100.99', 'user-agent': 'LambdaTest/1.0' },
      });

      // Act
      const result = await invoke(event);
      const stored = await moderatorView(json<{ comment: { id: string } }>(result).comment.id);

      // Assess
      expect(result.statusCode).toBe(202);
      expect(stored.ip).toBe('203.0.113.77');
      expect(stored.userAgent).toBe('LambdaTest/1.0');
    });

    it('answers a bad submission with 400 and every invalid field', async () => {
      // Prepare
      const event = apiEvent('post-comment-json', { path: '/posts/json-post/comments', sourceIp: '203.0.113.78', json: { author: '', email: 'nope', content: '' } });

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(json(result)).toMatchObject({ error: { code: 'validation_failed', fields: { author: expect.any(String), email: expect.any(String), content: expect.any(String) } } });
      expect(result.body).not.toContain('nope');
    });
  });

  describe('a WordPress form post (base64-encoded body)', () => {
    it('redirects with 303 to an allowed redirect_to, at the new comment', async () => {
      // Prepare
      const event = apiEvent('post-comment-form', { path: '/posts/form-post/comments' });
      expect(event.isBase64Encoded).toBe(true);

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(303);
      const location = new URL(result.headers?.location as string);
      expect(`${location.origin}${location.pathname}`).toBe('https://blog.example/2026/hello-world/');
      const commentId = /^#comment-([0-9A-Z]{26})$/.exec(location.hash)?.[1];
      expect(commentId).toBeDefined();

      const stored = await moderatorView(commentId!);
      expect(stored).toMatchObject({ author: 'Taro Suzuki', email: 'taro@example.com', status: 'pending', ip: '198.51.100.23' });
      expect(stored.content).toBe('<p>Sent from the WordPress form.<br>\nWith a line break.</p>');
    });

    it('does not redirect to a site that is not allowed', async () => {
      // Prepare
      const event = apiEvent('post-comment-form', {
        path: '/posts/form-post/comments',
        sourceIp: '198.51.100.24',
        headers: { referer: null },
        form: { author: 'Evil', email: 'evil@example.com', comment: 'Off you go.', redirect_to: 'https://evil.example/phish' },
      });

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(200);
      expect(result.headers?.location).toBeUndefined();
      expect(result.headers?.['content-type']).toMatch(/^text\/html/);
    });

    it('answers JSON when the form post asks for it', async () => {
      // Prepare
      const event = apiEvent('post-comment-form', {
        path: '/posts/form-post/comments',
        sourceIp: '198.51.100.25',
        headers: { accept: 'application/json' },
        form: { author: 'Script', email: 'script@example.com', comment: 'From fetch().', comment_parent: '0' },
      });

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(202);
      expect(json(result)).toMatchObject({ comment: { author: 'Script', parentId: null, status: 'pending' } });
    });

    it('answers a refused form post with an HTML error page and the same status as JSON would', async () => {
      // Prepare
      const event = apiEvent('post-comment-form', {
        path: '/posts/form-post/comments',
        sourceIp: '198.51.100.26',
        form: { author: 'Taro', email: 'not-an-address', comment: 'x' },
      });

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(result.headers?.['content-type']).toMatch(/^text\/html/);
      expect(result.body).toContain('Comment Submission Failure');
      expect(result.body).not.toContain('not-an-address');
    });
  });

  describe('other routes', () => {
    it('answers GET /health', async () => {
      // Act
      const result = await invoke(apiEvent('get-moderation-comment', { path: '/health', headers: { authorization: null } }));

      // Assess
      expect(result.statusCode).toBe(200);
      expect(json(result)).toEqual({ ok: true });
    });

    it('refuses a moderator route without a token', async () => {
      // Act
      const result = await invokeModerators(apiEvent('get-moderation-comment', { headers: { authorization: null } }));

      // Assess
      expect(result.statusCode).toBe(401);
      expect(json(result)).toMatchObject({ error: { code: 'unauthorized' } });
    });

    it('passes the query string through', async () => {
      // Prepare
      const event = apiEvent('get-moderation-comment', { path: '/posts/json-post/comments', query: 'limit=0', headers: { authorization: null } });

      // Act
      const result = await invoke(event);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(json(result)).toMatchObject({ error: { code: 'validation_failed', fields: { limit: expect.any(String) } } });
    });
  });
});
