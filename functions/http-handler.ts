import type { Context } from 'aws-lambda';
import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import type { AppEnv } from '../shared/adapters/http/app-deps.ts';
import { logger } from '../shared/observability/logger.ts';
import { publishMetrics } from '../shared/observability/metrics.ts';

type ApiGatewayHandler = ReturnType<typeof handle>;
export type HttpHandler = (event: Parameters<ApiGatewayHandler>[0], context: Context) => Promise<Awaited<ReturnType<ApiGatewayHandler>>>;

/**
 * API Gateway HTTP API (payload 2.0) → a Hono app. Each log line of an invocation carries its
 * request id, cold start and function name (Powertools' context injection, without middy);
 * each invocation flushes the metrics it recorded (EMF lines, no API call).
 */
export function createHttpHandler(app: Hono<AppEnv>): HttpHandler {
  const handleRequest = handle(app);
  return async (event, context) => {
    logger.addContext(context);
    try {
      return await handleRequest(event, context);
    } finally {
      publishMetrics();
    }
  };
}
