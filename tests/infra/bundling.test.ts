import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, IMPORT_CHECK_ENV } from '../../infra/bundling.ts';
import { build } from 'esbuild';
import { bundleDefines } from '../../infra/bundle-defines.ts';
import { entryPath, esbuildOptionsFor, type LambdaName } from '../../infra/bundling.ts';
import { buildWidget } from '../../infra/widget-bundle.ts';
import { OPENAPI_FILE, WIDGET_FILE } from '../../shared/adapters/http/bundled-assets.ts';
import { buildStack, type CfnResource as Resource, type SynthesizedStack } from './stack-harness.ts';

const OPENAPI_SNAPSHOT = path.join(import.meta.dirname, '..', 'unit', 'shared', 'adapters', 'http', '__snapshots__', 'openapi.json');

/** A GET through API Gateway (HTTP API, payload 2.0); the tests set the path. */
const HTTP_EVENT = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/',
  rawQueryString: '',
  headers: { host: 'test.execute-api.us-east-1.amazonaws.com' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'test',
    domainName: 'test.execute-api.us-east-1.amazonaws.com',
    domainPrefix: 'test',
    http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'test' },
    requestId: 'test',
    routeKey: '$default',
    stage: '$default',
    time: '28/Nov/2026:10:00:00 +0000',
    timeEpoch: 1795860000000,
  },
  isBase64Encoded: false,
};

