/**
 * The dashboard and the postpaid flow of seed 000: bill list ("Post Paid All Bill Information"),
 * the bill check (step 7) and "Pay Online".
 */
import express, { Router, type Request } from 'express';
import type { AccountFixture, BillFixture, MerchantFixture } from '../../domain/fixtures-schema.js';
import { billRows, billsOn, findAccount, salesDivision } from './accounts.js';
import { checkBill, type BillCheck } from './bill-check.js';
import type { GatewayPayment } from './gateway-client.js';
import { notFound, type PortalContext } from './context.js';
import { PORTAL_TEXTS, type Locale } from './i18n.js';
import { parseCheckoutMode, sendToCheckout, startPayment } from './payment-flow.js';
import { billPayableKey } from './store.js';
import { renderBillCopy, renderEarlierPaymentSlip } from './views/bill-copy.js';
import { renderBills } from './views/bills.js';
import { digits, gatewayPageIn, money } from './views/format.js';
import { renderHome } from './views/home.js';
import { notice, renderPaymentCheck } from './views/payment-check.js';

/** Form posts are small: a button and one hidden total. */
const FORM_LIMIT = '4kb';

interface BillTarget {
  merchant: MerchantFixture;
  account: AccountFixture;
  bill: BillFixture;
}

export function postpaidRoutes(ctx: PortalContext): Router {
  const router = Router();
  const { fixtures } = ctx;

  const accountOf = (req: Request): { merchant: MerchantFixture; account: AccountFixture } => {
    const merchant = ctx.merchant(String(req.params.merchant));
    const account = findAccount(fixtures, merchant.id, String(req.params.accountNo));
    if (!account || account.kind !== 'postpaid') throw notFound();
    return { merchant, account };
  };
  /** The account's bills on the merchant's clock (which tests may move), and that clock's reading. */
  const billsOf = async (req: Request) => {
    const { merchant, account } = accountOf(req);
    const { merchantNow } = await ctx.gateway(req, merchant).clock();
    return { merchant, account, merchantNow, bills: billsOn(account, merchant, merchantNow) };
  };
  const billOf = async (req: Request): Promise<BillTarget & { merchantNow: Date }> => {
    const { merchant, account, merchantNow, bills } = await billsOf(req);
    const bill = bills.find((b) => b.billNo === req.params.billNo);
    if (!bill) throw notFound();
    return { merchant, account, bill, merchantNow };
  };
  /**
   * The gateway's succeeded payment of a bill, whoever made it (this portal, the API, another
   * channel), recorded in the portal's books when it is one of the portal's own.
   */
  const gatewayPaymentOf = async (req: Request, { merchant, bill }: BillTarget): Promise<GatewayPayment | undefined> => {
    if (bill.status === 'paid') return undefined;
    const found = await ctx.gateway(req, merchant).findPaymentForBill(bill.billNo);
    if (found?.status !== 'succeeded') return undefined;
    await ctx.recordView(found);
    return found;
  };
  /** The bill is paid in the fixtures' history or through the gateway. */
  const isPaid = async (req: Request, target: BillTarget) => target.bill.status === 'paid' || (await gatewayPaymentOf(req, target)) !== undefined;

  const renderCheck = (req: Request, target: BillTarget, check: BillCheck, changed: boolean, paid: boolean): string => {
    const lang = ctx.lang(req);
    const t = PORTAL_TEXTS[lang].check;
    const notices = [
      ...(check.late ? [notice(t.lateNotice(digits(fixtures.settings.latePaymentRate, lang)))] : []),
      ...(changed ? [notice(t.amountChanged, 'bad')] : []),
      ...(paid ? [notice(t.alreadyPaid, 'good')] : []),
    ];
    return renderPaymentCheck(
      {
        title: t.billTitle,
        hint: t.billHint,
        fields: [
          [t.billNo, digits(target.bill.billNo, lang)],
          [t.accountNo, digits(target.account.accountNo, lang)],
          [t.billAmount, money(check.billAmount, lang)],
          [t.lateFee, money(check.lateFee, lang)],
          [t.total, money(check.total, lang)],
          [t.paymentDate, digits(check.paymentDate, lang)],
          [t.lastDate, digits(check.lastDateOfPayment, lang)],
        ],
        notices,
        action: `/demo/${target.merchant.id}/accounts/${target.account.accountNo}/bills/${target.bill.billNo}/pay`,
        expectedTotal: check.total,
        payable: !paid,
      },
      lang,
      req.originalUrl,
    );
  };

  router.get('/', (req, res) => {
    const accounts = fixtures.accounts.map((account) => ({ account, merchant: ctx.merchant(account.merchant) }));
    res.type('html').send(renderHome(accounts, ctx.lang(req), req.originalUrl));
  });

  router.get('/demo/:merchant/accounts/:accountNo/bills', async (req, res) => {
    const { merchant, account, bills } = await billsOf(req);
    const paid = new Map<string, GatewayPayment>();
    await Promise.all(
      bills.map(async (bill) => {
        const payment = await gatewayPaymentOf(req, { merchant, account, bill });
        if (payment) paid.set(bill.billNo, payment);
      }),
    );
    const rows = billRows(bills, (billNo) => paid.get(billNo));
    const page = { merchant, account, division: salesDivision(account, merchant), rows };
    res.type('html').send(renderBills(page, ctx.lang(req), req.originalUrl));
  });

  router.get('/demo/:merchant/accounts/:accountNo/bills/:billNo/copy', async (req, res) => {
    const target = await billOf(req);
    const page = {
      ...target,
      division: salesDivision(target.account, target.merchant),
      paid: await isPaid(req, target),
      latePaymentRate: fixtures.settings.latePaymentRate,
    };
    res.type('html').send(renderBillCopy(page, ctx.lang(req), req.originalUrl));
  });

  router.get('/demo/:merchant/accounts/:accountNo/bills/:billNo/slip', async (req, res) => {
    const target = await billOf(req);
    const lang = ctx.lang(req);
    const payment = await gatewayPaymentOf(req, target);
    if (payment?.slip) {
      res.redirect(303, gatewayPageIn(payment.slip.htmlUrl, lang));
      return;
    }
    // Only the fixtures' history has no gateway slip: the portal's own record of that payment.
    if (target.bill.paidAt === undefined) throw notFound();
    res.type('html').send(renderEarlierPaymentSlip({ ...target, paidAt: target.bill.paidAt }, lang, req.originalUrl));
  });

  router.get('/demo/:merchant/accounts/:accountNo/bills/:billNo/pay', async (req, res) => {
    const target = await billOf(req);
    const check = checkBill(target.bill, target.merchantNow, fixtures.settings.latePaymentRate);
    res.type('html').send(renderCheck(req, target, check, false, await isPaid(req, target)));
  });

  router.post(
    '/demo/:merchant/accounts/:accountNo/bills/:billNo/pay',
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    async (req, res) => {
      const lang: Locale = ctx.lang(req);
      const target = await billOf(req);
      const check = checkBill(target.bill, target.merchantNow, fixtures.settings.latePaymentRate);
      const paid = await isPaid(req, target);
      // The customer agreed to the total on the page; a different one must be shown again first.
      if (paid || req.body?.expectedTotal !== check.total) {
        res.status(409).type('html').send(renderCheck(req, target, check, !paid, paid));
        return;
      }
      const outcome = await startPayment(
        ctx,
        req,
        target.merchant,
        {
          purpose: 'postpaid_bill',
          key: billPayableKey(target.bill.billNo),
          referencePrefix: `BILL-${target.bill.billNo}`,
          amount: check.billAmount,
          lateFee: check.lateFee,
          accountNo: target.account.accountNo,
          billNo: target.bill.billNo,
          customer: { name: target.account.consumerName, mobile: target.account.mobile },
        },
        lang,
      );
      if (outcome.kind === 'already_paid') {
        res.status(409).type('html').send(renderCheck(req, target, check, false, true));
        return;
      }
      sendToCheckout(res, outcome.payment, parseCheckoutMode(req.body?.mode), lang);
    },
  );

  return router;
}
