/**
 * GET /slips/:paymentId.html and GET /slips/:paymentId.pdf (each in Bangla with `?lang=bn`), plus the public verify
 * page (server/pages/verify.ts), which looks slips up by tracking number. An unknown payment, or
 * one that has not succeeded, is a 404 problem (the app's error handler writes it).
 */
import { Router, type Response } from 'express';
import { NotFound } from '../http/problems.js';
import { parseLocale } from '../pages/html.js';
import { verifyRoutes } from '../pages/verify.js';
import { renderSlipHtml } from './html-slip.js';
import { renderSlipPdf } from './pdf-slip.js';
import type { Slip, SlipLookup } from './slip.js';

function requireSlip(deps: SlipLookup, paymentId: string): Slip {
  const slip = deps.findSlip(paymentId);
  if (slip === null) throw new NotFound(`no payment slip for payment ${paymentId}; a slip exists once the payment has succeeded`);
  return slip;
}

/** "billpay-slip-6305191204122348404-1-2.pdf": the tracking number is what the customer knows it by. */
export function slipPdfFilename(slip: Slip): string {
  return `billpay-slip-${slip.trackingNumber.replace(/[^0-9A-Za-z_-]+/g, '-')}.pdf`;
}

/** Slips carry the customer's name and account: never kept by shared caches. */
function noStore(res: Response): Response {
  return res.set('Cache-Control', 'private, no-store');
}

export function slipRoutes(deps: SlipLookup): Router {
  const router = Router();

  router.get('/slips/:paymentId.html', (req, res) => {
    const slip = requireSlip(deps, req.params.paymentId);
    const locale = parseLocale(req.query.lang) ?? 'en';
    noStore(res).type('html').send(renderSlipHtml(slip, { locale }));
  });

  router.get('/slips/:paymentId.pdf', async (req, res) => {
    const slip = requireSlip(deps, req.params.paymentId);
    const pdf = await renderSlipPdf(slip, { locale: parseLocale(req.query.lang) ?? 'en' });
    noStore(res).attachment(slipPdfFilename(slip)).type('application/pdf').send(pdf);
  });

  router.use(verifyRoutes(deps));
  return router;
}
