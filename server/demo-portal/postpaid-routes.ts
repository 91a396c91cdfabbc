/**
 * The dashboard and the postpaid flow of seed 000: bill list ("Post Paid All Bill Information"),
 * the bill check (step 7) and "Pay Online".
 */
import express, { Router, type Request } from 'express';
import type { AccountFixture, BillFixture, MerchantFixture } from '../../domain/fixtures-schema.js';
import { billRows, findAccount, salesDivision } from './accounts.js';
import { checkBill, type BillCheck } from './bill-check.js';
import { notFound, type PortalContext } from './context.js';
import { PORTAL_TEXTS, type Locale } from './i18n.js';
import { parseCheckoutMode, sendToCheckout, startPayment } from './payment-flow.js';
import { billPayableKey } from './store.js';
import { renderBills } from './views/bills.js';
import { digits, money } from './views/format.js';
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
  const { fixtures, store } = ctx;

  const accountOf = (req: Request): { merchant: MerchantFixture; account: AccountFixture } => {
    const merchant = ctx.merchant(String(req.params.merchant));
    const account = findAccount(fixtures, merchant.id, String(req.params.accountNo));
    if (!account || account.kind !== 'postpaid') throw notFound();
    return { merchant, account };
  };
  const billOf = (req: Request): BillTarget => {
    const { merchant, account } = accountOf(req);
    const bill = account.bills.find((b) => b.billNo === req.params.billNo);
    if (!bill) throw notFound();
    return { merchant, account, bill };
  };
  /** The bill is paid in the fixtures' history or through the portal. */
  const isPaid = ({ merchant, bill }: BillTarget) =>
    bill.status === 'paid' || store.paymentsFor(merchant.id, billPayableKey(bill.billNo)).some((p) => p.status === 'succeeded');

  const renderCheck = (req: Request, target: BillTarget, check: BillCheck, changed: boolean): string => {
    const lang = ctx.lang(req);
    const t = PORTAL_TEXTS[lang].check;
    const paid = isPaid(target);
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

  /** The bill's amounts on the merchant's clock, which tests may move. */
  const checkOnMerchantClock = async (req: Request, target: BillTarget): Promise<BillCheck> => {
    const { merchantNow } = await ctx.gateway(req, target.merchant).clock();
    return checkBill(target.bill, merchantNow, fixtures.settings.latePaymentRate);
  };

  router.get('/', (req, res) => {
    const accounts = fixtures.accounts.map((account) => ({ account, merchant: ctx.merchant(account.merchant) }));
    res.type('html').send(renderHome(accounts, ctx.lang(req), req.originalUrl));
  });

  router.get('/demo/:merchant/accounts/:accountNo/bills', (req, res) => {
    const { merchant, account } = accountOf(req);
    const paid = store.paidByPayable(merchant.id, billPayableKey(''));
    const rows = billRows(account, (billNo) => paid.get(billPayableKey(billNo)));
    const page = { merchant, account, division: salesDivision(account, merchant), rows };
    res.type('html').send(renderBills(page, ctx.lang(req), req.originalUrl));
  });

  router.get('/demo/:merchant/accounts/:accountNo/bills/:billNo/pay', async (req, res) => {
    const target = billOf(req);
    res.type('html').send(renderCheck(req, target, await checkOnMerchantClock(req, target), false));
  });

  router.post(
    '/demo/:merchant/accounts/:accountNo/bills/:billNo/pay',
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    async (req, res) => {
      const lang: Locale = ctx.lang(req);
      const target = billOf(req);
      const check = await checkOnMerchantClock(req, target);
      // The customer agreed to the total on the page; a different one must be shown again first.
      if (isPaid(target) || req.body?.expectedTotal !== check.total) {
        res.status(409).type('html').send(renderCheck(req, target, check, !isPaid(target)));
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
        res.status(409).type('html').send(renderCheck(req, target, check, false));
        return;
      }
      sendToCheckout(res, outcome.payment, parseCheckoutMode(req.body?.mode), lang);
    },
  );

  return router;
}
