/**
 * Environment of every entry point (Lambda functions and the local stack),
 * validated once. On AWS the CDK stack sets these; locally scripts/local-stack.ts does.
 */

import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';

// zod/mini (the same zod, without the methods every classic schema binds at construction): this
// schema is built and parsed on every cold start. Mini loads no locale of its own; English
// messages, as the classic build's, name what is wrong with a variable.
z.config(en());

/** One schema for every optional text variable: the same checks, built once at cold start instead of ten times. */
const optionalText = z.optional(z.string());

const csv = z.pipe(
  optionalText,
  z.transform((v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [])),
);

export const EnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** The moderation queue (API and sweeper send to it). */
  QUEUE_URL: optionalText,
  /** Site origins allowed for redirects and CORS, comma-separated. */
  SITE_ORIGINS: csv,
  /**
   * The API's public base URL (e.g. https://comments.example.com): its origin is the app's
   * own for redirects and CORS. Required locally (the local stack sets it from PORT), where
   * the request URL would come from the client's Host header; on AWS, unset means API Gateway's domain.
   */
  PUBLIC_URL: z.optional(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })),
  /** `cognito`: RS256 tokens of a Cognito user pool (JWKS); `local`: HS256 with a shared secret. */
  AUTH_MODE: z._default(z.enum(['cognito', 'local']), 'cognito'),
  AUTH_ISSUER: optionalText,
  /** Cognito app client id (checked as `aud` of id tokens or `client_id` of access tokens). */
  AUTH_AUDIENCE: optionalText,
  /** Cognito managed login (`https://<prefix>.auth.<region>.amazoncognito.com`): the moderators' page signs in there. */
  AUTH_LOGIN_DOMAIN: z.optional(z.url({ protocol: /^https$/ })),
  /** Local only: the HS256 secret (base64url). */
  AUTH_SECRET: optionalText,
  /** Secrets Manager secret with the field-encryption and lookup keys (AWS). */
  KEYS_SECRET_ARN: optionalText,
  /** Local only: the same key material as JSON in a file. */
  KEYS_FILE: optionalText,
  /** SNS topic that tells moderators about held comments (unset: a log line). */
  NOTIFY_TOPIC_ARN: optionalText,
  /** Base URL of the moderation UI/API, for links in notifications. */
  MODERATION_URL: optionalText,
  /** Days after which IP and user agent are dropped from a comment. */
  PERSONAL_DATA_RETENTION_DAYS: z._default(z.coerce.number().check(z.int(), z.minimum(1)), 30),
  /**
   * Reverse proxies in front of the API that append the client address to X-Forwarded-For
   * (e.g. 1 for CloudFront or nginx). 0 (default): the header is ignored and the address is
   * API Gateway's source IP (AWS) or the socket's (local).
   */
  TRUSTED_PROXY_HOPS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(10)), 0),
  /**
   * `on`: `/` serves the demo post with its comment form (a local showcase). Off unless
   * set: the local stack turns it on, the CDK stack sets it from the `demoPost` config.
   */
  DEMO_POST: z.pipe(
    z._default(z.enum(['on', 'off'], { error: 'must be on or off' }), 'off'),
    z.transform((v: 'on' | 'off') => v === 'on'),
  ),
  /** Local emulators (unset on AWS). */
  DYNAMODB_ENDPOINT: optionalText,
  SQS_ENDPOINT: optionalText,
  AWS_REGION: z._default(z.string(), 'us-east-1'),
});
export type Env = z.infer<typeof EnvSchema>;

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

/** Reads and validates the environment; throws a message naming each bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigurationError(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/**
 * The variables a function cannot work without, checked when it loads: a missing one stops
 * the cold start with its name, instead of failing request after request.
 */
export function requireEnv<K extends keyof Env>(env: Env, needed: readonly K[], who: string): Env & { [P in K]-?: NonNullable<Env[P]> } {
  const missing = needed.filter((name) => env[name] === undefined || env[name] === '');
  if (missing.length > 0) throw new ConfigurationError(`${who} needs ${missing.join(', ')}: not set.`);
  return env as Env & { [P in K]-?: NonNullable<Env[P]> };
}
