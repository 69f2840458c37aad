/**
 * The registered routes of each function, read from the route sets themselves: the single
 * source of API Gateway's routes (infra/constructs/comment-api.ts), of the tests' route lists
 * and of the OpenAPI document written beside the public bundle (infra/openapi-bundle.ts).
 * Registering a route touches none of its deps, so placeholders stand in for them.
 */

import type { AppDeps } from './app-deps.ts';
import { createEdgeApp, type RouteSet } from './edge-app.ts';
import { moderatorRouteSet } from './moderator-app.ts';
import type { RegisteredRoute } from './openapi.ts';
import { openApiDocument, publicRouteSet } from './public-app.ts';

export type { RegisteredRoute } from './openapi.ts';

/** Deps that throw if anything else is used: registration reads only these settings. */
function registrationDeps(): AppDeps {
  const unused = () => Promise.reject(new Error('A placeholder: these deps only register routes.'));
  const settings: Partial<AppDeps> = {
    siteOrigins: [],
    publicUrl: null,
    clientIp: () => null,
    demoPost: true,
    signIn: { kind: 'token' },
    openApiDocument: null,
    // Handed to the auth middleware when it is registered, never called.
    verifier: { verify: unused },
  };
  return new Proxy(settings, {
    get: (target, name: string) => {
      if (name in target) return target[name as keyof AppDeps];
      throw new Error(`Registering routes used deps.${name}`);
    },
  }) as AppDeps;
}

const registered = (sets: (deps: AppDeps) => RouteSet[]) => {
  const deps = registrationDeps();
  return createEdgeApp(deps, sets(deps)).routes;
};

export interface FunctionRoutes {
  /** The public function: visitors' routes (API Gateway's `$default` goes here too). */
  public: readonly RegisteredRoute[];
  /** The moderators' function. */
  moderators: readonly RegisteredRoute[];
}

/** Every route of each function, in registration order. */
export function routeTable(): FunctionRoutes {
  return {
    public: registered((deps) => [publicRouteSet(deps)]).routes(),
    moderators: registered((deps) => [moderatorRouteSet(deps)]).routes(),
  };
}

/** The OpenAPI document of the whole API (both route sets), as served at `/openapi.json`. */
export function fullOpenApiDocument(): Record<string, unknown> {
  return openApiDocument(registered((deps) => [publicRouteSet(deps), moderatorRouteSet(deps)]));
}
