/**
 * The browser widget served at `/widget.js`, built with esbuild from
 * `shared/adapters/http/widget/`. For Lambda it is built at synth time and
 * written beside the public function's bundle (./bundle-defines.ts), so the
 * function neither ships esbuild nor builds anything at cold start. The local
 * server builds it once at start, the tests on first use (`buildWidget`).
 */

import path from 'node:path';
import { buildSync } from 'esbuild';

export const WIDGET_ENTRY = path.join(import.meta.dirname, '..', 'shared', 'adapters', 'http', 'widget', 'index.ts');

/** Browsers of the last few years; the widget uses no syntax newer than ES2020. */
const BROWSER_TARGETS = ['es2020'];

let built: string | undefined;

/** The minified widget (built once per process). */
export function buildWidget(): string {
  built ??= buildSync({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: BROWSER_TARGETS,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
  }).outputFiles[0]!.text;
  return built;
}
