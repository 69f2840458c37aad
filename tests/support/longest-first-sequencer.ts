import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** A file that took this long last run starts before the short ones, whatever its project. */
const LONG_FILE_MS = 3000;

/**
 * vitest's default order runs project after project (by name), so a long file of a late project
 * (`npm start`, a browser test, a cdk-nag synth) ran alone at the end while the other worker
 * idled. Here the long files of every project start first, longest first, and the short ones
 * follow in the default order (project by project, so workers without isolation keep their
 * module cache). Durations come from vitest's results cache; a first run keeps the default order.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const lastDuration = (spec: TestSpecification): number =>
      this.ctx.cache.getFileTestResults(`${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`)?.duration ?? 0;
    const long = ordered.filter((spec) => lastDuration(spec) >= LONG_FILE_MS).sort((a, b) => lastDuration(b) - lastDuration(a));
    return [...long, ...ordered.filter((spec) => lastDuration(spec) < LONG_FILE_MS)];
  }
}
