import { signLocalToken } from '../../shared/auth/local-token.ts';
import { readAuthSecret } from '../local/data-dir.ts';

/** Where the CLI talks to: a deployed stack (`--api`, `--token`) or, by default, the local one. */
export interface ApiTarget {
  api: string;
  token: string;
  fetch?: typeof fetch;
}

/** The API answered with an error that sending again will not fix (bad token, bad request). */
export class ApiRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiRefusedError';
  }
}

export async function resolveTarget(options: { api?: string | undefined; token?: string | undefined }, env: NodeJS.ProcessEnv = process.env): Promise<ApiTarget> {
  const api = (options.api ?? `http://localhost:${env.PORT ?? 3000}`).replace(/\/+$/, '');
  if (options.token) return { api, token: options.token };
  const secret = readAuthSecret();
  if (!secret) throw new ApiRefusedError('No token: pass --token (a moderator token for that stack), or run `npm start` once so that a local token can be made.');
  return { api, token: await signLocalToken(secret) };
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/**
 * One API call, tried again with backoff (and the server's Retry-After) when the network
 * or the service fails for a moment. Safe for import: the server is idempotent by externalId.
 */
export async function callApi<T>(target: ApiTarget, path: string, init: { method?: string; body?: unknown } = {}, retry = { attempts: 6, baseMs: 500 }): Promise<T> {
  const doFetch = target.fetch ?? fetch;
  let lastProblem = '';
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    let waitMs = retry.baseMs * 2 ** (attempt - 1);
    try {
      const response = await doFetch(`${target.api}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${target.token}`, ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      });
      if (response.ok) return (await response.json()) as T;
      const text = await response.text();
      const message = errorMessage(text) ?? `HTTP ${response.status}`;
      if (response.status === 401 || response.status === 403) {
        throw new ApiRefusedError(`The API refused the token (${response.status}: ${message}). Pass --token with a moderator token for ${target.api}.`);
      }
      if (!RETRYABLE.has(response.status)) throw new ApiRefusedError(`The API refused the request (${response.status}): ${message}`);
      lastProblem = `${response.status}: ${message}`;
      const retryAfter = Number(response.headers.get('retry-after'));
      if (retryAfter > 0) waitMs = Math.max(waitMs, retryAfter * 1000);
    } catch (error) {
      if (error instanceof ApiRefusedError) throw error;
      lastProblem = (error as Error & { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    }
    if (attempt < retry.attempts) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  throw new Error(`${target.api}${path} failed ${retry.attempts} times (last: ${lastProblem}).`);
}

function errorMessage(text: string): string | null {
  try {
    const body = JSON.parse(text) as { error?: { message?: string; fields?: Record<string, string> }; message?: string };
    const fields = body.error?.fields ? ` ${Object.entries(body.error.fields).map(([k, v]) => `${k}: ${v}`).join(' ')}` : '';
    return body.error?.message ? `${body.error.message}${fields}` : (body.message ?? null);
  } catch {
    return text.slice(0, 200) || null;
  }
}
