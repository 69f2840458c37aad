import { Logger } from '@aws-lambda-powertools/logger';
import { redactLogValue } from './redact.ts';

/**
 * The one logger (Powertools: structured JSON, Lambda context when there is one).
 * Every value passes the redactor on its way out.
 */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comments',
  jsonReplacerFn: redactLogValue,
});
