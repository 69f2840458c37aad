/**
 * The one CORS policy. The app's `cors` middleware answers with it (locally, and on any
 * runtime that passes preflights through), and the CDK stack configures API Gateway's own
 * preflight answers from it, so the two can never disagree. Origins: ./origins.ts.
 */
export const CORS_POLICY = {
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
  allowHeaders: ['content-type', 'authorization', 'idempotency-key'],
  // date: the widget stamps its form with the server's clock (the fill-time bot trap), never the visitor's.
  exposeHeaders: ['retry-after', 'date'],
  maxAgeSeconds: 600,
} as const;
