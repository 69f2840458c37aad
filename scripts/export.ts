import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveTarget } from './migrate/api-client.ts';
import { runExport } from './migrate/run-export.ts';

/** `npm run export -- FILE [--api URL] [--token TOKEN] [--post ID]`: a JSON file of records that `npm run import` takes back. */
const USAGE = 'Usage: npm run export -- FILE [--api URL] [--token TOKEN] [--post ID]';

try {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { api: { type: 'string' }, token: { type: 'string' }, post: { type: 'string' } },
  });
  if (positionals.length !== 1) throw new Error(`Give the file to write.\n${USAGE}`);
  // npm runs scripts from the project root; paths are meant from where the command was typed.
  const here = process.env.INIT_CWD ?? process.cwd();
  const file = resolve(here, positionals[0]!);
  const count = await runExport({ file, target: await resolveTarget(values), postId: values.post }, process.stderr);
  process.stdout.write(`exported ${count} comments to ${file}\n`);
} catch (error) {
  process.stderr.write(`export: ${(error as Error).message}\n`);
  process.exit(1);
}
