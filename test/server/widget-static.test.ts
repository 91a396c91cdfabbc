import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

describe('/widget/ static files', () => {
  let server: TestServer;
  const widgetDir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-widget-'));
  beforeAll(async () => {
    fs.writeFileSync(path.join(widgetDir, 'billpay-checkout.js'), 'export {};');
    fs.writeFileSync(path.join(widgetDir, 'chunk-B3f9a1c2.js'), 'export {};');
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(widgetDir, { recursive: true, force: true });
  });

  it('serves the entry with revalidation and hashed chunks with a long cache, to any origin', async () => {
    const app = createApp({ ...server.deps, widgetDir }, server.services);
    const entry = await request(app).get('/widget/billpay-checkout.js');
    expect(entry.status).toBe(200);
    expect(entry.headers['content-type']).toMatch(/javascript/);
    expect(entry.headers['cache-control']).toBe('no-cache');
    expect(entry.headers['access-control-allow-origin']).toBe('*');
    const chunk = await request(app).get('/widget/chunk-B3f9a1c2.js');
    expect(chunk.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const missing = await request(app).get('/widget/nope.js');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('mounts nothing when the widget has not been built', async () => {
    const app = createApp({ ...server.deps, widgetDir: path.join(widgetDir, 'absent') }, server.services);
    expect((await request(app).get('/widget/billpay-checkout.js')).status).toBe(404);
  });
});
