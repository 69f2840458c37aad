import { isDeepStrictEqual } from 'node:util';
import type { Context, Env, Handler, Hono } from 'hono';
import * as z from 'zod';
import { type ResponseSpec, withStandardResponses } from './openapi-responses.ts';
import { jsonBodyOf, queryOf } from './route-input.ts';

export { ErrorBodySchema, errorResponse, GatewayMessageSchema } from './openapi-responses.ts';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type MediaType = 'application/json' | 'application/x-www-form-urlencoded';

export interface RouteSpec {
  method: Method;
  /** OpenAPI form: /posts/{postId}/comments */
  path: string;
  summary: string;
  tags: readonly string[];
  /** Moderator bearer token required. */
  auth?: boolean;
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  headers?: Record<string, z.ZodType>;
  body?: Partial<Record<MediaType, z.ZodType>>;
  /** Reads or writes the table (default true): the document then lists 503 `unavailable`. */
  storage?: boolean;
  /** What is particular to this route; the answers every route of its kind gives are added (./openapi-responses.ts). */
  responses: Record<number, ResponseSpec>;
}

type QuerySchema<S extends RouteSpec> = S['query'] extends z.ZodType ? S['query'] : never;
type JsonBodySchema<S extends RouteSpec> = S['body'] extends { 'application/json': infer B extends z.ZodType } ? B : never;

/**
 * What a handler reads from the request, checked against the very schemas its route
 * registers for the document. Read when the handler asks, so it keeps the order of its
 * checks (a malformed path id is 404 before a bad body is 400).
 */
export interface RouteInput<S extends RouteSpec> {
  /** The query by `spec.query`: every bad parameter named in a 400 `validation_failed`. */
  query(): z.output<QuerySchema<S>>;
  /** The JSON body by `spec.body['application/json']` (an empty body is `{}`). */
  json(): Promise<z.output<JsonBodySchema<S>>>;
}

export type RouteHandler<E extends Env, S extends RouteSpec> = (c: Context<E>, input: RouteInput<S>) => Response | Promise<Response>;

export interface DocumentInfo {
  title: string;
  version: string;
  description?: string;
  license?: { name: string; identifier?: string; url?: string };
}

/** One registered route as the gateway sees it: method, OpenAPI-form path, whether it needs a moderator token. */
export interface RegisteredRoute {
  method: Method;
  path: string;
  auth: boolean;
}

/**
 * The route list behind the router, the OpenAPI document and the API Gateway routes: a route
 * is declared once, with the same zod schemas that validate it.
 */
export class ApiRoutes<E extends Env = Env> {
  private readonly specs: RouteSpec[] = [];
  private readonly registered: RegisteredRoute[] = [];

  constructor(private readonly app: Hono<E>) {}

  add<S extends RouteSpec>(spec: S, handler: RouteHandler<E, S>): void {
    this.specs.push(spec);
    const declared = <T>(schema: T | undefined, what: string): T => {
      // A handler reading what its route does not declare is a bug here, not a bad request.
      if (schema === undefined) throw new Error(`${spec.method.toUpperCase()} ${spec.path} declares no ${what}.`);
      return schema;
    };
    this.on(spec.method, spec.path, spec.auth === true, (c) =>
      handler(c as Context<E>, {
        query: () => queryOf(c, declared(spec.query as QuerySchema<S> | undefined, 'query')),
        json: () => jsonBodyOf(c, declared(spec.body?.['application/json'] as JsonBodySchema<S> | undefined, 'JSON body')),
      }),
    );
  }

  /** A route outside the API document (a page's script or style, the document itself): still routed, and still listed by `routes()`. */
  addUndocumented(method: Method, path: string, handler: Handler<E>): void {
    this.on(method, path, false, handler);
  }

  /** Every route registered so far, documented or not, in registration order. */
  routes(): readonly RegisteredRoute[] {
    return this.registered;
  }

  private on(method: Method, path: string, auth: boolean, handler: Handler<E>): void {
    this.registered.push({ method, path, auth });
    const honoPath = path.replace(/\{(\w+)\}/g, ':$1');
    this.app.on(method.toUpperCase(), honoPath, handler);
  }

