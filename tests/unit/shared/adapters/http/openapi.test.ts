import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { errorJson } from '../../../../../shared/adapters/http/http-errors.ts';
import { ApiRoutes } from '../../../../../shared/adapters/http/openapi.ts';
import { Hono } from 'hono';
import { appWithoutStorage } from '../../../../support/app-without-storage.ts';

type Operation = {
  operationId: string;
  security?: Array<Record<string, string[]>>;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Schema }>; headers?: Record<string, { required: boolean }> }>;
};
type Document = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> };
};
type Schema = { $ref?: string; type?: string; properties?: Record<string, unknown>; required?: string[]; anyOf?: Schema[] };

const PROJECT_ROOT = join(import.meta.dirname, '..', '..', '..', '..', '..');

/** Runs `redocly lint` (the project's redocly.yaml: recommended rules, no telemetry) on a document. */
function redoclyLint(document: unknown): { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string }> } {
  const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const run = spawnSync(
      process.execPath,
      [join(PROJECT_ROOT, 'node_modules/@redocly/cli/bin/cli.js'), 'lint', file, '--config', join(PROJECT_ROOT, 'redocly.yaml'), '--format=json'],
      { cwd: PROJECT_ROOT, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'test', REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' }, timeout: 60_000 },
    );
    const json = run.stdout.slice(run.stdout.indexOf('{'), run.stdout.lastIndexOf('}') + 1);
    if (!json) throw new Error(`redocly lint printed no report (exit ${run.status}): ${run.stderr}`);
    return JSON.parse(json);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

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

/** Every route docs/api.md names (`METHOD /path`), query strings left out: the contract the document must cover. */
const DOCUMENTED_ROUTES = new Set(
  [...readFileSync(join(PROJECT_ROOT, 'docs', 'api.md'), 'utf8').matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s?]*)[^`]*`/g)].map(([, method, path]) => `${method!.toLowerCase()} ${path}`),
);
/** Served, but not API operations: the demo post and the document itself. */
const NOT_IN_THE_DOCUMENT = new Set(['get /', 'get /openapi.json']);

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

  it('lists every route of docs/api.md with its methods', () => {
    // Prepare
    const listed = new Set(operations(doc).map(({ path, method }) => `${method} ${path}`));

    // Assess
    expect(DOCUMENTED_ROUTES.size).toBeGreaterThan(20);
    expect([...DOCUMENTED_ROUTES].filter((route) => !listed.has(route) && !NOT_IN_THE_DOCUMENT.has(route))).toEqual([]);
  });

  it('lists no route docs/api.md does not name', () => {
    // Assess
    expect(operations(doc).map(({ path, method }) => `${method} ${path}`).filter((route) => !DOCUMENTED_ROUTES.has(route))).toEqual([]);
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

    it('says `security: []` on every public route', () => {
      // Assess
      for (const { path, method, operation } of operations(doc).filter((o) => !isModeratorRoute(o.path))) {
        expect({ path, method, security: operation.security }).toEqual({ path, method, security: [] });
      }
    });

    it("documents the app's 401 and API Gateway's own 401 shape on every moderator route", () => {
      // Assess
      for (const { path, method, operation } of operations(doc).filter((o) => isModeratorRoute(o.path))) {
        const schema = operation.responses['401']?.content?.['application/json']?.schema;
        const shapes = (schema?.anyOf ?? []).map((s) => s.$ref);
        expect({ path, method, shapes }).toEqual({ path, method, shapes: ['#/components/schemas/Error', '#/components/schemas/GatewayMessage'] });
      }
    });
  });

  describe('answers every client can meet', () => {
    it('gives every operation at least one 4xx answer', () => {
      // Assess
      for (const { path, method, operation } of operations(doc)) expect({ path, method, has4xx: Object.keys(operation.responses).some((s) => s.startsWith('4')) }).toEqual({ path, method, has4xx: true });
    });

    it('lists 503 `unavailable` on every route that uses storage, with Retry-After', () => {
      // Assess
      for (const { path, method, operation } of operations(doc).filter((o) => o.path !== '/health' && o.path !== '/moderate')) {
        expect({ path, method, retryAfter: operation.responses['503']?.headers?.['Retry-After']?.required }).toEqual({ path, method, retryAfter: true });
      }
    });

    it('declares Retry-After on every 429 that the app answers, and Location on the 303', () => {
      // Prepare
      const submit = doc.paths['/posts/{postId}/comments']!.post!;

      // Assess
      expect(submit.responses['429']!.headers).toHaveProperty('Retry-After');
      expect(submit.responses['303']!.headers?.Location?.required).toBe(true);
    });

    it('names the servers and the licence', () => {
      // Assess
      expect((doc as unknown as { servers: unknown[] }).servers).toEqual([expect.objectContaining({ url: '/' })]);
      expect((doc.info as { license?: unknown }).license).toEqual(expect.objectContaining({ name: expect.any(String) }));
    });
  });

  it('lints clean with @redocly/cli lint (recommended rules)', () => {
    // Act
    const report = redoclyLint(doc);

    // Assess
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
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
      expect(operation.security).toEqual([]);
      expect(operation.responses['200']!.content).toEqual({ 'application/json': { schema: expect.objectContaining({ type: 'object' }) } });
    });

    it('hands the handler its query and JSON body checked by the schemas the route registers', async () => {
      // Prepare
      const app = new Hono();
      const routes = new ApiRoutes(app);
      const query = z.object({ limit: z.coerce.number().int().max(10, 'limit must be at most 10.').optional() });
      const body = z.object({ name: z.string({ error: 'Please give a name.' }) }).strict();
      routes.add(
        { method: 'post', path: '/things', summary: 'Make a thing', tags: ['things'], query, body: { 'application/json': body }, responses: { 200: { description: 'Made' } } },
        async (c, input) => c.json({ ...input.query(), ...(await input.json()) }),
      );
      routes.add({ method: 'get', path: '/plain', summary: 'No query declared', tags: ['things'], responses: { 200: { description: 'OK' } } }, (c, input) => c.json(input.query()));
      app.onError((error, c) => errorJson(c, error));
      const post = (path: string, json: unknown) => app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });

      // Act
      const made = await post('/things?limit=3', { name: 'A' });
      const badQuery = await post('/things?limit=30', { name: 'A' });
      const badBody = await post('/things', { label: 'A' });
      const undeclared = await app.request('/plain?x=1');

      // Assess
      expect(await made.json()).toEqual({ limit: 3, name: 'A' });
      expect([badQuery.status, await badQuery.json()]).toEqual([400, { error: { code: 'validation_failed', message: expect.any(String), fields: { limit: 'limit must be at most 10.' } } }]);
      expect([badBody.status, ((await badBody.json()) as { error: { fields: Record<string, string> } }).error.fields]).toEqual([400, { name: 'Please give a name.', body: expect.any(String) }]);
      expect(undeclared.status).toBe(500);
    });

    it("adds the answers every route of a kind gives, so a new route complies without declaring them", () => {
      // Prepare
      const routes = new ApiRoutes(new Hono());
      routes.add(
        {
          method: 'post',
          path: '/moderation/things',
          summary: 'Make a thing',
          tags: ['things'],
          auth: true,
          body: { 'application/json': z.object({ name: z.string() }) },
          responses: { 303: { description: 'See the thing' } },
        },
        (c) => c.redirect('/', 303),
      );

      // Act
      const operation = (routes.document({ title: 't', version: '1' }) as unknown as Document).paths['/moderation/things']!.post!;

      // Assess
      expect(Object.keys(operation.responses).sort()).toEqual(['303', '400', '401', '403', '413', '415', '429', '500', '503']);
      expect(operation.responses['303']!.headers?.Location?.required).toBe(true);
      expect(operation.responses['503']!.headers?.['Retry-After']?.required).toBe(true);
      expect(operation.security).toEqual([{ moderatorToken: [] }]);
    });
  });
});
