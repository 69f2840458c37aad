import type { Context } from 'aws-lambda';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../../shared/adapters/http/app.ts';
import { clientIpResolver } from '../../shared/adapters/http/client-ip.ts';
import { bundledWidgetScript } from '../../shared/adapters/http/widget-script.ts';
import { createServiceDeps, createTokenVerifier, moderatorSignIn } from '../../shared/adapters/wiring.ts';
import { loadEnv, requireEnv } from '../../shared/config.ts';
import { logger } from '../../shared/observability/logger.ts';
import { publishMetrics } from '../../shared/observability/metrics.ts';

/** API Gateway HTTP API (payload 2.0) → the Hono app. The client IP comes from the request context. */
// Queues every comment: without QUEUE_URL it must not start (keys and auth are checked by the wiring, also at load).
const env = requireEnv(loadEnv(), ['QUEUE_URL'], 'The api function');

export const app = createApp({
  ...createServiceDeps(env),
  verifier: createTokenVerifier(env),
  siteOrigins: env.SITE_ORIGINS,
  publicUrl: env.PUBLIC_URL,
  signIn: moderatorSignIn(env),
  widgetScript: bundledWidgetScript(),
  demoPost: env.DEMO_POST,
  clientIp: clientIpResolver({
    directAddress: (c) => (c.env as { requestContext?: { http?: { sourceIp?: string } } } | undefined)?.requestContext?.http?.sourceIp,
    trustedProxyHops: env.TRUSTED_PROXY_HOPS,
  }),
});

const handleRequest = handle(app);

/**
 * Each log line of an invocation carries its request id, cold start and function name
 * (Powertools' context injection, without middy); each invocation flushes the metrics it
 * recorded (EMF lines, no API call).
 */
export const handler = async (event: Parameters<typeof handleRequest>[0], context: Context): Promise<Awaited<ReturnType<typeof handleRequest>>> => {
  logger.addContext(context);
  try {
    return await handleRequest(event, context);
  } finally {
    publishMetrics();
  }
};
