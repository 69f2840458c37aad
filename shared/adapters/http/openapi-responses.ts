import * as z from 'zod';

/** One documented answer of a route. */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  contentType?: string;
  headers?: Record<string, HeaderSpec>;
}

export interface HeaderSpec {
  description: string;
  required: boolean;
  schema: Record<string, unknown>;
}

/** What of a route decides which standard answers it can give. */
export interface RouteTraits {
  auth?: boolean;
  hasBody: boolean;
  /** Reads or writes the table (default): can answer 503 `unavailable`. */
  storage?: boolean;
}

/*
 * The answers' schemas describe them in the OpenAPI document (built at synth) and are never
 * parsed by a request: built on first use (`z.lazy`), so a cold start builds none of them.
 */

export const ErrorBodySchema = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      error: z.object({
        code: z.string().meta({ example: 'validation_failed' }),
        message: z.string(),
        fields: z.record(z.string(), z.string()).optional().meta({ description: 'Every invalid field, by JSON field name.' }),
      }),
    })
    .meta({ id: 'Error' }),
);

/** API Gateway answers some requests itself (AWS only), with this body instead of `Error`. */
export const GatewayMessageSchema = /* @__PURE__ */ z.lazy(() =>
  z
    .object({ message: z.string().meta({ example: 'Unauthorized' }) })
    .meta({ id: 'GatewayMessage', description: "API Gateway's own answer (AWS only): a missing or invalid token, or throttling." }),
);

/** A documented error answer of a route: docs/api.md's error shape. */
export const errorResponse = (description: string): ResponseSpec => ({ description, schema: ErrorBodySchema });

const errorOrGateway = /* @__PURE__ */ z.lazy(() => z.union([ErrorBodySchema, GatewayMessageSchema]));

const RETRY_AFTER: HeaderSpec = {
  description: 'Seconds to wait before trying again.',
  required: true,
  schema: { type: 'integer', minimum: 1 },
};
const LOCATION: HeaderSpec = { description: 'Where the browser goes next.', required: true, schema: { type: 'string', format: 'uri-reference' } };
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The route's own answers plus those every route of its kind can give, so that a
 * route declares only what is particular to it: body errors for routes with a body,
 * 401/403 (either shape) for moderator routes, API Gateway's throttling 429, 500,
 * and 503 for routes that use storage. `Retry-After` and `Location` are added where due.
 */
export function withStandardResponses(declared: Record<number, ResponseSpec>, traits: RouteTraits): Record<number, ResponseSpec> {
  const responses: Record<number, ResponseSpec> = { ...declared };
  const fill = (status: number, response: ResponseSpec) => {
    responses[status] ??= response;
  };

  if (traits.hasBody) {
    fill(400, errorResponse('`validation_failed` (with `fields`) or `invalid_json`.'));
    fill(413, errorResponse('`payload_too_large`: the body is over 128 KiB.'));
    fill(415, errorResponse('`unsupported_media_type`: send `application/json`.'));
  }
  if (traits.auth) {
    responses[401] = {
      description:
        '`unauthorized`: no valid, unexpired moderator token. On AWS, API Gateway answers first with its own `{"message":"Unauthorized"}`; treat any 401 alike.',
      schema: errorOrGateway,
    };
    responses[403] = errorResponse("`forbidden`: the token is valid but its groups do not include `moderators`.");
  }
  const ownThrottle = responses[429];
  responses[429] = ownThrottle
    ? {
        ...ownThrottle,
        description: `${ownThrottle.description} On AWS, API Gateway's throttling may also answer \`{"message":"Too Many Requests"}\`, without Retry-After.`,
        schema: errorOrGateway,
        headers: { 'Retry-After': { ...RETRY_AFTER, required: false, description: `${RETRY_AFTER.description} Set on every answer of the app.` } },
      }
    : {
        description: 'On AWS only: API Gateway\'s throttling, `{"message":"Too Many Requests"}`. Wait a moment and retry.',
        schema: GatewayMessageSchema,
      };
  fill(500, errorResponse('`internal`: something unexpected; the message never holds details or personal data.'));
  if (traits.storage !== false) {
    fill(503, errorResponse('`unavailable`: storage is throttled or unreachable; nothing was half-written. Retry after `Retry-After` seconds.'));
  }
  if (responses[503]) responses[503] = { ...responses[503], headers: { 'Retry-After': RETRY_AFTER, ...responses[503].headers } };
  for (const status of Object.keys(responses).map(Number)) {
    if (REDIRECTS.has(status)) responses[status] = { ...responses[status]!, headers: { Location: LOCATION, ...responses[status]!.headers } };
  }
  return responses;
}
