import { Logger, type LogItem } from '@aws-lambda-powertools/logger';
import { formatReadable } from './readable-log.ts';
import { redactLogValue } from './redact.ts';

/** Prints each record as a readable line (the local stack sets LOG_FORMAT=text); JSON everywhere else. */
class ReadableLogger extends Logger {
  protected override printLog(_logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    // Through the same redacting replacer as the JSON output, then laid out for a terminal.
    const record = JSON.parse(JSON.stringify(log.getAttributes(), this.getJsonReplacer())) as Record<string, unknown>;
    process.stdout.write(`${formatReadable(record)}\n`);
  }
}

/**
 * The one logger (Powertools: structured JSON, Lambda context when there is one).
 * Every value passes the redactor on its way out.
 */
const options = { serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'comments', jsonReplacerFn: redactLogValue };
export const logger: Logger = process.env.LOG_FORMAT === 'text' ? new ReadableLogger(options) : new Logger(options);
