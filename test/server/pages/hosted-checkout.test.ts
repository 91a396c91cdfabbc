import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETURN_DELAY_MS, renderHostedCheckoutPage, type HostedCheckout } from '../../../server/pages/hosted-checkout.js';
import { pagesApp } from '../slips/fixtures.js';

const checkouts: Record<string, HostedCheckout> = {
  pay_DESCO1: { clientSecret: 'cs_test_abc', merchantName: 'DESCO' },
  pay_BANGLA: { clientSecret: 'cs_test_bn', merchantName: 'ওজোপাডিকো', locale: 'bn' },
  pay_EVIL: { clientSecret: '"><script>alert(1)</script>', merchantName: '<img src=x onerror=alert(1)>' },
};
const app = pagesApp([], { findCheckout: async (id) => checkouts[id] ?? null, returnDelayMs: 750 });

/** The opening tag of the first element with this name. */
function openingTag(page: string, name: string): string | undefined {
  return new RegExp(`<${name}\\b[^>]*>`).exec(page)?.[0];
}

describe('GET /checkout/:id', () => {
  it('wraps <billpay-checkout> with the payment id, client secret and locale', async () => {
    const res = await request(app).get('/checkout/pay_DESCO1').expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(openingTag(res.text, 'billpay-checkout')).toBe(
      '<billpay-checkout payment-id="pay_DESCO1" client-secret="cs_test_abc" locale="en">',
    );
    expect(res.text).toContain('<title>Pay DESCO</title>');
    expect(res.text).toContain('Returning to DESCO in <span id="return-seconds" class="nowrap" data-unit="s">1 s</span>');
    expect(res.text).toContain('<a id="return-link" class="button" href="#">Return to DESCO now</a>');
    expect(res.text).toContain('<button id="return-stay" type="button" class="secondary">Stay on this page</button>');
    expect(res.text).toMatch(/<div id="return-notice" [^>]*data-return-delay-ms="750"/);
  });

  it('loads the widget and its own script as same-origin module files, with no inline script', async () => {
    const res = await request(app).get('/checkout/pay_DESCO1').expect(200);
    expect(res.text).toContain('<script type="module" src="/widget/billpay-checkout.js"></script>');
    expect(res.text).toContain('<script type="module" src="/assets/pages/hosted-checkout.js"></script>');
    expect(res.text.match(/<script\b/g)).toHaveLength(2);
    expect(res.text).not.toMatch(/\son[a-z]+=/i);
  });

  it('takes the locale from ?lang=, else from the payment, else English', async () => {
    const byPayment = await request(app).get('/checkout/pay_BANGLA').expect(200);
    expect(openingTag(byPayment.text, 'billpay-checkout')).toContain('locale="bn"');
    expect(byPayment.text).toContain('<html lang="bn">');
    expect(byPayment.text).toContain('ওজোপাডিকো পাতায় ফিরে যাওয়া হবে');
    expect(byPayment.text).toContain('<link rel="stylesheet" href="/assets/fonts/noto-sans-bengali.css">');

    const byQuery = await request(app).get('/checkout/pay_BANGLA?lang=en').expect(200);
    expect(openingTag(byQuery.text, 'billpay-checkout')).toContain('locale="en"');

    const unknownLang = await request(app).get('/checkout/pay_DESCO1?lang=fr').expect(200);
    expect(openingTag(unknownLang.text, 'billpay-checkout')).toContain('locale="en"');
  });

  it('escapes the merchant name and every attribute value', async () => {
    const res = await request(app).get('/checkout/pay_EVIL').expect(200);
    expect(res.text).not.toContain('<script>alert');
    expect(res.text).not.toContain('<img');
    expect(openingTag(res.text, 'billpay-checkout')).toBe(
      '<billpay-checkout payment-id="pay_EVIL" client-secret="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" locale="en">',
    );
  });

  it('is never cached, since it holds the client secret', async () => {
    const res = await request(app).get('/checkout/pay_DESCO1').expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('answers a 404 page for an unknown payment, without any secret', async () => {
    const res = await request(app).get('/checkout/pay_nope?lang=bn').expect(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.text).toContain('<h1>পেমেন্ট পাওয়া যায়নি</h1>');
    expect(res.text).not.toContain('billpay-checkout');
  });

  it('carries a CSP without unsafe-inline scripts, and may be framed by merchants', async () => {
    const res = await request(app).get('/checkout/pay_DESCO1').expect(200);
    const csp = res.headers['content-security-policy'] ?? '';
    const scriptSrc = /(?:^|;)\s*script-src ([^;]*)/.exec(csp)?.[1];
    expect(scriptSrc).toBe("'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toMatch(/(?:^|;)\s*frame-ancestors \*(?:;|$)/);
    expect(res.headers['x-frame-options']).toBeUndefined();
  });

  it('serves its return script, which only follows http(s) return URLs', async () => {
    const res = await request(app).get('/assets/pages/hosted-checkout.js').expect(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const name of ['billpay-success', 'billpay-failure', 'billpay-cancel', 'billpay-expire']) expect(res.text).toContain(`'${name}'`);
    expect(res.text).toContain("protocol === 'https:' || protocol === 'http:'");
  });
});

describe('the return countdown', () => {
  it('runs 15 seconds by default, in Bangla digits on a Bangla page with the merchant’s Bangla name', () => {
    const page = renderHostedCheckoutPage('pay_X', { clientSecret: 'cs', merchantName: 'DESCO', merchantBnName: 'ডেসকো' }, 'bn');
    expect(DEFAULT_RETURN_DELAY_MS).toBeGreaterThanOrEqual(15_000);
    expect(page).toContain(`data-return-delay-ms="${DEFAULT_RETURN_DELAY_MS}"`);
    expect(page).toContain('ডেসকো পাতায় ফিরে যাওয়া হবে <span id="return-seconds" class="nowrap" data-unit="সেকেন্ডে">১৫ সেকেন্ডে</span>');
    expect(page).toContain('<title>বিল পরিশোধ: ডেসকো</title>');
    expect(page).toContain('এই পাতায় থাকুন');
  });
});
