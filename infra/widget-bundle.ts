/**
 * The browser widget served at `/widget.js`, built with esbuild from
 * `shared/adapters/http/widget/`. For Lambda it is built at synth time and
 * compiled into the API bundle as a string constant (`WIDGET_DEFINE`), so the
 * function neither ships esbuild nor builds anything at cold start. The local
 * server and the tests build it once at start (`buildWidget`).
 */

import path from 'node:path';
import { buildSync } from 'esbuild';

export const WIDGET_ENTRY = path.join(import.meta.dirname, '..', 'shared', 'adapters', 'http', 'widget', 'index.ts');

/** The identifier `functions/public-api` reads the built widget from (see shared/adapters/http/bundled-assets.ts). */
export const WIDGET_CONSTANT = '__LEAVE_A_REPLY_WIDGET__';

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

/** esbuild `define` entries that compile the built widget into the API bundle. */
export function widgetDefine(): Record<string, string> {
  return { [WIDGET_CONSTANT]: JSON.stringify(buildWidget()) };
}
