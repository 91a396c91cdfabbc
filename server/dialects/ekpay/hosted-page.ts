/**
 * `GET /ekpaypg/v1?sToken=<secure_token>&trnsID=<trnx_id>` (research §1.2): the session's hosted
 * checkout page, the very page of /checkout/:id (the seed's page around <billpay-checkout>).
 * A token or transaction id that names no session is a 404 page saying so, in the page's
 * language (`?lang=bn`), never an error of the server.
 */
import type { RequestHandler } from 'express';
import { renderHostedCheckoutPage } from '../../pages/hosted-checkout.js';
import { html, parseLocale, renderPage, type Locale } from '../../pages/html.js';
import type { DialectContext } from '../index.js';
import { paymentIdOfToken, sameToken } from './token.js';
import type { EkpaySessionData } from './schemas.js';

const TEXTS = {
  en: {
    notFoundTitle: 'Payment session not found',
    notFound:
      'No ekPay payment session has this sToken and trnsID. The link may be incomplete or from another gateway; please start again from the merchant’s page.',
    unavailableTitle: 'Please try again',
    unavailable: 'The payment page could not be opened just now. Please reload it in a moment.',
  },
  bn: {
    notFoundTitle: 'পেমেন্ট সেশন পাওয়া যায়নি',
    notFound:
      'এই sToken ও trnsID-এর কোনো একপে পেমেন্ট সেশন নেই। লিংকটি অসম্পূর্ণ বা অন্য গেটওয়ের হতে পারে; মার্চেন্টের পেজ থেকে আবার শুরু করুন।',
    unavailableTitle: 'আবার চেষ্টা করুন',
    unavailable: 'পেমেন্ট পেজটি এই মুহূর্তে খোলা যায়নি। একটু পরে পেজটি আবার লোড করুন।',
  },
} as const;

function messagePage(locale: Locale, title: string, text: string): string {
  return renderPage({ title, lang: locale, body: html`<main class="sheet"><h1>${title}</h1><p>${text}</p></main>` });
}

const queryText = (value: unknown): string => (typeof value === 'string' ? value : '');

export function ekpayHostedPage(ctx: DialectContext): RequestHandler {
  return async (req, res) => {
    // The page holds the client secret: never cached, never stored.
    res.set('Cache-Control', 'no-store').type('html');
    const locale = parseLocale(req.query.lang) ?? 'en';
    const t = TEXTS[locale];
    const sToken = queryText(req.query.sToken);
    const trnsId = queryText(req.query.trnsID);
    try {
      const paymentId = paymentIdOfToken(sToken);
      const session = paymentId === null ? null : await ctx.store.read((tx) => tx.dialects.session<EkpaySessionData>(paymentId));
      const matches =
        session !== null && session.dialect === 'ekpay' && sameToken(sToken, session.data.secureToken) && session.reference === trnsId;
      const checkout = matches ? await ctx.pages.findCheckout(session.paymentId) : null;
      if (!session || checkout === null) {
        res.status(404).send(messagePage(locale, t.notFoundTitle, t.notFound));
        return;
      }
      res.send(renderHostedCheckoutPage(session.paymentId, checkout, locale));
    } catch (error) {
      ctx.logger.error({ err: error }, 'ekpay: the hosted page could not be rendered');
      res.status(503).send(messagePage(locale, t.unavailableTitle, t.unavailable));
    }
  };
}
