import type { LambdaName } from './bundling.ts';
import { openApiDefine } from './openapi-bundle.ts';
import { widgetDefine } from './widget-bundle.ts';

/** What each function's bundle gets compiled in (esbuild `define`): the same for CDK and the bench. */
export function bundleDefines(name: LambdaName): Record<string, string> {
  return name === 'publicApi' ? { ...widgetDefine(), ...openApiDefine() } : {};
}
