import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toOpenApiPath } from '../../server/openapi.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
let document: {
  openapi: string;
  paths: Record<string, Record<string, { parameters: Array<{ name: string; in: string }>; requestBody?: unknown; responses: Record<string, unknown> }>>;
  components: { schemas: Record<string, unknown> };
};
beforeAll(async () => {
  server = await startTestServer();
  document = (await request(server.baseUrl).get('/openapi.json')).body;
});
afterAll(async () => {
  await server.close();
});

interface RouterLayer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: RouterLayer[] };
}

/** Every (method, path) the Express app really answers, read from its router. */
function mountedRoutes(): Array<{ method: string; path: string }> {
  const found: Array<{ method: string; path: string }> = [];
  const walk = (stack: RouterLayer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const [method, on] of Object.entries(layer.route.methods)) {
          if (on && method !== '_all') found.push({ method, path: layer.route.path });
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((server.app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
  return found;
}

describe('GET /openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('documents every API route the app serves (HTML pages and assets are not API)', () => {
    const mounted = mountedRoutes().filter((route) => route.path.startsWith('/api/'));
    expect(mounted.length).toBeGreaterThanOrEqual(13);
    for (const { method, path } of mounted) {
      expect(document.paths[toOpenApiPath(path)]?.[method], `${method} ${path}`).toBeDefined();
    }
  });

  it('documents the issue’s endpoints', () => {
    const expected = [
      ['post', '/api/v1/payments'],
      ['get', '/api/v1/payments'],
      ['get', '/api/v1/payments/{id}'],
      ['post', '/api/v1/payments/{id}/cancel'],
      ['get', '/api/v1/checkout/{id}'],
      ['post', '/api/v1/checkout/{id}/select'],
      ['post', '/api/v1/checkout/{id}/confirm'],
      ['post', '/api/v1/checkout/{id}/authorize'],
      ['post', '/api/v1/checkout/{id}/cancel'],
      ['get', '/api/v1/checkout/{id}/slip'],
      ['get', '/api/v1/test-instruments'],
      ['get', '/api/v1/test/clock'],
      ['post', '/api/v1/test/clock/advance'],
    ];
    for (const [method, path] of expected) expect(document.paths[path as string]?.[method as string], `${method} ${path}`).toBeDefined();
  });

  it('describes bodies with the validating schemas, and every $ref resolves', () => {
    const create = document.paths['/api/v1/payments']?.post;
    expect(create?.requestBody).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/CreatePayment' } } } });
    expect(document.components.schemas.CreatePayment).toMatchObject({
      properties: { purpose: { enum: ['postpaid_bill', 'prepaid_recharge', 'application_fee', 'demand_note', 'estimate', 'order'] } },
      additionalProperties: false,
    });
    expect(create?.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header' }));
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of refs) {
      const name = ref.replace(/^"\$ref":"#\/components\/schemas\//, '').replace(/"$/, '');
      expect(document.components.schemas[name], ref).toBeDefined();
    }
  });
});
