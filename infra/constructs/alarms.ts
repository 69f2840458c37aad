import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface AlarmsProps {
  readonly topic: ITopic;
  readonly deadLetterQueue: IQueue;
  readonly httpApi: IHttpApi;
  readonly worker: IFunction;
  /** Every function whose throttling should page (api, worker, sweeper). */
  readonly functions: Record<string, IFunction>;
  /** Alarm when more than this percentage of API requests end in 5xx. @default 5 */
  readonly api5xxPercent?: number;
}

const FIVE_MINUTES = Duration.minutes(5);

/**
 * What pages the operator (every alarm notifies the alarm topic when it fires
 * and when it recovers):
 * - a message in the dead-letter queue: a comment that was never moderated;
 * - the API's 5xx rate over 5 minutes (ignored below 20 requests, where one
 *   error would be a large percentage of nothing);
 * - any moderation worker error (a failed invocation, not a partial batch
 *   failure, which retries and ends in the DLQ alarm);
 * - any throttled invocation of any function.
 */
export class Alarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    const add = (alarmId: string, metric: IMetric, threshold: number, description: string): Alarm => {
      const alarm = new Alarm(this, alarmId, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
      return alarm;
    };

    add(
      'DeadLetterQueueNotEmpty',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      0,
      'Comments failed moderation 5 times and wait in the dead-letter queue. Fix the cause, then redrive (docs/deploy.md).',
    );

    const requests = props.httpApi.metricCount({ period: FIVE_MINUTES, statistic: 'Sum' });
    const errors = props.httpApi.metricServerError({ period: FIVE_MINUTES, statistic: 'Sum' });
    add(
      'Api5xxRate',
      new MathExpression({
        expression: 'IF(requests >= 20, 100 * errors / requests, 0)',
        usingMetrics: { requests, errors },
        period: FIVE_MINUTES,
        label: 'API 5xx rate (%)',
      }),
      props.api5xxPercent ?? 5,
      `More than ${props.api5xxPercent ?? 5}% of API requests failed with 5xx over 5 minutes.`,
    );

    add(
      'WorkerErrors',
      props.worker.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' }),
      0,
      'The moderation worker failed invocations; its messages are retried and end in the dead-letter queue.',
    );

    for (const [name, fn] of Object.entries(props.functions)) {
      add(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' }),
        0,
        `The ${name} function was throttled (account or reserved concurrency exhausted).`,
      );
    }
  }
}
