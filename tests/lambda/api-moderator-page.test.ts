import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestStack, type TestStack } from '../support/test-stack.ts';
import { apiEvent, lambdaContext } from './support/events.ts';
import { createModeratorApiHandler } from '../../functions/moderator-api/handler.ts';
import { composeModeratorApi } from '../../shared/adapters/wiring.ts';
import { functionEnv } from './support/function-env.ts';

type Handler = (event: APIGatewayProxyEventV2, context: ReturnType<typeof lambdaContext>) => Promise<APIGatewayProxyStructuredResultV2>;

const LOGIN_DOMAIN = 'https://leave-a-reply-test-123456789012.auth.us-east-1.amazoncognito.com';
let stack: TestStack;
let handler: Handler;

beforeAll(async () => {
  stack = await createTestStack();
  // What the CDK stack sets on AWS: Cognito tokens, and the managed-login domain for the page.
  const env = functionEnv(stack, {
    AUTH_MODE: 'cognito',
    AUTH_ISSUER: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_TEST',
    AUTH_AUDIENCE: 'client-123',
    AUTH_LOGIN_DOMAIN: LOGIN_DOMAIN,
  });
  handler = createModeratorApiHandler(composeModeratorApi(env)) as unknown as Handler;
});

const invoke = (event: APIGatewayProxyEventV2) => handler(event, lambdaContext('moderator-api'));
const body = (result: APIGatewayProxyStructuredResultV2) => (result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64').toString('utf8') : (result.body ?? ''));

describe('Function: api — the moderators’ page and the links on AWS', () => {
  it('serves /moderate set up for Cognito managed login, with a CSP that allows only the login domain besides itself', async () => {
    const result = await invoke(apiEvent('get-moderation-comment', { path: '/moderate', headers: { authorization: null } }));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^text\/html/);
    const page = body(result);
    expect(page).toContain('data-sign-in="cognito"');
    expect(page).toContain(`data-login-domain="${LOGIN_DOMAIN}"`);
    expect(page).toContain('data-client-id="client-123"');
    expect(page).toContain('id="sign-in-cognito"');
    const csp = String(result.headers?.['content-security-policy']);
    expect(csp).toContain(`connect-src 'self' ${LOGIN_DOMAIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('serves the page script as JavaScript', async () => {
    const result = await invoke(apiEvent('get-moderation-comment', { path: '/moderate.js', headers: { authorization: null } }));

    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toMatch(/^text\/javascript/);
    expect(body(result)).toContain('/oauth2/authorize');
  });

  it('answers a forged link POSTed as a form (base64 body) with a 404 page, no token needed', async () => {
    const result = await invoke(apiEvent('post-comment-form', { method: 'POST', path: '/moderation-links/01JDX6Z8Q5V3W1N2M4K7P9R0STa1.zzzzzz.AAAAAAAAAAAAAAAAAAAAAA', form: {} }));

    expect(result.statusCode).toBe(404);
    expect(result.headers?.['content-type']).toMatch(/^text\/html/);
    expect(body(result)).toContain('This link is not valid');
  });
});
