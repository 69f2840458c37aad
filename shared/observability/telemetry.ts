import type { Telemetry } from '../domain/ports.ts';
import { logger } from './logger.ts';
import { countMetric, METRIC } from './metrics.ts';

/** The use cases' Telemetry port over the one redacting Powertools logger and the EMF metrics. */
export const powertoolsTelemetry: Telemetry = {
  info: (message, fields) => logger.info(message, fields ?? {}),
  warn: (message, fields) => logger.warn(message, fields ?? {}),
  error: (message, fields) => logger.error(message, fields ?? {}),
  count: (event, value) => countMetric(METRIC[event], value),
};
