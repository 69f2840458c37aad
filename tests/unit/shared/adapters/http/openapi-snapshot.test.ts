import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiJson } from '../../../../../infra/openapi-bundle.ts';

/**
 * The OpenAPI document written beside the public function's bundle at synth, byte for byte as committed: a
 * change to how schemas are built (lazily, zod/mini at runtime…) must not change the document.
 * A deliberate API change updates the snapshot in the same commit:
 * `node --import tsx -e "import('./infra/openapi-bundle.ts').then((m) => process.stdout.write(m.openApiJson() + '\n'))" > tests/unit/shared/adapters/http/__snapshots__/openapi.json`
 */
const SNAPSHOT = join(import.meta.dirname, '__snapshots__', 'openapi.json');

describe('OpenAPI document built at synth', () => {
  it('is byte for byte the committed snapshot', () => {
    expect(`${openApiJson()}\n`).toBe(readFileSync(SNAPSHOT, 'utf8'));
  });
});
