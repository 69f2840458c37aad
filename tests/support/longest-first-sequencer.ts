import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Seconds a file kept its worker (hooks included) on the 2-core machine: the order of a run with no
 * results cache (a clean clone, CI: the cache lives in node_modules). A file not listed counts as short.
 */
const KNOWN_SECONDS: Record<string, number> = {
  'tests/local/npm-start.test.ts': 16,
  'tests/infra/restore-and-outputs.test.ts': 16,
  'tests/integration/import-cli.test.ts': 15,
  'tests/e2e/demo-page.test.ts': 11,
  'tests/e2e/moderator-page.test.ts': 9,
  'tests/infra/bundling.test.ts': 9,
  'tests/integration/faults-worker.test.ts': 7,
  'tests/e2e/widget.test.ts': 7,
  'tests/infra/cdk-nag.test.ts': 6,
  'tests/fast/hostile-content.test.ts': 3,
  'tests/fast/hostile-shapes.test.ts': 3,
};

/**
 * Projects in this order, each project's files longest first.
 *
 * A worker without isolation keeps its process (and its module cache: the app, aws-cdk-lib,
 * playwright) only while the next file in the queue is of its own project; any other file ends
 * it and a new process starts and imports everything again. So each project's files stay
 * together. Within a project the long files start first, so that no long file runs alone at the
 * end while the other worker idles; the project of short files comes last to fill the gaps.
 * Durations come from vitest's results cache, else from KNOWN_SECONDS.
 */
export const PROJECT_ORDER = ['integration', 'fast'];

export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const path = (spec: TestSpecification) => relative(this.ctx.config.root, spec.moduleId);
    const seconds = (spec: TestSpecification): number => {
      const cached = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path(spec)}`)?.duration;
      return cached === undefined ? (KNOWN_SECONDS[path(spec)] ?? 0) : cached / 1000;
    };
    const rank = (spec: TestSpecification) => {
      const index = PROJECT_ORDER.indexOf(spec.project.name);
      return index === -1 ? PROJECT_ORDER.length : index;
    };
    // Array.prototype.sort is stable: equal files keep vitest's own order.
    return [...ordered].sort((a, b) => rank(a) - rank(b) || seconds(b) - seconds(a));
  }
}
