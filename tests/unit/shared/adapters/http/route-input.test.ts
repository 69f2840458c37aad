import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { errorJson } from '../../../../../shared/adapters/http/http-errors.ts';
import { bearerToken, commentIdParam, jsonBodyOf, postIdParam, queryOf } from '../../../../../shared/adapters/http/route-input.ts';

const Query = z.object({ limit: z.coerce.number().int().min(1).max(100, 'limit must be from 1 to 100.').optional() });
const Body = z.object({ content: z.string({ error: 'Please type your comment text.' }) }).strict();

/** A bare app with one route per helper, answering errors as the real app does. */
function app() {
  const routes = new Hono();
  routes.get('/posts/:postId', (c) => c.json({ postId: postIdParam(c) }));
  routes.get('/comments/:id', (c) => c.json({ id: commentIdParam(c) }));
  routes.get('/list', (c) => c.json(queryOf(c, Query)));
  routes.post('/body', async (c) => c.json(await jsonBodyOf(c, Body)));
  routes.get('/token', (c) => c.json({ token: bearerToken(c) }));
  routes.onError((error, c) => errorJson(c, error));
  return routes;
}

const answer = async (path: string, init?: RequestInit) => {
  const res = await app().request(path, init);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('Functions: path ids', () => {
  it.each([
    ['/posts/a-post', 200, { postId: 'a-post' }],
    ['/posts/%20bad', 404, { error: { code: 'not_found', message: 'No such post.' } }],
    ['/comments/01KAZ0000000000000000000AA', 200, { id: '01KAZ0000000000000000000AA' }],
    ['/comments/not-a-ulid', 404, { error: { code: 'not_found', message: 'No comment has this id.' } }],
  ])('%s → %i', async (path, status, body) => {
    expect(await answer(path)).toEqual({ status, body });
  });
});

describe('Function: queryOf', () => {
  it.each([
    ['/list', 200, {}],
    ['/list?limit=5', 200, { limit: 5 }],
    ['/list?limit=500', 400, { error: { code: 'validation_failed', message: 'Some fields are invalid.', fields: { limit: 'limit must be from 1 to 100.' } } }],
  ])('%s → %i', async (path, status, body) => {
    expect(await answer(path)).toEqual({ status, body });
  });
});

describe('Function: jsonBodyOf', () => {
  const post = (body: string, type = 'application/json') => answer('/body', { method: 'POST', body, headers: { 'content-type': type } });

  it('answers the parsed, typed body', async () => {
    expect(await post('{"content":"Hi"}')).toEqual({ status: 200, body: { content: 'Hi' } });
  });

  it.each([
    ['a missing field', '{}', 400, 'validation_failed'],
    ['an unknown field', '{"content":"Hi","x":1}', 400, 'validation_failed'],
    ['JSON null (not an object)', 'null', 400, 'validation_failed'],
    ['broken JSON', '{"content":', 400, 'invalid_json'],
  ])('refuses %s', async (_, body, status, code) => {
    // Act
    const result = await post(body);

    // Assess
    expect(result.status).toBe(status);
    expect(result.body).toMatchObject({ error: { code } });
  });

  it('reads an empty body as {} and refuses a form', async () => {
    expect((await answer('/body', { method: 'POST' })).body).toMatchObject({ error: { code: 'validation_failed', fields: { content: 'Please type your comment text.' } } });
    expect(await post('content=Hi', 'application/x-www-form-urlencoded')).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });
});

describe('Function: bearerToken', () => {
  it.each([
    ['Bearer abc.def.ghi', 'abc.def.ghi'],
    ['bearer   abc.def.ghi  ', 'abc.def.ghi'],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer ', null],
    ['Bearer a b', null],
    [undefined, null],
  ])('%j → %j', async (header, token) => {
    expect((await answer('/token', { headers: header === undefined ? {} : { authorization: header } })).body).toEqual({ token });
  });
});
