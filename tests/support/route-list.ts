import { routeTable } from '../../shared/adapters/http/route-table.ts';

const SAMPLE_PARAMS: Record<string, string> = { id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', postId: 'some-post', token: 'not-a-link' };

/** A registered path with its `{params}` filled with sample values. */
export function samplePath(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = SAMPLE_PARAMS[name];
    if (value === undefined) throw new Error(`No sample value for the path parameter {${name}}: add one to tests/support/route-list.ts`);
    return value;
  });
}

/**
 * Every route that needs a moderator token, from the registered routes themselves (not a
 * hand-kept list): `[METHOD, sample path, body?]`, with an empty JSON body where one is sent.
 * A route added to a moderator route module is in here without touching a test.
 */
export function tokenRoutes(): Array<[string, string, unknown?]> {
  return routeTable()
    .moderators.filter((route) => route.auth)
    .map((route) => {
      const method = route.method.toUpperCase();
      const sendsBody = method !== 'GET' && method !== 'DELETE';
      return sendsBody ? [method, samplePath(route.path), {}] : [method, samplePath(route.path)];
    });
}
