import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppDeps } from '../../shared/adapters/http/app-deps.ts';

/** A port that fails the test if anything touches it. */
export const untouchable = <T>(name: string): T =>
  new Proxy({}, { get: (_target, property) => () => { throw new Error(`${name}.${String(property)} was called`); } }) as T;

/** The real app over ports that must not be used: for what needs no storage (documents, 404s). */
export function appWithoutStorage(overrides: Partial<AppDeps> = {}) {
  return createApp({
    comments: untouchable('comments'),
    submissions: untouchable('submissions'),
    posts: untouchable('posts'),
    settings: untouchable('settings'),
    authors: untouchable('authors'),
    history: untouchable('history'),
    backlog: untouchable('backlog'),
    requestCounter: untouchable('requestCounter'),
    imports: untouchable('imports'),
    queue: untouchable('queue'),
    notifier: untouchable('notifier'),
    hasher: untouchable('hasher'),
    telemetry: untouchable('telemetry'),
    clock: untouchable('clock'),
    ids: untouchable('ids'),
    links: untouchable('links'),
    decisionSettings: untouchable('decisionSettings'),
    verifier: untouchable('verifier'),
    siteOrigins: [],
    clientIp: () => null,
    ...overrides,
  });
}
