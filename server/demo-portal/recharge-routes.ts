/** Prepaid recharge: any DESCO or WZPDCO meter, decoded with the meter-number codec. */
import express, { Router, type Request, type Response } from 'express';
import { DomainError } from '../../domain/errors.js';
import type { MerchantFixture } from '../../domain/fixtures-schema.js';
import { parseMeterNumber, type MeterNumber } from '../../domain/identifiers/index.js';
import { formatAmount, parseAmount } from '../../domain/money.js';
import { findMeterAccount } from './accounts.js';
import { checked } from './checked.js';
import type { PortalContext } from './context.js';
import { fieldErrorText } from './i18n.js';
import { parseCheckoutMode, sendToCheckout, startPayment } from './payment-flow.js';
import { renderRecharge } from './views/recharge.js';

const FORM_LIMIT = '4kb';

export function rechargeRoutes(ctx: PortalContext): Router {
  const router = Router();
  const { fixtures } = ctx;
  const demoMeters = fixtures.accounts.flatMap((account) =>
    account.meterNo === undefined
      ? []
      : [{ meterNo: account.meterNo, consumerName: account.consumerName, merchant: ctx.merchant(account.merchant) }],
  );

  /** The meter and the merchant that collects for its utility; a meter of another utility is an error on the field. */
  const readMeter = (input: string): { meter: MeterNumber; merchant: MerchantFixture } => {
    const meter = parseMeterNumber(input);
    const merchant = fixtures.merchants.find((m) => m.utility === meter.utility.id);
    if (!merchant) {
      const collected = fixtures.merchants.map((m) => m.utility).join(', ');
      throw new DomainError('meterNo', 'not_collected', `meter ${meter.value} is a ${meter.utility.id} meter; this portal recharges ${collected} meters only`);
    }
    return { meter, merchant };
  };

  const render = (req: Request, res: Response, status: number, inputs: { meterNo: string; amount: string }, validateAmount: boolean) => {
    const lang = ctx.lang(req);
    const meter = inputs.meterNo.trim() === '' ? null : checked(() => readMeter(inputs.meterNo));
    const amount = validateAmount ? checked(() => parseAmount(inputs.amount, 'amount')) : null;
    const decoded = meter?.value?.meter ?? null;
    const page = {
      meterInput: inputs.meterNo,
      meter: decoded,
      meterError: meter?.error ? fieldErrorText(meter.error, lang) : null,
      consumerName: decoded ? (findMeterAccount(fixtures, decoded.value)?.consumerName ?? null) : null,
      amountInput: inputs.amount,
      amountError: amount?.error ? fieldErrorText(amount.error, lang) : null,
      demoMeters,
    };
    res.status(status).type('html').send(renderRecharge(page, lang, req.originalUrl));
  };

  router.get('/demo/recharge', (req, res) => {
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    render(req, res, 200, { meterNo: text(req.query.meterNo), amount: text(req.query.amount) }, false);
  });

  router.post('/demo/recharge', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    const lang = ctx.lang(req);
    const inputs = { meterNo: String(req.body?.meterNo ?? ''), amount: String(req.body?.amount ?? '') };
    const meter = checked(() => readMeter(inputs.meterNo));
    const amount = checked(() => parseAmount(inputs.amount, 'amount'));
    if (meter.value === null || amount.value === null) {
      render(req, res, 422, inputs, true);
      return;
    }
    const { merchant, meter: parsed } = meter.value;
    const account = findMeterAccount(fixtures, parsed.value);
    const outcome = await startPayment(
      ctx,
      req,
      merchant,
      {
        purpose: 'prepaid_recharge',
        key: null,
        referencePrefix: `RCH-${parsed.value}`,
        amount: formatAmount(amount.value),
        lateFee: '0.00',
        meterNo: parsed.value,
        customer: account ? { name: account.consumerName, mobile: account.mobile } : {},
      },
      lang,
    );
    sendToCheckout(res, outcome.payment, parseCheckoutMode(req.body?.mode), lang);
  });

  return router;
}
