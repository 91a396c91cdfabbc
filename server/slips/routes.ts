/**
 * GET /slips/:paymentId.html?token=… and GET /slips/:paymentId.pdf?token=… (each in Bangla with
 * `&lang=bn`), plus the public verify page (server/pages/verify.ts), which looks slips up by
 * tracking number. The token is the slip's secret (./token.ts), handed out only in the slip's own
 * URLs. An unknown payment, one that has not succeeded, and a missing or wrong token are the same
 * 404 problem (the app's error handler writes it): the answer does not tell them apart.
 */
import { Router, type Response } from 'express';
import { NotFound } from '../http/problems.js';
import { parseLocale } from '../pages/html.js';
import { verifyRoutes, type VerifyOptions } from '../pages/verify.js';
import { renderSlipHtml } from './html-slip.js';
import { renderSlipPdf } from './pdf-slip.js';
import type { Slip, SlipLookup } from './slip.js';
import { slipTokenMatches } from './token.js';

async function requireSlip(deps: SlipLookup, paymentId: string, token: unknown): Promise<Slip> {
  const found = await deps.findSlip(paymentId);
  if (found === null || !slipTokenMatches(token, found.token)) {
    throw new NotFound(`no payment slip for payment ${paymentId}; a slip exists once the payment has succeeded, at the URL the slip gives`);
  }
  return found.slip;
}

/** "billpay-slip-6305191204122348404-1-2.pdf": the tracking number is what the customer knows it by. */
export function slipPdfFilename(slip: Slip): string {
  return `billpay-slip-${slip.trackingNumber.replace(/[^0-9A-Za-z_-]+/g, '-')}.pdf`;
}

/** Slips carry the customer's name and account: never kept by shared caches. */
function noStore(res: Response): Response {
  return res.set('Cache-Control', 'private, no-store');
}

export function slipRoutes(deps: SlipLookup, options: VerifyOptions = {}): Router {
  const router = Router();

  router.get('/slips/:paymentId.html', async (req, res) => {
    const slip = await requireSlip(deps, req.params.paymentId, req.query.token);
    const locale = parseLocale(req.query.lang) ?? 'en';
    noStore(res).type('html').send(renderSlipHtml(slip, { locale }));
  });

  router.get('/slips/:paymentId.pdf', async (req, res) => {
    const slip = await requireSlip(deps, req.params.paymentId, req.query.token);
    const pdf = await renderSlipPdf(slip, { locale: parseLocale(req.query.lang) ?? 'en' });
    noStore(res).attachment(slipPdfFilename(slip)).type('application/pdf').send(pdf);
  });

  router.use(verifyRoutes(deps, options));
  return router;
}
