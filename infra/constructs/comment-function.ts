import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Duration, type RemovalPolicy, Stage } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { LAMBDA_BUNDLING, REPO_ROOT, entryPath, type LambdaName } from '../bundling.ts';

/** Item-level actions of `useTable(table, 'readWrite')`. */
export const TABLE_READ_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** Actions of `useTable(table, 'query')`. */
export const TABLE_QUERY_ACTIONS = ['dynamodb:Query'] as const;

export interface CommentFunctionProps {
  /** Which entry point under `functions/` to bundle. */
  readonly entry: LambdaName;
  readonly description: string;
  /** Powertools service name (log field `service`, metric dimension). */
  readonly serviceName: string;
  readonly metricsNamespace: string;
  readonly logLevel: string;
  readonly logRetention: RetentionDays;
  /** Applies to the function's log group. */
  readonly removalPolicy: RemovalPolicy;
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  /** esbuild `define` entries (../bundle-defines.ts). */
  readonly define?: Record<string, string>;
  /** Files the asset carries beside the bundle, name → content (the public function's widget and OpenAPI document, ../bundle-defines.ts). */
  readonly files?: Record<string, string>;
}

/**
 * Writes the files into the cloud assembly's folder now (they are built at synth), for the
 * bundling step to copy beside the bundle: CDK's asset hash is the output's, files included.
 */
function stagedFiles(scope: Construct, id: string, files: Record<string, string>): string[] {
  const dir = path.join(Stage.of(scope)?.outdir ?? 'cdk.out', 'bundle-files', id);
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, content]) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  });
}

/** Local bundling (esbuild is a dev dependency) runs these in a shell after esbuild. */
const copyAfterBundling = (files: string[]) => ({
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir: string, outputDir: string) => files.map((file) => `cp "${file}" "${outputDir}/${path.basename(file)}"`),
});

/**
 * The one way this project defines a Lambda function: Node 24 on arm64, one
 * minified ESM file with every dependency bundled and no AWS SDK (see ../bundling.ts), X-Ray active,
 * its own log group with retention, and its own role that starts empty — no
 * AWS-managed policy; every permission comes from a `use…` method below, which
 * also sets the environment variable the code reads, so grant and config never
 * drift apart.
 *
 * @example
 * const fn = new CommentFunction(this, 'Api', { entry: 'api', … });
 * fn.useTable(table, 'readWrite');
 */
export class CommentFunction extends NodejsFunction {
  readonly functionLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: CommentFunctionProps) {
    // Role and log group are created beside the function (not inside it) because
    // `this` does not exist before super(); ids are prefixed to stay unique.
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${props.description}`,
    });
    // What AWSLambdaBasicExecutionRole would give, narrowed to this log group.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );

    super(scope, id, {
      entry: entryPath(props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}/package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      // Lambda's own segment per invocation. SDK subsegments need Powertools' Tracer in the bundle:
      // measured at +8 % cold import of the API bundle (+122 KB), see docs/deploy.md "Logs, metrics and traces".
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: props.metricsNamespace,
        LOG_LEVEL: props.logLevel,
        ...props.environment,
      },
      bundling: {
        target: LAMBDA_BUNDLING.target,
        format: OutputFormat.ESM,
        minify: LAMBDA_BUNDLING.minify,
        sourceMap: LAMBDA_BUNDLING.sourcemap,
        mainFields: [...LAMBDA_BUNDLING.mainFields],
        banner: LAMBDA_BUNDLING.banner,
        // Nothing external: the functions use no AWS SDK client (their AWS calls are signed with aws4).
        externalModules: [],
        // Warnings and errors only, as the bench's own esbuild runs (../bundling.ts).
        logLevel: LogLevel.WARNING,
        ...(props.define ? { define: props.define } : {}),
        ...(props.files && Object.keys(props.files).length > 0 ? { commandHooks: copyAfterBundling(stagedFiles(scope, id, props.files)) } : {}),
      },
    });
    this.functionLogGroup = logGroup;
  }

  /**
   * Table access and `TABLE_NAME`. `query` is read-only and limited to
   * `dynamodb:Query` (the sweeper's one need). `readWrite` lists the item
   * actions the repository uses (transactions are authorised per contained
   * Put/Update/Delete/ConditionCheck) — unlike CDK's `grantReadWriteData`, no
   * Scan, no DescribeTable, no stream reads.
   */
  useTable(table: ITable, mode: 'query' | 'readWrite'): this {
    table.grant(this, ...(mode === 'readWrite' ? TABLE_READ_WRITE_ACTIONS : TABLE_QUERY_ACTIONS));
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** `sqs:SendMessage` on the queue and `QUEUE_URL`. */
  sendTo(queue: IQueue): this {
    queue.grantSendMessages(this);
    this.addEnvironment('QUEUE_URL', queue.queueUrl);
    return this;
  }

  /** Read access to the keys secret and `KEYS_SECRET_ARN`. */
  useKeys(secret: ISecret): this {
    secret.grantRead(this);
    this.addEnvironment('KEYS_SECRET_ARN', secret.secretArn);
    return this;
  }

  /**
   * `sns:Publish` on the topic (and the two KMS actions SNS needs on its key)
   * plus `NOTIFY_TOPIC_ARN`. Written out rather than `topic.grantPublish`, which
   * grants `kms:GenerateDataKey*`: publishing only calls GenerateDataKey.
   */
  notifyVia(topic: ITopic, key: kms.IKey): this {
    this.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }),
    );
    this.addEnvironment('NOTIFY_TOPIC_ARN', topic.topicArn);
    return this;
  }
}