  document(info: DocumentInfo): Record<string, unknown> {
    const paths: Record<string, Record<string, unknown>> = {};
    const schemas: Record<string, unknown> = {};
    const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') => toJsonSchema(schema, io, schemas);
    const parameter = (name: string, location: 'path' | 'query' | 'header', schema: z.ZodType, required: boolean) =>
      toParameter(name, location, jsonSchema(schema, 'input'), required);
    for (const spec of this.specs) {
      const operation: Record<string, unknown> = {
        summary: spec.summary,
        tags: spec.tags,
        operationId: `${spec.method}${spec.path.replace(/[{}]/g, '').replace(/\/(\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/[^A-Za-z0-9]/g, '')}`,
        parameters: [
          ...Object.entries(spec.params ?? {}).map(([name, schema]) => parameter(name, 'path', schema, true)),
          ...Object.entries(spec.query?.shape ?? {}).map(([name, schema]) => parameter(name, 'query', schema as z.ZodType, !(schema as z.ZodType).safeParse(undefined).success)),
          ...Object.entries(spec.headers ?? {}).map(([name, schema]) => parameter(name, 'header', schema, false)),
        ],
        responses: Object.fromEntries(
          Object.entries(withStandardResponses(spec.responses, { auth: spec.auth, hasBody: spec.body !== undefined, storage: spec.storage })).map(
            ([status, response]) => [
              status,
              {
                description: response.description,
                ...(response.headers ? { headers: response.headers } : {}),
                ...(response.schema ? { content: { [response.contentType ?? 'application/json']: { schema: jsonSchema(response.schema, 'output') } } } : {}),
              },
            ],
          ),
        ),
        // Public routes say so explicitly: no token is needed.
        security: spec.auth ? [{ moderatorToken: [] }] : [],
      };
      if (spec.body) {
        operation.requestBody = {
          required: true,
          content: Object.fromEntries(Object.entries(spec.body).map(([type, schema]) => [type, { schema: jsonSchema(schema!, 'input') }])),
        };
      }
      paths[spec.path] = { ...paths[spec.path], [spec.method]: operation };
    }
    return {
      openapi: '3.1.0',
      info,
      // Relative: the API is wherever this document is served (localhost, the API Gateway URL, a custom domain).
      servers: [{ url: '/', description: 'This API: the origin that serves this document' }],
      paths,
      components: {
        schemas,
        securitySchemes: {
          moderatorToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A token whose groups include `moderators`.' },
        },
      },
    };
  }
}

function toParameter(name: string, location: 'path' | 'query' | 'header', converted: Record<string, unknown>, required: boolean): Record<string, unknown> {
  const { description, ...rest } = converted as { description?: string };
  return { name, in: location, required, ...(description ? { description } : {}), schema: rest };
}

/**
 * zod's JSON Schema with its `$defs` moved into `components.schemas`: inside an OpenAPI
 * document a `#/$defs/…` reference points at the document's root, where there are none.
 * An id that converts differently as input and as output gets a suffixed second entry.
 */
function toJsonSchema(schema: z.ZodType, io: 'input' | 'output', components: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, $defs, ...converted } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown> & {
    $defs?: Record<string, unknown>;
  };
  const names = new Map<string, string>();
  const rewrite = <T>(value: T): T =>
    JSON.parse(JSON.stringify(value).replace(/"#\/\$defs\/([^"]+)"/g, (_ref, id: string) => JSON.stringify(`#/components/schemas/${names.get(id) ?? id}`))) as T;
  for (const [id, def] of Object.entries($defs ?? {})) {
    const clash = components[id] !== undefined && !isDeepStrictEqual(components[id], rewrite(def));
    names.set(id, clash ? `${id}${io === 'input' ? 'Input' : 'Output'}` : id);
  }
  for (const [id, def] of Object.entries($defs ?? {})) components[names.get(id)!] ??= rewrite(def);
  return rewrite(converted);
}
