/**
 * docs/api.md is the users' reference; /openapi.json is generated from the code. This keeps
 * the reference from falling behind: every route the code serves is named in it, and so is
 * every error code the code can answer with.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appWithoutStorage } from '../support/app-without-storage.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const reference = readFileSync(join(ROOT, 'docs/api.md'), 'utf8');

async function openApiOperations(): Promise<string[]> {
  const doc = (await (await appWithoutStorage().request('/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
}

describe('docs/api.md', () => {
  it('names every route of /openapi.json as `METHOD /path`', async () => {
    // Prepare
    const operations = await openApiOperations();

    // Assess
    expect(operations.length).toBeGreaterThan(10);
    expect(operations.filter((operation) => !reference.includes(`\`${operation}\``))).toEqual([]);
  });

  it('names every error code the code answers with', () => {
    // Prepare
    const errors = readFileSync(join(ROOT, 'shared/domain/errors.ts'), 'utf8');
    const codes = [...errors.matchAll(/readonly code = '([a-z_]+)'/g)].map((m) => m[1]!).concat('internal');

    // Assess
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((code) => !reference.includes(`\`${code}\``))).toEqual([]);
  });

  it('links nothing outside the repository', () => {
    // Assess
    expect(reference).not.toMatch(/\.\.\/shared|API\.md|STACK\.md/);
  });
});
