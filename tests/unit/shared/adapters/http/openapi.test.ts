import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createApp } from '../../../../../shared/adapters/http/app.ts';
import type { AppDeps } from '../../../../../shared/adapters/http/app-deps.ts';
import { ApiRoutes } from '../../../../../shared/adapters/http/openapi.ts';
import { Hono } from 'hono';

/** A port that fails the test if anything touches it: the document needs no storage. */
const untouchable = <T>(name: string): T =>
  new Proxy({}, { get: (_target, property) => () => { throw new Error(`${name}.${String(property)} was called`); } }) as T;

function appWithoutStorage() {
  const deps: AppDeps = {
    comments: untouchable('comments'),
    imports: untouchable('imports'),
    queue: untouchable('queue'),
    notifier: untouchable('notifier'),
    hasher: untouchable('hasher'),
    clock: untouchable('clock'),
    ids: untouchable('ids'),
    verifier: untouchable('verifier'),
    siteOrigins: [],
    clientIp: () => null,
  };
  return createApp(deps);
}

type Operation = {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> };
};
type Schema = { $ref?: string; type?: string; properties?: Record<string, unknown>; required?: string[] };

/** Follows a local `$ref` (a JSON pointer from the document's root) as OpenAPI tools do. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
}

function resolved(doc: Document, schema: Schema): Schema {
  return schema.$ref ? resolved(doc, resolvePointer(doc, schema.$ref) as Schema) : schema;
}

/** Every route of API.md, with its methods. */
const API_ROUTES: Record<string, string[]> = {
  '/health': ['get'],
  '/posts/{postId}/comments': ['get', 'post'],
  '/moderation/comments': ['get'],
  '/moderation/comments/{id}': ['delete', 'get', 'patch'],
  '/moderation/comments/{id}/approve': ['post'],
  '/moderation/comments/{id}/unapprove': ['post'],
  '/moderation/comments/{id}/spam': ['post'],
  '/moderation/comments/{id}/trash': ['post'],
  '/moderation/comments/{id}/restore': ['post'],
  '/moderation/comments/{id}/reply': ['post'],
  '/moderation/batch': ['post'],
  '/moderation/settings': ['get', 'put'],
  '/moderation/posts/{postId}': ['put'],
  '/moderation/import': ['post'],
  '/moderation/export': ['get'],
  '/privacy/export': ['post'],
  '/privacy/erase': ['post'],
};
const isModeratorRoute = (path: string) => path.startsWith('/moderation/') || path.startsWith('/privacy/');
const operations = (doc: Document) => Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));

let response: Response;
let doc: Document;
beforeAll(async () => {
  response = await appWithoutStorage().request('/openapi.json');
  doc = (await response.clone().json()) as Document;
});