/** The one test that really runs esbuild through CDK (the others skip bundling). */
describe('Bundling: CommentFunction assets', () => {
  let built: SynthesizedStack;
  let bundles: Record<string, string>;
  const isolated = mkdtempSync(path.join(tmpdir(), 'leave-a-reply-bundle-'));

  beforeAll(() => {
    built = buildStack({ bundling: true });
    const functions = built.template().findResources('AWS::Lambda::Function');
    bundles = Object.fromEntries(
      Object.values(functions).map((f) => {
        const props = (f as Resource).Properties;
        const hash = String(props.Code.S3Key).replace(/\.zip$/, '');
        return [props.Environment.Variables.POWERTOOLS_SERVICE_NAME as string, path.join(built.outdir, `asset.${hash}`, 'index.mjs')];
      }),
    );
  }, 120_000);
  afterAll(() => {
    built.dispose();
    rmSync(isolated, { recursive: true, force: true });
  });

  it.each(['comments-api', 'moderator-api', 'moderation-worker', 'sweeper'])('%s: one minified ESM file with the require banner', (service) => {
    const file = bundles[service]!;

    expect(existsSync(file)).toBe(true);
    const code = readFileSync(file, 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(statSync(file).size).toBeLessThan(3 * 1024 * 1024);
    expect(existsSync(`${file}.map`)).toBe(false);
  });

  it('comments-api (the public function): carries the built widget and the OpenAPI document as files beside the bundle, not in its code; the others carry neither, and none carries esbuild', () => {
    const apiDir = path.dirname(bundles['comments-api']!);
    const api = readFileSync(bundles['comments-api']!, 'utf8');

    expect(readFileSync(path.join(apiDir, WIDGET_FILE), 'utf8')).toBe(buildWidget());
    expect(`${readFileSync(path.join(apiDir, OPENAPI_FILE), 'utf8')}\n`).toBe(readFileSync(OPENAPI_SNAPSHOT, 'utf8'));
    // A marker of the widget's own code (it keys the author's pending pass by it).
    expect(buildWidget()).toContain('leave-a-reply:pending:');
    expect(api.includes('leave-a-reply:pending:')).toBe(false);
    expect(api.includes('Leave A Reply — comment API')).toBe(false);
    for (const service of ['moderator-api', 'moderation-worker', 'sweeper']) {
      const dir = path.dirname(bundles[service]!);
      expect(readFileSync(bundles[service]!, 'utf8').includes('leave-a-reply:pending:')).toBe(false);
      expect(existsSync(path.join(dir, WIDGET_FILE)) || existsSync(path.join(dir, OPENAPI_FILE)), service).toBe(false);
    }
    for (const service of ['comments-api', 'moderator-api', 'moderation-worker', 'sweeper']) expect(readFileSync(bundles[service]!, 'utf8').includes('esbuild')).toBe(false);
  });

  it('comments-api: serves /widget.js and /openapi.json from the files beside it, byte for byte, imported in a directory without node_modules', () => {
    const dir = mkdtempSync(path.join(isolated, 'comments-api-'));
    for (const name of ['index.mjs', WIDGET_FILE, OPENAPI_FILE]) copyFileSync(path.join(path.dirname(bundles['comments-api']!), name), path.join(dir, name));
    const get = (rawPath: string) => ({ ...HTTP_EVENT, rawPath, requestContext: { ...HTTP_EVENT.requestContext, http: { ...HTTP_EVENT.requestContext.http, path: rawPath } } });

    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(path.join(dir, 'index.mjs'))});
const context = { awsRequestId: 'test', functionName: 'test', getRemainingTimeInMillis: () => 10000 };
const answers = [];
for (const event of ${JSON.stringify([get('/widget.js'), get('/openapi.json'), get('/widget.js')])}) answers.push(await handler(event, context));
process.stdout.write(JSON.stringify(answers));`,
      ],
      { cwd: dir, env: { PATH: process.env.PATH ?? '', ...IMPORT_CHECK_ENV }, encoding: 'utf8', timeout: 20_000, maxBuffer: 16 << 20 },
    );

    expect(run.stderr).toBe('');
    const [widget, openapi, widgetAgain] = JSON.parse(run.stdout) as Array<{ statusCode: number; body: string; isBase64Encoded: boolean; headers: Record<string, string> }>;
    expect(widget!.statusCode).toBe(200);
    expect(widget!.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(widget!.isBase64Encoded ? Buffer.from(widget!.body, 'base64').toString('utf8') : widget!.body).toBe(buildWidget());
    expect(widgetAgain!.body).toBe(widget!.body);
    expect(openapi!.statusCode).toBe(200);
    expect(`${openapi!.body}\n`).toBe(readFileSync(OPENAPI_SNAPSHOT, 'utf8'));
  });

  it.each(['comments-api', 'moderator-api', 'moderation-worker', 'sweeper'])(
    '%s: imports in a directory without node_modules and exports handler',
    (service) => {
      const copy = path.join(isolated, `${service}.mjs`);
      copyFileSync(bundles[service]!, copy);

      const run = spawnSync(
        process.execPath,
        ['--input-type=module', '-e', `const m = await import(${JSON.stringify(copy)}); if (typeof m.handler !== 'function') process.exit(3);`],
        { cwd: isolated, env: { PATH: process.env.PATH ?? '', ...IMPORT_CHECK_ENV }, encoding: 'utf8', timeout: 20_000 },
      );

      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
    },
  );
});

/** What each function's bundle is made of, from esbuild's metafile with the very options CDK uses. */
describe('Bundling: what each function carries', () => {
  const inputs: Partial<Record<LambdaName, string[]>> = {};
  const out = mkdtempSync(path.join(tmpdir(), 'leave-a-reply-inputs-'));

  beforeAll(async () => {
    for (const name of ['publicApi', 'moderatorApi', 'moderationWorker', 'sweeper'] as const) {
      const result = await build({ ...esbuildOptionsFor(entryPath(name), path.join(out, `${name}.mjs`), bundleDefines(name)), metafile: true });
      inputs[name] = Object.keys(result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.inputs);
    }
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  const carries = (name: LambdaName, pattern: RegExp) => inputs[name]!.some((file) => pattern.test(file));
  const IMPORT_STORE = /shared\/adapters\/dynamodb\/.*import/;
  const MODERATOR_PAGE_SCRIPT = /pages\/moderator\/moderator-script/;
  const MODERATOR_ROUTES = /routes\/(moderation|privacy|exchange)-/;

  it("keeps the import store, the moderators' page script and the moderators' routes in the moderators' function alone", () => {
    for (const pattern of [IMPORT_STORE, MODERATOR_PAGE_SCRIPT, MODERATOR_ROUTES]) {
      expect(carries('moderatorApi', pattern), String(pattern)).toBe(true);
      for (const name of ['publicApi', 'moderationWorker', 'sweeper'] as const) expect(carries(name, pattern), `${name} ${pattern}`).toBe(false);
    }
  });

  it("keeps jose to the token verifier's part (it loads it on the first token): no encryption, no key export", () => {
    for (const name of ['publicApi', 'moderatorApi'] as const) {
      expect(carries(name, /node_modules\/jose\/dist\/webapi\/jwt\/verify/), name).toBe(true);
      expect(carries(name, /node_modules\/jose\/dist\/webapi\/(jwe|key\/export|jwt\/encrypt)/), name).toBe(false);
    }
  });

  it('keeps the HTTP app out of the worker and the sweeper, and SNS in the worker alone', () => {
    for (const name of ['moderationWorker', 'sweeper'] as const) expect(carries(name, /node_modules\/hono\//), name).toBe(false);
    expect(carries('moderationWorker', /adapters\/notify\/sns-client\.ts$/)).toBe(true);
    for (const name of ['publicApi', 'moderatorApi', 'sweeper'] as const) expect(carries(name, /adapters\/notify\/sns-client\.ts$/), name).toBe(false);
  });

  it("carries no AWS SDK client: every function signs its AWS calls with aws4 (the SDK's attribute-value converter is the one SDK package)", () => {
    for (const name of ['publicApi', 'moderatorApi', 'moderationWorker', 'sweeper'] as const) {
      expect(inputs[name]!.filter((file) => /node_modules\/@(aws-sdk|smithy|aws-lite)\//.test(file) && !/node_modules\/@aws-sdk\/util-dynamodb\//.test(file)), name).toEqual([]);
      expect(carries(name, /node_modules\/aws4\//), name).toBe(true);
    }
  });

  it("keeps the HTML sanitiser and the submission rules out of the worker and the sweeper (they moderate stored comments; the modules' unused zod schemas do not keep them)", () => {
    for (const name of ['moderationWorker', 'sweeper'] as const) {
      for (const pattern of [/node_modules\/xss\//, /node_modules\/cssfilter\//, /shared\/domain\/comment-input\.ts$/]) expect(carries(name, pattern), `${name} ${pattern}`).toBe(false);
    }
    expect(carries('publicApi', /node_modules\/xss\//)).toBe(true);
  });
});
