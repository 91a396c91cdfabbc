import { z } from 'zod';
import type { DialectOpenApi } from './dialects/layer.js';
import type { ApiRoute } from './http/routes.js';

/**
 * The OpenAPI 3.1 document, generated from the same route declarations and zod schemas the
 * server validates with (OpenAPI 3.1 schemas are JSON Schema 2020-12, which z.toJSONSchema
 * emits). Schemas with a `meta({ id })` become shared components.
 */

type Json = Record<string, unknown>;

const PROBLEM_SCHEMA: Json = {
  type: 'object',
  description: 'RFC 9457 problem details',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
        required: ['field', 'rule', 'message'],
      },
    },
    currentState: { type: 'string', description: 'the payment state, when the problem is about it' },
  },
  required: ['type', 'title', 'status', 'detail'],
};

const SECURITY: Record<ApiRoute['auth'], Json[]> = {
  merchant: [{ merchantSecretKey: [] }],
  client_secret: [{ clientSecret: [] }],
  none: [],
};

class SchemaConverter {
  readonly components: Record<string, Json> = { Problem: PROBLEM_SCHEMA };

  /** A schema for use inside the document: a $ref for shared schemas, inline otherwise. */
  convert(schema: z.ZodType, io: 'input' | 'output'): Json {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
    const { $schema: _dialect, $defs, $id: _id, ...rest } = converted as Json & { $defs?: Record<string, Json> };
    for (const [name, definition] of Object.entries($defs ?? {})) {
      this.components[name] = rewriteRefs(definition) as Json;
    }
    // A root schema with an id comes back as a $ref to its own $def, already hoisted above.
    return rewriteRefs(rest) as Json;
  }
}

/** `#/$defs/X` (per-schema) becomes `#/components/schemas/X` (document-wide). */
function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? inner.replace('#/$defs/', '#/components/schemas/') : rewriteRefs(inner),
    ]),
  );
}

/** `/api/v1/payments/:id` -> `/api/v1/payments/{id}` */
export function toOpenApiPath(expressPath: string): string {
  return expressPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parametersOf(route: ApiRoute, schemas: SchemaConverter): Json[] {
  const pathParams = [...route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => ({
    name: match[1],
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  const queryParams =
    route.query instanceof z.ZodObject
      ? Object.entries(route.query.shape as Record<string, z.ZodType>).map(([name, schema]) => ({
          name,
          in: 'query',
          required: !schema.safeParse(undefined).success,
          schema: schemas.convert(schema, 'input'),
        }))
      : [];
  const headerParams = (route.headers ?? []).map((header) => ({
    name: header.name,
    in: 'header',
    required: header.required ?? false,
    description: header.description,
    schema: { type: 'string' },
  }));
  return [...pathParams, ...queryParams, ...headerParams];
}

function responsesOf(route: ApiRoute, schemas: SchemaConverter): Json {
  return Object.fromEntries(
    Object.entries(route.responses).map(([status, doc]) => {
      const isError = Number(status) >= 400;
      const content = doc.schema
        ? { [doc.contentType ?? 'application/json']: { schema: schemas.convert(doc.schema, 'output') } }
        : isError
          ? { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }
          : undefined;
      return [status, { description: doc.description, ...(content ? { content } : {}) }];
    }),
  );
}

/** `dialects`: the drop-in gateway APIs' paths, each under its own tag (they answer in the gateway's shapes). */
export function buildOpenApiDocument(
  routes: readonly ApiRoute[],
  info: { version: string; dialects?: readonly DialectOpenApi[] },
): Json {
  const schemas = new SchemaConverter();
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const operation: Json = {
      operationId: route.operationId,
      summary: route.summary,
      tags: [route.tag],
      security: SECURITY[route.auth],
      parameters: parametersOf(route, schemas),
      responses: responsesOf(route, schemas),
    };
    if (route.body) {
      operation.requestBody = {
        required: route.method !== 'get' && !route.body.safeParse({}).success,
        content: { 'application/json': { schema: schemas.convert(route.body, 'input') } },
      };
    }
    const path = toOpenApiPath(route.path);
    paths[path] = { ...(paths[path] ?? {}), [route.method]: operation };
  }
  const dialects = info.dialects ?? [];
  for (const dialect of dialects) {
    for (const [path, item] of Object.entries(dialect.paths)) paths[path] = { ...(paths[path] ?? {}), ...item };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'billpay-sim',
      version: info.version,
      description:
        "A payment-gateway simulator for Bangladesh's utility bill-pay flow. Errors are RFC 9457 problem+json.",
    },
    ...(dialects.length > 0 ? { tags: dialects.map((dialect) => dialect.tag) } : {}),
    paths,
    components: {
      schemas: schemas.components,
      securitySchemes: {
        merchantSecretKey: { type: 'http', scheme: 'bearer', description: "the merchant's secret key (sk_test_…)" },
        clientSecret: { type: 'apiKey', in: 'header', name: 'Billpay-Client-Secret', description: "the payment's client secret" },
      },
    },
  };
}
