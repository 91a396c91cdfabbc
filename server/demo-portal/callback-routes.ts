/**
 * The portal's end of a payment: the page embedding the checkout, the browser's signed return,
 * the signed webhooks, and the result page. The portal believes only what is signed with its
 * merchant's webhook secret (and, for a return, what the merchant API then says).
 */
import express, { Router } from 'express';
import { z } from 'zod';
import { ApiProblem, BadRequest, NotFound } from '../http/problems.js';
import { verifyReturnUrl } from '../webhooks/return-url.js';
import { verifyWebhookSignature, SIGNATURE_HEADER, WebhookSignatureError } from '../webhooks/signature.js';
import type { FreshnessOptions } from '../webhooks/signature.js';
import { findMerchant } from './accounts.js';
import { notFound, PortalPageError, type PortalContext } from './context.js';
import { gatewayPaymentSchema, type GatewayClock } from './gateway-client.js';
import { PORTAL_TEXTS, type Locale } from './i18n.js';
import type { PortalPayment } from './store.js';
import { renderEmbeddedCheckout } from './views/checkout.js';
import { shortName, withLang } from './views/format.js';
import { renderResult } from './views/result.js';

/** Webhook bodies are one payment view: far below this. */
const WEBHOOK_LIMIT = '256kb';

const webhookEventSchema = z.looseObject({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.string(),
  data: z.looseObject({ payment: gatewayPaymentSchema.extend({ merchantId: z.string() }) }),
});

/**
 * The freshness window of a signature, around the gateway's own clock: the gateway signs returns
 * and webhooks on it (never on the merchant's test clock, which a test may have moved), and in
 * tests that clock is injected, so the machine's clock is not the reference.
 */
function signingTime(clock: GatewayClock): FreshnessOptions {
  return { now: clock.gatewayNow };
}

/** Where the customer goes back to from a payment's result. */
function backLink(payment: PortalPayment, lang: Locale): { href: string; label: string } {
  const t = PORTAL_TEXTS[lang].result;
  switch (payment.purpose) {
    case 'postpaid_bill':
      return { href: `/demo/${payment.merchantId}/accounts/${payment.accountNo ?? ''}/bills`, label: t.backToBills };
    case 'prepaid_recharge':
      return { href: `/demo/recharge?meterNo=${payment.meterNo ?? ''}`, label: t.backToRecharge };
    default:
      return { href: `/demo/new-connection/${payment.applicationId ?? ''}`, label: t.backToApplication };
  }
}

function badReturn(): PortalPageError {
  return new PortalPageError(
    400,
    (lang) => PORTAL_TEXTS[lang].errors.badReturnTitle,
    (lang) => PORTAL_TEXTS[lang].errors.badReturn,
  );
}

export function callbackRoutes(ctx: PortalContext): Router {
  const router = Router();
  const ownPayment = async (paymentId: string): Promise<PortalPayment> => {
    const payment = await ctx.findPayment(paymentId);
    if (!payment) throw notFound();
    return payment;
  };

  router.get('/demo/checkout/:paymentId', async (req, res) => {
    const lang = ctx.lang(req);
    const payment = await ownPayment(req.params.paymentId);
    const merchant = ctx.merchant(payment.merchantId);
    // The page carries the payment's client secret: never cached.
    res.set('Cache-Control', 'no-store').type('html');
    res.send(
      renderEmbeddedCheckout(
        { paymentId: payment.paymentId, clientSecret: payment.clientSecret, merchantName: shortName(merchant, lang) },
        lang,
        req.originalUrl,
      ),
    );
  });

  router.get('/demo/return/:merchant', async (req, res) => {
    const lang = ctx.lang(req);
    const merchant = ctx.merchant(req.params.merchant);
    const gateway = ctx.gateway(req, merchant);
    const resultPage = (paymentId: string) => withLang(`/demo/payments/${paymentId}`, lang);
    let paymentId: string;
    try {
      const clock = await gateway.clock();
      ({ paymentId } = verifyReturnUrl(req.originalUrl, merchant.webhookSecret, signingTime(clock)));
    } catch (error) {
      if (!(error instanceof WebhookSignatureError)) throw error;
      // Genuine but old (a reload, the back button): show what the portal knows, record nothing.
      const stale = await ctx.findPayment(String(req.query.paymentId ?? ''));
      if (error.reason.startsWith('timestamp_') && stale?.merchantId === merchant.id) {
        res.redirect(303, resultPage(stale.paymentId));
        return;
      }
      throw badReturn();
    }
    const known = await ctx.findPayment(paymentId);
    if (!known || known.merchantId !== merchant.id) throw notFound();
    // The redirect says where the customer landed; the merchant API says what happened.
    await ctx.recordView(await gateway.getPayment(paymentId));
    res.redirect(303, resultPage(paymentId));
  });

  router.post('/demo/webhooks/:merchant', express.raw({ type: () => true, limit: WEBHOOK_LIMIT }), async (req, res) => {
    const merchant = findMerchant(ctx.fixtures, req.params.merchant);
    if (!merchant) throw new NotFound(`the demo portal has no merchant ${req.params.merchant}`);
    if (!Buffer.isBuffer(req.body)) {
      // Another body parser ran first: the exact bytes the signature covers are gone.
      throw new ApiProblem(500, 'demo-portal-setup', 'Demo portal set up wrongly', 'mount demoPortalRoutes before any JSON body parser');
    }
    const rawBody: Buffer = req.body;
    try {
      const clock = await ctx.gateway(req, merchant).clock();
      verifyWebhookSignature(rawBody, req.get(SIGNATURE_HEADER), merchant.webhookSecret, signingTime(clock));
    } catch (error) {
      if (error instanceof WebhookSignatureError) throw new BadRequest(error.message, { reason: error.reason });
      throw error;
    }
    let parsedJson: unknown;
    try {
      parsedJson = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new BadRequest('the webhook body is not JSON');
    }
    const event = webhookEventSchema.safeParse(parsedJson);
    if (!event.success) throw new BadRequest(`the webhook body is not a payment event: ${z.prettifyError(event.error)}`);
    const { id, type, created, data } = event.data;
    const received = { eventId: id, merchantId: merchant.id, paymentId: data.payment.id, type, created };
    // One unit: the event is remembered together with what it said, or neither is.
    const fresh = await ctx.store.transact(async (tx) => {
      const at = new Date();
      const recorded = await tx.portal.recordWebhookEvent(received, at);
      // Only this merchant's payments that the portal itself created are updated.
      const known = await tx.portal.findPayment(data.payment.id);
      if (known && known.merchantId === merchant.id && data.payment.merchantId === merchant.id) {
        await tx.portal.applyGatewayView(data.payment, at);
      }
      return recorded;
    });
    res.status(200).json({ received: true, duplicate: !fresh });
  });

  router.get('/demo/payments/:paymentId', async (req, res) => {
    const lang = ctx.lang(req);
    const known = await ownPayment(req.params.paymentId);
    // What was charged is on the gateway's slip: read it now (it also brings the portal's record up to date).
    const current = await ctx.gateway(req, ctx.merchant(known.merchantId)).getChargedPayment(known.paymentId);
    const payment = (await ctx.recordView(current)) ?? known;
    res.set('Cache-Control', 'no-store').type('html');
    res.send(renderResult({ payment, charge: payment.status === 'succeeded' ? current.slip : null, back: backLink(payment, lang) }, lang, req.originalUrl));
  });

  return router;
}
