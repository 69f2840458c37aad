/**
 * The built widget, compiled into the Lambda bundle as a string constant by esbuild's `define`
 * (infra/widget-bundle.ts): no build and no file read at cold start. Outside such a bundle
 * (the local server and the tests build it themselves) there is none.
 */
declare const __LEAVE_A_REPLY_WIDGET__: string | undefined;

export function bundledWidgetScript(): string | null {
  return typeof __LEAVE_A_REPLY_WIDGET__ === 'string' ? __LEAVE_A_REPLY_WIDGET__ : null;
}
