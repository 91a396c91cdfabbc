import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import helmet from 'helmet';
import { API_HELMET_OPTIONS, pageHelmetOptions, securityHeaders } from '../../../server/http/security-headers.js';

function appWith(options?: Parameters<typeof securityHeaders>[0]) {
  const app = express();
  app.use(securityHeaders(options));
  app.get('/widget/billpay-checkout.js', (_req, res) => res.type('text/javascript').send('export {};'));
  app.get('/checkout/:id', (_req, res) => res.type('html').send('<!doctype html>'));
  app.get('/slips/:id.html', (_req, res) => res.type('html').send('<!doctype html>'));
  app.get('/api/v1/checkout/:id', (_req, res) => res.json({}));
  return app;
}

/** The CSP as directive → sources. */
function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [name = '', ...sources] = part.split(/\s+/);
        return [name, sources.join(' ')];
      }),
  );
}

describe('securityHeaders', () => {
  it('sets exactly what helmet itself sets (its headers are recorded once, then replayed)', async () => {
    const helmetItself = express();
    helmetItself.use(helmet(pageHelmetOptions(["'self'"], false)));
    helmetItself.get('/slips/:id.html', (_req, res) => res.type('html').send('<!doctype html>'));
    const [ours, theirs] = await Promise.all([
      request(appWith()).get('/slips/pay_1.html').expect(200),
      request(helmetItself).get('/slips/pay_1.html').expect(200),
    ]);
    const withoutDate = (headers: Record<string, string>) => ({ ...headers, date: undefined });
    expect(withoutDate(ours.headers)).toEqual(withoutDate(theirs.headers));
  });

  it("gives the gateway's pages a strict CSP: same-origin scripts and styles only, data: images, framed by itself", async () => {
    const res = await request(appWith()).get('/slips/pay_1.html').expect(200);
    expect(directives(res.headers['content-security-policy'])).toEqual({
      'default-src': "'self'",
      'base-uri': "'self'",
      'connect-src': "'self'",
      'font-src': "'self'",
      'form-action': "'self'",
      'frame-ancestors': "'self'",
      'img-src': "'self' data:",
      'object-src': "'none'",
      'script-src': "'self'",
      'script-src-attr': "'none'",
      'style-src': "'self'",
    });
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it("gives API answers OWASP's headers for JSON: never cached, never framed, nothing else", async () => {
    const res = await request(appWith()).get('/api/v1/checkout/pay_1').expect(200);
    expect(directives(res.headers['content-security-policy'])).toEqual({ 'default-src': "'none'", 'frame-ancestors': "'none'" });
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
    expect(res.headers['x-dns-prefetch-control']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('sets on API answers exactly what helmet sets with the API options, plus no-store', async () => {
    const helmetItself = express();
    helmetItself.use(helmet(API_HELMET_OPTIONS));
    helmetItself.get('/api/v1/checkout/:id', (_req, res) => res.set('Cache-Control', 'no-store').json({}));
    const [ours, theirs] = await Promise.all([
      request(appWith()).get('/api/v1/checkout/pay_1').expect(200),
      request(helmetItself).get('/api/v1/checkout/pay_1').expect(200),
    ]);
    expect({ ...ours.headers, date: undefined }).toEqual({ ...theirs.headers, date: undefined });
  });

  it('lets merchants frame the hosted checkout page: any origin by default, or the listed ones', async () => {
    const open = await request(appWith()).get('/checkout/pay_1').expect(200);
    expect(directives(open.headers['content-security-policy'])['frame-ancestors']).toBe('*');
    expect(open.headers['x-frame-options']).toBeUndefined();

    const locked = await request(appWith({ checkoutFrameAncestors: ["'self'", 'https://portal.desco.example'] }))
      .get('/checkout/pay_1')
      .expect(200);
    expect(directives(locked.headers['content-security-policy'])['frame-ancestors']).toBe("'self' https://portal.desco.example");
  });

  it('serves the widget to any origin: cross-origin CORP and CORS, no CSP', async () => {
    const res = await request(appWith()).get('/widget/billpay-checkout.js').expect(200);
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['content-security-policy']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the same-origin resource policy everywhere else', async () => {
    const res = await request(appWith()).get('/slips/pay_1.html').expect(200);
    expect(res.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
