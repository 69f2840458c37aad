/**
 * docs/api.md is the users' reference; /openapi.json is generated from the code. This keeps
 * the reference from falling behind: every route the code serves is named in it, and so is
 * every error code the code can answer with.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HTTP_STATUS } from '../../shared/adapters/http/http-errors.ts';
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

  it('names every error code the code answers with, with its status', () => {
    // Prepare: the HTTP edge's table holds every code (tests/unit/shared/adapters/http/http-errors.test.ts).
    const codes = Object.keys(HTTP_STATUS);

    // Assess
    expect(codes.length).toBeGreaterThan(10);
    expect(codes.filter((code) => !reference.includes(`\`${code}\``))).toEqual([]);
    // docs/api.md's error table: one row `| status | `code` |` per code, with the status the edge answers.
    expect(Object.entries(HTTP_STATUS).filter(([code, status]) => !reference.includes(`| ${status} | \`${code}\` |`))).toEqual([]);
  });

  it('links nothing outside the repository', () => {
    // Assess
    expect(reference).not.toMatch(/\.\.\/shared|API\.md|STACK\.md/);
  });
});
