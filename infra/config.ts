/**
 * Deployment configuration, read from CDK context (cdk.json or `-c key=value`)
 * and validated with zod so that a bad value fails `cdk synth` with a message
 * naming the key, before anything reaches CloudFormation.
 *
 * Resolution: `context.stages[<stage>]` from cdk.json, then flat `-c key=value`
 * overrides on top. `stage` itself defaults to `dev`.
 */
import * as z from 'zod';

/** The retention periods CloudWatch Logs accepts (days). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** Keys that may be given flat with `-c key=value` (strings on the command line). */
export const CONFIG_KEYS = [
  'siteOrigins',
  'moderatorEmail',
  'alarmEmail',
  'logRetentionDays',
  'logLevel',
  'removalPolicy',
  'mfa',
  'cognitoPlan',
  'customDomain',
  'personalDataRetentionDays',
  'throttle',
  'trustedProxyHops',
  'demoPost',
  'existingTableName',
  'existingKeysSecretArn',
  'signInDomainPrefix',
] as const;

/** Context keys of this app that are not configuration values. */
const APP_KEYS = ['stage', 'stages'] as const;

/** zod error map: "is required" when the key is absent, else the given message. */
const orRequired = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? 'is required' : message;

const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value.replace(/\/$/, '');
    } catch {
      return false;
    }
  }, 'must be an origin like https://blog.example.com (scheme and host, no path)')
  .transform((value) => new URL(value).origin);

/** `-c` values arrive as strings: accept a comma list as well as a JSON array. */
const commaList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v),
  z
    .array(origin, { error: orRequired('must be a list of origins (JSON array, or comma-separated on the command line)') })
    .min(1, 'must list at least one site origin'),
);

/** `-c` values arrive as strings: accept JSON objects given that way. */
const jsonObject = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  }, schema);

const positiveInt = z.coerce.number().int().positive();

/** `-c demoPost=false` arrives as a string. */
const flag = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean({ error: 'must be true or false' }));


export const StackConfigSchema = z
  .object({
    /** Lower-case stage name, part of the stack name (`LeaveAReply-<stage>`). */
    stage: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,19}$/, 'must be lower-case letters, digits and dashes, starting with a letter (≤ 20)'),
    /** Sites embedding the comment form: CORS origins and allowed redirect targets. */
    siteOrigins: commaList,
    /** Receives "comment held for moderation" notifications (SNS email subscription). */
    moderatorEmail: z.email({ error: orRequired('must be an email address') }),
    /** Receives CloudWatch alarm notifications (SNS email subscription). */
    alarmEmail: z.email({ error: orRequired('must be an email address') }),
    logRetentionDays: z.coerce
      .number()
      .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        message: `must be one of CloudWatch's retention periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(30),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).default('INFO'),
    /**
     * Proxies in front of API Gateway (e.g. CloudFront) that append to X-Forwarded-For.
     * 0 (default): the client IP is API Gateway's source IP and no client header is trusted.
     */
    trustedProxyHops: z.coerce.number().int('must be a whole number').min(0, 'must be 0 to 10').max(10, 'must be 0 to 10').default(0),
    /** `retain` keeps table, user pool and logs when the stack is deleted; default: retain for prod, destroy otherwise. */
    removalPolicy: z.enum(['retain', 'destroy']).optional(),
    mfa: z.enum(['OPTIONAL', 'REQUIRED']).default('REQUIRED'),
    /**
     * Prefix of the Cognito managed-login domain moderators sign in at
     * (`https://<prefix>.auth.<region>.amazoncognito.com`); unique per region.
     * Default: `leave-a-reply-<stage>-<account id>`.
     */
    signInDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes (1–63), not starting or ending with a dash')
      .refine((v) => !/aws|amazon|cognito/.test(v), 'must not contain "aws", "amazon" or "cognito" (Cognito refuses them)')
      .optional(),
    /** Cognito feature plan; PLUS adds threat protection (billed per active user). Default: PLUS for prod. */
    cognitoPlan: z.enum(['ESSENTIALS', 'PLUS']).optional(),
    customDomain: jsonObject(
      z.object({
        domainName: z.string().regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i, 'must be a host name'),
        certificateArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[\w-]+$/, 'must be an ACM certificate ARN in the stack region'),
      }),
    ).optional(),
    /** Days after which IP and user agent are dropped from a comment. */
    personalDataRetentionDays: positiveInt.default(30),
    /** Requests per second (steady / burst) for the whole API and for `POST /posts/{postId}/comments`. */
    throttle: jsonObject(
      z
        .object({
          rateLimit: positiveInt.default(50),
          burstLimit: positiveInt.default(100),
          postCommentRateLimit: positiveInt.default(5),
          postCommentBurstLimit: positiveInt.default(10),
        })
        .refine((t) => t.postCommentRateLimit <= t.rateLimit && t.postCommentBurstLimit <= t.burstLimit, {
          message: 'the POST comment limits must not exceed the stage limits',
        }),
    ).default({ rateLimit: 50, burstLimit: 100, postCommentRateLimit: 5, postCommentBurstLimit: 10 }),
    /** `/` serves the demo post (a showcase). Default: off in prod, on in other stages. */
    demoPost: flag.optional(),
    /**
     * Redeploying onto data a destroyed stack retained: use this table instead of creating
     * one (docs/deploy.md, "Restore and upgrade"). It must have the key design of
     * shared/adapters/dynamodb/table-design.ts, e.g. a retained or restored comments table.
     */
    existingTableName: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name (3–255 letters, digits, _ . -)')
      .optional(),
    /** Likewise the retained key ring: without its keys, stored emails cannot be read again. */
    existingKeysSecretArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/, 'must be the full ARN of a Secrets Manager secret (ending in -XXXXXX)')
      .optional(),
  })
  .strict()
  .transform((c) => {
    const isProd = c.stage === 'prod';
    return {
      ...c,
      isProd,
      removalPolicy: c.removalPolicy ?? (isProd ? 'retain' : 'destroy'),
      cognitoPlan: c.cognitoPlan ?? (isProd ? 'PLUS' : 'ESSENTIALS'),
      demoPost: c.demoPost ?? !isProd,
    };
  })
  .refine((c) => !(c.isProd && c.removalPolicy === 'destroy'), {
    path: ['removalPolicy'],
    message: 'prod must keep its data: removalPolicy "destroy" is not allowed for stage prod',
  })
  // With trusted proxies the execute-api endpoint is disabled (a client calling it directly
  // would skip the proxies and write its own X-Forwarded-For), so the API needs another name.
  .refine((c) => c.trustedProxyHops === 0 || c.customDomain !== undefined, {
    path: ['trustedProxyHops'],
    message: 'needs customDomain: with trusted proxies the default execute-api endpoint is disabled (docs/deploy.md)',
  });

