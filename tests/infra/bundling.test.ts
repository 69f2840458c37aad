import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, IMPORT_CHECK_ENV, UNUSED_ON_LAMBDA_MODULES } from '../../infra/bundling.ts';
import { buildWidget } from '../../infra/widget-bundle.ts';
import { buildStack, type CfnResource as Resource, type SynthesizedStack } from './stack-harness.ts';


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

  it.each(['comments-api', 'moderation-worker', 'sweeper'])('%s: one minified ESM file with the require banner', (service) => {
    const file = bundles[service]!;

    expect(existsSync(file)).toBe(true);
    const code = readFileSync(file, 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(statSync(file).size).toBeLessThan(3 * 1024 * 1024);
    expect(existsSync(`${file}.map`)).toBe(false);
  });

  it('comments-api: carries the built widget as a string; the others do not, and none carries esbuild', () => {
    const api = readFileSync(bundles['comments-api']!, 'utf8');

    // A marker of the widget's own code (it keys the author's pending pass by it).
    expect(buildWidget()).toContain('leave-a-reply:pending:');
    expect(api.includes('leave-a-reply:pending:')).toBe(true);
    for (const service of ['moderation-worker', 'sweeper']) expect(readFileSync(bundles[service]!, 'utf8').includes('leave-a-reply:pending:')).toBe(false);
    for (const service of ['comments-api', 'moderation-worker', 'sweeper']) expect(readFileSync(bundles[service]!, 'utf8').includes('esbuild')).toBe(false);
  });

  it.each(['comments-api', 'moderation-worker', 'sweeper'])('%s: reaches the unused credential providers only by dynamic import', (service) => {
    const code = readFileSync(bundles[service]!, 'utf8');

    for (const name of UNUSED_ON_LAMBDA_MODULES) {
      expect(code, name).not.toMatch(new RegExp(`(from|import)\\s*["']${name.replace('/', '\\/')}["']`));
    }
  });

  it.each(['comments-api', 'moderation-worker', 'sweeper'])(
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
