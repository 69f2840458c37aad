import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveTarget } from './migrate/api-client.ts';
import { counts } from './migrate/progress.ts';
import { runImport } from './migrate/run-import.ts';

/**
 * `npm run import -- FILE [--api URL] [--token TOKEN] [--dry-run] [--report PATH]`: a WordPress
 * export (WXR), a Disqus export or a JSON file of records into the stack, through its API.
 * Progress on stderr; the last line on stdout is `imported N, unchanged M, skipped K`.
 */
const USAGE = 'Usage: npm run import -- FILE [--api URL] [--token TOKEN] [--dry-run] [--report PATH]';

/** " Skipped: 8 pingback, 3 email, 1 content." — what the reasons are about (the report has each one). */
function skippedByReason(skipped: Array<{ reason: string }>): string {
  if (skipped.length === 0) return '';
  const byKind = new Map<string, number>();
  for (const { reason } of skipped) {
    const kind = /^(\S+?):\s/.exec(reason)?.[1] ?? 'other';
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  return ` Skipped: ${[...byKind].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n} ${kind}`).join(', ')}.`;
}

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { api: { type: 'string' }, token: { type: 'string' }, 'dry-run': { type: 'boolean' }, report: { type: 'string' }, 'batch-size': { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error(`Give one file to import.\n${USAGE}`);
  // npm runs scripts from the project root; paths are meant from where the command was typed.
  const here = process.env.INIT_CWD ?? process.cwd();
  const file = resolve(here, positionals[0]!);
  const reportFile = resolve(here, values.report ?? `${basename(file)}.import-report.json`);
  const dryRun = values['dry-run'] ?? false;
  const summary = await runImport(
    {
      file,
      dryRun,
      reportFile,
      ...(values['batch-size'] ? { batchSize: Number(values['batch-size']) } : {}),
      ...(dryRun ? {} : { target: await resolveTarget(values) }),
    },
    process.stderr,
  );
  process.stderr.write(`${summary.format} file, ${summary.total} comments.${skippedByReason(summary.skipped)} Report: ${reportFile}\n`);
  const line = counts({ ...summary, skipped: summary.skipped.length });
  process.stdout.write(dryRun ? `dry run (nothing sent): ${summary.total - summary.skipped.length} valid, skipped ${summary.skipped.length}\n` : `${line}\n`);
} catch (error) {
  process.stderr.write(`import: ${(error as Error).message}\n`);
  process.exit(1);
}
