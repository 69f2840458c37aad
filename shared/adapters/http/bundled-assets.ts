/**
 * What the public function's bundle carries as string constants, compiled in by esbuild's
 * `define` at deploy time: the built widget (infra/widget-bundle.ts) and the OpenAPI document
 * (infra/openapi-bundle.ts). No build, no file read and no document generation at cold start.
 * Outside such a bundle (the local server, the tests) there are none: the widget is built at
 * start and the document generated on first request.
 */
declare const __LEAVE_A_REPLY_WIDGET__: string | undefined;
declare const __LEAVE_A_REPLY_OPENAPI__: string | undefined;

export function bundledWidgetScript(): string | null {
  return typeof __LEAVE_A_REPLY_WIDGET__ === 'string' ? __LEAVE_A_REPLY_WIDGET__ : null;
}

export function bundledOpenApiDocument(): string | null {
  return typeof __LEAVE_A_REPLY_OPENAPI__ === 'string' ? __LEAVE_A_REPLY_OPENAPI__ : null;
}