export type StackConfig = z.output<typeof StackConfigSchema>;

export class StackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackConfigError';
  }
}

/** Validates a raw configuration object; throws one message naming every bad key. */
export function parseStackConfig(raw: unknown): StackConfig {
  const parsed = StackConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const stage = typeof raw === 'object' && raw && 'stage' in raw ? String(raw.stage) : '?';
  const problems = parsed.error.issues
    .map((issue) => `  - ${issue.path.length ? issue.path.join('.') : '(config)'}: ${issue.message}`)
    .join('\n');
  throw new StackConfigError(
    `Invalid deployment configuration for stage "${stage}" (cdk.json context "stages.${stage}" or -c key=value):\n${problems}`,
  );
}

/** Something with CDK context, i.e. an App or any construct (kept structural for tests). */
export interface ContextSource {
  node: { tryGetContext(key: string): unknown; getAllContext(): Record<string, unknown> };
}

/**
 * Context keys shaped like ours (plain camelCase) that this app does not know: a typo
 * such as `-c alarmEmial=…` would otherwise be ignored in silence. CDK's own keys
 * (`@aws-cdk/…`, `aws:cdk:…`, `availability-zones:…`, `acknowledged-issue-numbers`) and
 * `//` comments are not of that shape.
 */
function unknownContextKeys(context: Record<string, unknown>): string[] {
  const known = new Set<string>([...CONFIG_KEYS, ...APP_KEYS]);
  return Object.keys(context).filter((key) => /^[a-z][A-Za-z0-9]*$/.test(key) && !known.has(key));
}

/** The configured key closest to a misspelt one (at most 3 edits away). */
function closestKey(key: string): string | undefined {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      let diagonal = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j++) {
        const above = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length]!;
  };
  const [best] = [...CONFIG_KEYS, ...APP_KEYS].map((k) => [k, distance(key, k)] as const).sort((x, y) => x[1] - y[1]);
  return best && best[1] <= 3 ? best[0] : undefined;
}

/** Reads `stage`, the stage's block from `stages`, and flat overrides, then validates. */
export function readStackConfig(scope: ContextSource): StackConfig {
  const stage = (scope.node.tryGetContext('stage') as unknown) ?? 'dev';
  const stages = (scope.node.tryGetContext('stages') as Record<string, unknown> | undefined) ?? {};
  const unknown = unknownContextKeys(scope.node.getAllContext());
  if (unknown.length > 0) {
    const lines = unknown.map((key) => `  - ${key}${closestKey(key) ? ` (did you mean ${closestKey(key)}?)` : ''}`);
    throw new StackConfigError(`Unknown configuration key${unknown.length > 1 ? 's' : ''} in the CDK context (cdk.json or -c key=value):\n${lines.join('\n')}\nKnown keys: ${CONFIG_KEYS.join(', ')}.`);
  }
  const configured = Object.keys(stages).filter((name) => !name.startsWith('//'));
  if (typeof stage !== 'string' || typeof stages[stage] !== 'object' || stages[stage] === null) {
    throw new StackConfigError(
      `Unknown stage "${String(stage)}": cdk.json has a block for ${configured.map((name) => `"${name}"`).join(', ') || 'no stage'} under context.stages. ` +
        'Add one for this stage (the "//prod" block in cdk.json is a template), or pick a configured stage with -c stage=<name>.',
    );
  }
  // Keys starting with `//` are comments, as in cdk.json's prod template.
  const fromStage = Object.fromEntries(Object.entries(stages[stage] as object).filter(([key]) => !key.startsWith('//')));
  const overrides: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) {
    const value = scope.node.tryGetContext(key) as unknown;
    if (value !== undefined) overrides[key] = value;
  }
  return parseStackConfig({ ...(fromStage as object), ...overrides, stage });
}
