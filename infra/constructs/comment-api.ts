import { CfnOutput, Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  CorsHttpMethod,
  DomainName,
  HttpApi,
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '../../shared/adapters/http/cors-policy.ts';
import { MODERATOR_TOKEN_PREFIXES } from '../../shared/adapters/http/moderator-app.ts';
import { type FunctionRoutes, type RegisteredRoute, routeTable } from '../../shared/adapters/http/route-table.ts';

/**
 * Catch-alls so that nothing under the two prefixes reaches a function without a valid
 * token, even a route the route table does not list. OPTIONS is left out on purpose: API
 * Gateway answers CORS preflights itself, unauthenticated.
 */
export const PROTECTED_PREFIXES = MODERATOR_TOKEN_PREFIXES.map((prefix) => `${prefix}{proxy+}`);
export const PROTECTED_CATCH_ALL_METHODS = [
  HttpMethod.GET,
  HttpMethod.POST,
  HttpMethod.PUT,
  HttpMethod.PATCH,
  HttpMethod.DELETE,
] as const;

/** Which function serves a route. */
export type ApiTarget = 'public' | 'moderators';

export interface GatewayRoute {
  readonly method: HttpMethod;
  readonly path: string;
  readonly target: ApiTarget;
  /** Behind the JWT authorizer: every route under the moderator prefixes, and any the app marks as needing a token. */
  readonly authorized: boolean;
}

const underTokenPrefix = (path: string) => MODERATOR_TOKEN_PREFIXES.some((prefix) => path.startsWith(prefix));

/**
 * API Gateway's routes, derived from the routes each function's app registers
 * (shared/adapters/http/route-table.ts): adding a route to a route module adds it here.
 * Anything unlisted goes to the public function through `$default`.
 */
export function gatewayRoutes(table: FunctionRoutes = routeTable()): GatewayRoute[] {
  const toGateway = (target: ApiTarget) => (route: RegisteredRoute): GatewayRoute => ({
    method: HttpMethod[route.method.toUpperCase() as keyof typeof HttpMethod],
    path: route.path,
    target,
    authorized: route.auth || underTokenPrefix(route.path),
  });
  const publicRoutes = table.public.map(toGateway('public'));
  const leaked = publicRoutes.filter((route) => route.authorized).map((route) => `${route.method} ${route.path}`);
  // A public route under /moderation/ would be served by the wrong function, or by none.
  if (leaked.length > 0) throw new Error(`Moderator routes registered in the public route set: ${leaked.join(', ')}`);
  return [...publicRoutes, ...table.moderators.map(toGateway('moderators'))];
}

/** The route with its own, tighter throttle. */
export const POST_COMMENT_ROUTE_KEY = 'POST /posts/{postId}/comments';
/** The public link routes: a moderator clicks a few a day; the app also limits them per IP. */
export const MODERATION_LINK_ROUTE_KEYS = ['GET /moderation-links/{token}', 'POST /moderation-links/{token}'] as const;
export const MODERATION_LINK_THROTTLE = { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } as const;

export interface ApiThrottle {
  readonly rateLimit: number;
  readonly burstLimit: number;
  readonly postCommentRateLimit: number;
  readonly postCommentBurstLimit: number;
}

export interface CommentApiProps {
  /** The visitors' function: its registered routes and `$default`. */
  readonly publicHandler: IFunction;
  /** The moderators' function: its registered routes and the catch-alls under the moderator prefixes. */
  readonly moderatorHandler: IFunction;
  /** JWT issuer and accepted audiences (the Cognito pool and its app client). */
  readonly jwtIssuer: string;
  readonly jwtAudience: string[];
  readonly siteOrigins: string[];
  readonly throttle: ApiThrottle;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly customDomain?: { domainName: string; certificateArn: string } | undefined;
  /**
   * Turn off the default `execute-api` endpoint (only the custom domain answers): required
   * when proxies in front are trusted for the client address, else a client skips them.
   */
  readonly disableExecuteApiEndpoint: boolean;
}

const PUBLIC_BY_DESIGN =
  "Public by design (docs/api.md): readers post and list comments without an account, the moderators' page loads without a token (its data comes from the JWT-protected routes), and notification links carry their own signed, expiring, single-use capability; abuse is limited by route throttles, the app's flood and per-IP limits, and moderation of every comment.";

/**
 * The HTTP API in front of the two API functions (visitors', moderators'): each route
 * registered by a function's app goes to that function, the JWT authorizer on exactly the
 * moderator and privacy routes, CORS limited to the
 * configured site origins, stage throttling with a tighter limit on comment
 * submission, and JSON access logs (without IP or user agent: the app keeps
 * those personal data under its own retention rules).
 *
 * Body size: HTTP APIs accept up to 10 MB and Lambda 6 MB; the app answers
 * 413 above 128 KiB before parsing, so no gateway limit is configured.
 */
export class CommentApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  readonly url: string;

  constructor(scope: Construct, id: string, props: CommentApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Leave a Reply comment API',
      createDefaultStage: false,
      disableExecuteApiEndpoint: props.disableExecuteApiEndpoint,
      // API Gateway answers preflights itself: from the app's own policy, so both agree.
      corsPreflight: {
        allowOrigins: props.siteOrigins,
        allowMethods: CORS_POLICY.allowMethods.map((method) => CorsHttpMethod[method]),
        allowHeaders: [...CORS_POLICY.allowHeaders],
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
    });

    // One invoke permission per function instead of one per route.
    const integrations: Record<ApiTarget, HttpLambdaIntegration> = {
      public: new HttpLambdaIntegration('PublicFunction', props.publicHandler, { scopePermissionToRoute: false }),
      moderators: new HttpLambdaIntegration('ModeratorFunction', props.moderatorHandler, { scopePermissionToRoute: false }),
    };
    const authorizer = new HttpJwtAuthorizer('ModeratorJwt', props.jwtIssuer, {
      jwtAudience: props.jwtAudience,
      identitySource: ['$request.header.Authorization'],
    });

    const routesByKey = new Map<string, HttpRoute>();
    const openRoutes: HttpRoute[] = [];
    for (const route of gatewayRoutes()) {
      const [added] = this.httpApi.addRoutes({
        path: route.path,
        methods: [route.method],
        integration: integrations[route.target],
        ...(route.authorized ? { authorizer } : {}),
      });
      routesByKey.set(`${route.method} ${route.path}`, added!);
      if (!route.authorized) openRoutes.push(added!);
    }
    for (const path of PROTECTED_PREFIXES) {
      this.httpApi.addRoutes({ path, methods: [...PROTECTED_CATCH_ALL_METHODS], integration: integrations.moderators, authorizer });
    }
    openRoutes.push(
      new HttpRoute(this, 'DefaultRoute', { httpApi: this.httpApi, routeKey: HttpRouteKey.DEFAULT, integration: integrations.public }),
    );
    for (const route of openRoutes) {
      Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason: PUBLIC_BY_DESIGN });
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const domainName = props.customDomain
      ? new DomainName(this, 'DomainName', {
          domainName: props.customDomain.domainName,
          certificate: Certificate.fromCertificateArn(this, 'Certificate', props.customDomain.certificateArn),
        })
      : undefined;
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            responseLatency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            error: '$context.error.message',
          }),
        ),
      },
      ...(domainName ? { domainMapping: { domainName } } : {}),
    });

    // Route-level throttle: a stage setting keyed by route key (untyped JSON in
    // CloudFormation, hence the PascalCase). CloudFormation rejects it if the
    // route does not exist yet, hence the explicit dependency.
    const cfnStage = this.stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = {
      [POST_COMMENT_ROUTE_KEY]: {
        ThrottlingRateLimit: props.throttle.postCommentRateLimit,
        ThrottlingBurstLimit: props.throttle.postCommentBurstLimit,
      },
      ...Object.fromEntries(MODERATION_LINK_ROUTE_KEYS.map((key) => [key, MODERATION_LINK_THROTTLE])),
    };
    for (const key of [POST_COMMENT_ROUTE_KEY, ...MODERATION_LINK_ROUTE_KEYS]) {
      const route = routesByKey.get(key);
      if (!route) throw new Error(`The throttled route ${key} is not registered by either function.`);
      cfnStage.node.addDependency(route);
    }

    this.url = domainName ? `https://${props.customDomain?.domainName}/` : this.stage.url;
    if (domainName) {
      new CfnOutput(this, 'CustomDomainTarget', {
        description: 'Point a CNAME (or alias) record for the custom domain at this name',
        value: domainName.regionalDomainName,
      }).overrideLogicalId('CustomDomainTarget'); // a stable output name for docs/deploy.md
    }
  }
}
