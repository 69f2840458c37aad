/**
 * Files the public function's Lambda asset carries beside its bundle, written at synth time
 * (infra/bundle-defines.ts): the built widget and the OpenAPI document. They are not compiled
 * into the JS, where every cold start would parse them (95 KB of string literals cost ~15 % of
 * the public function's cold import): each is read once, on the first request that serves it.
 * Outside such a bundle (the local server, the tests) there are none: the widget is built at
 * start and the document generated on first request.
 */
import { readFileSync } from 'node:fs';

/** Set by esbuild's `define` in the bundles that carry the files (infra/bundle-defines.ts). */
declare const __LEAVE_A_REPLY_BUNDLED_FILES__: boolean | undefined;
export const BUNDLED_FILES_CONSTANT = '__LEAVE_A_REPLY_BUNDLED_FILES__';

export const WIDGET_FILE = 'widget.js';
export const OPENAPI_FILE = 'openapi.json';

/** A file beside the bundle, read on first use and kept; null outside a bundle that carries files. */
export function bundledFile(name: string): (() => string) | null {
  if (typeof __LEAVE_A_REPLY_BUNDLED_FILES__ === 'undefined') return null;
  let text: string | undefined;
  return () => {
    // In the bundle, import.meta.url is the bundle's own file.
    text ??= readFileSync(new URL(name, import.meta.url), 'utf8');
    return text;
  };
}