describe('Route: GET /openapi.json', () => {
  it('answers with JSON without touching storage or auth', () => {
    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('is an OpenAPI 3.1 document', () => {
    // Assess
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  });

  it('lists every route of API.md with its methods', () => {
    // Prepare
    const listed = Object.fromEntries(Object.entries(doc.paths).map(([path, methods]) => [path, Object.keys(methods).sort()]));

    // Assess
    expect(listed).toMatchObject(API_ROUTES);
  });

  it('lists no route API.md does not name', () => {
    // Assess
    expect(Object.keys(doc.paths).filter((path) => !(path in API_ROUTES))).toEqual([]);
  });

  it('resolves every $ref inside the document', () => {
    // Prepare
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);

    // Assess
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((ref) => resolvePointer(doc, ref) === undefined)).toEqual([]);
  });

  it('gives every operation a unique operationId and a success response', () => {
    // Prepare
    const all = operations(doc);

    // Assess
    expect(new Set(all.map((o) => o.operation.operationId)).size).toBe(all.length);
    for (const { operation } of all) expect(Object.keys(operation.responses).some((status) => status.startsWith('2') || status === '303')).toBe(true);
  });

  it('declares every path parameter, as required', () => {
    // Assess
    for (const { path, operation } of operations(doc)) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = operation.parameters.filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort()).toEqual(names.sort());
      for (const parameter of declared) expect(parameter.required).toBe(true);
    }
  });

  describe('the submit route', () => {
    const submit = () => doc.paths['/posts/{postId}/comments']!.post!;

    it('takes a JSON body with the submission fields', () => {
      // Act
      const schema = resolved(doc, submit().requestBody!.content['application/json']!.schema);

      // Assess
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties ?? {})).toEqual(expect.arrayContaining(['author', 'consent', 'content', 'email', 'parentId', 'url']));
      expect(schema.required).toEqual(expect.arrayContaining(['author', 'email', 'content']));
    });

    it("takes the WordPress comment form's fields", () => {
      // Act
      const schema = resolved(doc, submit().requestBody!.content['application/x-www-form-urlencoded']!.schema);

      // Assess
      expect(schema.type).toBe('object');
      expect(Object.keys(schema.properties ?? {})).toEqual(
        expect.arrayContaining(['author', 'email', 'url', 'comment', 'comment_parent', 'comment_post_ID', 'wp-comment-cookies-consent', 'redirect_to']),
      );
    });

    it('documents the Idempotency-Key header and the 202, 303 and error answers', () => {
      // Assess
      expect(submit().parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }));
      expect(Object.keys(submit().responses)).toEqual(expect.arrayContaining(['202', '303', '400', '403', '409', '413', '415', '429']));
    });
  });

  describe('security', () => {
    it('defines the bearer scheme', () => {
      // Assess
      const schemes = Object.values(doc.components.securitySchemes);
      expect(schemes).toContainEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    });

    it('requires the bearer token on every moderator route', () => {
      // Prepare
      const bearer = Object.entries(doc.components.securitySchemes).find(([, s]) => s.scheme === 'bearer')![0];

      // Assess
      for (const { path, method, operation } of operations(doc).filter((o) => isModeratorRoute(o.path))) {
        expect({ path, method, security: operation.security }).toEqual({ path, method, security: [{ [bearer]: [] }] });
      }
    });

    it('requires nothing on public routes', () => {
      // Assess
      for (const { path, method, operation } of operations(doc).filter((o) => !isModeratorRoute(o.path))) {
        expect({ path, method, security: operation.security ?? [] }).toEqual({ path, method, security: [] });
      }
    });
  });
});

describe('Class: ApiRoutes', () => {
  describe('Method: document', () => {
    it('turns a declared route into a router entry and an operation from the same schemas', async () => {
      // Prepare
      const app = new Hono();
      const routes = new ApiRoutes(app);
      routes.add(
        {
          method: 'get',
          path: '/things/{thingId}',
          summary: 'A thing',
          tags: ['things'],
          params: { thingId: z.string().meta({ description: 'Which thing' }) },
          query: z.object({ limit: z.coerce.number().optional() }),
          responses: { 200: { description: 'The thing', schema: z.object({ id: z.string() }) } },
        },
        (c) => c.json({ id: c.req.param('thingId') }),
      );

      // Act
      const document = routes.document({ title: 't', version: '1' }) as unknown as Document;
      const answer = await app.request('/things/x1');

      // Assess
      expect(await answer.json()).toEqual({ id: 'x1' });
      const operation = document.paths['/things/{thingId}']!.get!;
      expect(operation.parameters).toEqual([
        { name: 'thingId', in: 'path', required: true, description: 'Which thing', schema: { type: 'string' } },
        { name: 'limit', in: 'query', required: false, schema: expect.objectContaining({ type: 'number' }) },
      ]);
      expect(operation.security).toBeUndefined();
      expect(operation.responses['200']!.content).toEqual({ 'application/json': { schema: expect.objectContaining({ type: 'object' }) } });
    });
  });
});
