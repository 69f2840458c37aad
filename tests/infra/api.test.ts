import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/adapters/http/app.ts';
import type { AppDeps } from '../../shared/adapters/http/app-deps.ts';
import { routeTable } from '../../shared/adapters/http/route-table.ts';
import { buildStack, type CfnResource as Resource, type SynthesizedStack } from './stack-harness.ts';

/** The routes each function's app registers (the single source of the gateway's routes), as API Gateway route keys. */
const table = routeTable();
const routeKey = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;
const underTokenPrefix = (path: string) => /^\/(moderation|privacy)\//.test(path);
const MODERATOR_ROUTE_KEYS = table.moderators.filter((route) => underTokenPrefix(route.path)).map(routeKey);
const MODERATOR_OPEN_ROUTE_KEYS = table.moderators.filter((route) => !underTokenPrefix(route.path)).map(routeKey);
const PUBLIC_ROUTE_KEYS = [...table.public.map(routeKey), '$default'];

describe('Stack: HTTP API', () => {
  let built: SynthesizedStack;
  let withDomain: SynthesizedStack;
  let template: Template;
  let routes: Map<string, Resource['Properties']>;

  beforeAll(() => {
    built = buildStack({ config: { logRetentionDays: 60 } });
    withDomain = buildStack({
      config: {
        customDomain: { domainName: 'comments.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123' },
        throttle: { rateLimit: 20, burstLimit: 40, postCommentRateLimit: 2, postCommentBurstLimit: 4 },
      },
    });
    template = built.template();
    routes = new Map(
      Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => [
        (r as Resource).Properties.RouteKey as string,
        (r as Resource).Properties,
      ]),
    );
  });
  afterAll(() => {
    built.dispose();
    withDomain.dispose();
  });

  describe('Endpoint', () => {
    it('keeps the default execute-api endpoint when no proxy is trusted', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
      withDomain.template().hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: false });
    });

    it('disables it when proxies are trusted: a client must not skip them and name its own address', () => {
      const proxied = buildStack({
        config: { trustedProxyHops: 1, customDomain: { domainName: 'comments.example.com', certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123' } },
      });
      try {
        proxied.template().hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
      } finally {
        proxied.dispose();
      }
    });
  });

  describe('Routes', () => {
    it('derives its lists from the route sets: every moderator route of docs/api.md is in the moderators\' set', () => {
      for (const key of ['GET /moderation/comments', 'POST /moderation/comments/{id}/approve', 'POST /moderation/import', 'GET /moderation/export', 'POST /privacy/erase']) {
        expect(MODERATOR_ROUTE_KEYS, key).toContain(key);
      }
      expect(MODERATOR_OPEN_ROUTE_KEYS.sort()).toEqual(['GET /moderate', 'GET /moderate.css', 'GET /moderate.js', 'GET /moderation-links/{token}', 'POST /moderation-links/{token}']);
      expect(PUBLIC_ROUTE_KEYS).toContain('POST /posts/{postId}/comments');
      expect(PUBLIC_ROUTE_KEYS.filter((key) => / \/(moderation|privacy)\//.test(key))).toEqual([]);
    });

    it("sends each function's routes to that function, through one integration each, with payload v2", () => {
      const integrations = template.findResources('AWS::ApiGatewayV2::Integration');
      expect(Object.keys(integrations)).toHaveLength(2);
      template.allResourcesProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
      const functionOf = (key: string) => {
        const route = routes.get(key);
        if (!route) throw new Error(`No route ${key}`);
        const integration = (route.Target as { 'Fn::Join': [string, [string, { Ref: string }]] })['Fn::Join'][1][1].Ref;
        return JSON.stringify((integrations[integration] as Resource).Properties.IntegrationUri);
      };
      const publicFunction = functionOf('POST /posts/{postId}/comments');
      const moderatorFunction = functionOf('GET /moderation/comments');
      expect(publicFunction).toContain('PublicApiFunction');
      expect(moderatorFunction).toContain('ModeratorApiFunction');
      for (const key of PUBLIC_ROUTE_KEYS) expect(functionOf(key), key).toBe(publicFunction);
      for (const key of [...MODERATOR_ROUTE_KEYS, ...MODERATOR_OPEN_ROUTE_KEYS, 'GET /moderation/{proxy+}', 'POST /privacy/{proxy+}']) expect(functionOf(key), key).toBe(moderatorFunction);
    });

    it('protects every moderator and privacy route with the Cognito JWT authorizer', () => {
      const authorizerId = Object.keys(template.findResources('AWS::ApiGatewayV2::Authorizer'))[0];

      for (const key of MODERATOR_ROUTE_KEYS) {
        expect(routes.get(key), key).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: { Ref: authorizerId } });
      }
    });

    it('protects anything else under /moderation/ and /privacy/ too (catch-alls, no OPTIONS)', () => {
      for (const prefix of ['/moderation/{proxy+}', '/privacy/{proxy+}']) {
        for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
          expect(routes.get(`${method} ${prefix}`), `${method} ${prefix}`).toMatchObject({ AuthorizationType: 'JWT' });
        }
        expect(routes.has(`OPTIONS ${prefix}`)).toBe(false);
        expect(routes.has(`ANY ${prefix}`)).toBe(false);
      }
    });

    it('leaves the public routes and $default without authorizer', () => {
      for (const key of PUBLIC_ROUTE_KEYS) {
        expect(routes.get(key), key).toMatchObject({ AuthorizationType: 'NONE' });
        expect(routes.get(key)?.AuthorizerId, key).toBeUndefined();
      }
    });

    it("keeps the moderators' page and the notification links outside /moderation/* and its authorizer", () => {
      for (const key of MODERATOR_OPEN_ROUTE_KEYS) {
        expect(routes.get(key), key).toMatchObject({ AuthorizationType: 'NONE' });
      }
      // The catch-all `/moderation/{proxy+}` cannot match them: a different first path segment.
      expect([...routes.keys()].filter((k) => k.includes('{proxy+}')).every((k) => / \/(moderation|privacy)\/\{proxy\+\}$/.test(k))).toBe(true);
    });

    it('has no route besides those', () => {
      const authorized = [...routes].filter(([, p]) => p.AuthorizationType === 'JWT').map(([k]) => k);
      const open = [...routes].filter(([, p]) => p.AuthorizationType !== 'JWT').map(([k]) => k);

      expect(open.sort()).toEqual([...PUBLIC_ROUTE_KEYS, ...MODERATOR_OPEN_ROUTE_KEYS].sort());
      expect(authorized.every((k) => / \/(moderation|privacy)\//.test(k))).toBe(true);
      expect(authorized).toHaveLength(MODERATOR_ROUTE_KEYS.length + 10);
    });

    it('checks tokens of the stack\'s user pool and app client', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: {
          Audience: [{ Ref: Object.keys(template.findResources('AWS::Cognito::UserPoolClient'))[0] }],
          Issuer: {
            'Fn::Join': [
              '',
              ['https://cognito-idp.', { Ref: 'AWS::Region' }, '.amazonaws.com/', { Ref: Object.keys(template.findResources('AWS::Cognito::UserPool'))[0] }],
            ],
          },
        },
      });
    });

    it('lets API Gateway invoke each function with a single permission', () => {
      template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: 'apigateway.amazonaws.com' }, 2);
    });
  });

  describe('CORS', () => {
    it('allows only the configured site origins, and the headers the API needs', () => {
      template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
        ProtocolType: 'HTTP',
        CorsConfiguration: {
          AllowOrigins: ['https://blog.example.com', 'https://www.example.org'],
          AllowMethods: Match.arrayWith(['GET', 'POST']),
          AllowHeaders: Match.arrayWith(['content-type', 'authorization', 'idempotency-key']),
          ExposeHeaders: ['retry-after', 'date'],
        },
      });
    });

    it('answers preflights exactly as the app does (one CORS policy: methods, headers, max-age)', async () => {
      // Prepare: the app's own preflight answer for a configured site origin.
      const app = createApp({ siteOrigins: ['https://blog.example.com'], publicUrl: 'https://api.example.com' } as unknown as AppDeps);
      const preflight = await app.request('/posts/p/comments', { method: 'OPTIONS', headers: { origin: 'https://blog.example.com', 'access-control-request-method': 'POST' } });
      const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0] as Resource;
      const cors = api.Properties.CorsConfiguration;
      const list = (header: string | null) => (header ?? '').split(',').map((v) => v.trim().toLowerCase()).filter(Boolean).sort();

      // Assess
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://blog.example.com');
      expect(cors.MaxAge).toBe(Number(preflight.headers.get('access-control-max-age')));
      expect([...cors.AllowMethods].map((m: string) => m.toLowerCase()).sort()).toEqual(list(preflight.headers.get('access-control-allow-methods')).filter((m) => m !== 'options'));
      expect([...cors.AllowHeaders].map((h: string) => h.toLowerCase()).sort()).toEqual(list(preflight.headers.get('access-control-allow-headers')));
    });

    it('never allows any origin', () => {
      const api = Object.values(template.findResources('AWS::ApiGatewayV2::Api'))[0] as Resource;

      expect(api.Properties.CorsConfiguration.AllowOrigins).not.toContain('*');
      expect(api.Properties.CorsConfiguration.AllowCredentials).toBeUndefined();
    });
  });

  describe('Stage', () => {
    it('auto-deploys one $default stage with stage throttling', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
      template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        StageName: '$default',
        AutoDeploy: true,
        DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      });
    });

    it('throttles POST /posts/{postId}/comments tighter, after the route exists', () => {
      const postRouteId = Object.keys(
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: 'POST /posts/{postId}/comments' } }),
      )[0]!;

      template.hasResource('AWS::ApiGatewayV2::Stage', {
        Properties: Match.objectLike({
          RouteSettings: Match.objectLike({ 'POST /posts/{postId}/comments': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 } }),
        }),
        DependsOn: Match.arrayWith([postRouteId]),
      });
    });

    it('throttles the public notification-link routes, after they exist', () => {
      const linkRouteIds = Object.keys(
        template.findResources('AWS::ApiGatewayV2::Route', { Properties: { RouteKey: Match.stringLikeRegexp('^(GET|POST) /moderation-links/') } }),
      );
      expect(linkRouteIds).toHaveLength(2);

      template.hasResource('AWS::ApiGatewayV2::Stage', {
        Properties: Match.objectLike({
          RouteSettings: Match.objectLike({
            'GET /moderation-links/{token}': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
            'POST /moderation-links/{token}': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 },
          }),
        }),
        DependsOn: Match.arrayWith(linkRouteIds),
      });
    });

    it('takes throttling values from config', () => {
      withDomain.template().hasResourceProperties('AWS::ApiGatewayV2::Stage', {
        DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
        RouteSettings: Match.objectLike({ 'POST /posts/{postId}/comments': { ThrottlingRateLimit: 2, ThrottlingBurstLimit: 4 } }),
      });
    });

    it('writes JSON access logs, without IP or user agent, to a log group with retention', () => {
      const stage = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'))[0] as Resource;
      const logGroupId = stage.Properties.AccessLogSettings.DestinationArn['Fn::GetAtt'][0] as string;
      const format = JSON.parse(stage.Properties.AccessLogSettings.Format as string) as Record<string, string>;

      expect(template.toJSON().Resources[logGroupId]).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 60 } });
      expect(format).toMatchObject({ requestId: '$context.requestId', routeKey: '$context.routeKey', status: '$context.status' });
      expect(Object.values(format).join(' ')).not.toMatch(/sourceIp|userAgent/);
    });
  });

  describe('Custom domain', () => {
    it('is absent unless configured', () => {
      template.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    });

    it('maps the configured domain with its certificate to the stage', () => {
      const t = withDomain.template();

      t.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
        DomainName: 'comments.example.com',
        DomainNameConfigurations: [
          Match.objectLike({ CertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/abc-123', EndpointType: 'REGIONAL' }),
        ],
      });
      t.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 1);
      t.hasOutput('ApiUrl', { Value: 'https://comments.example.com/' });
      t.hasOutput('*', { Value: { 'Fn::GetAtt': [Match.anyValue(), 'RegionalDomainName'] } });
    });
  });
});
