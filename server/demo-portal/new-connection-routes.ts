/** Seed 001: new-connection applications and their fees (application fee, then demand note, per meter). */
import express, { Router, type Request } from 'express';
import { notFound, type PortalContext } from './context.js';
import { PORTAL_TEXTS } from './i18n.js';
import { FEE_KINDS, feesForMeter, officeChoices, parseApplicationForm, type FeeKind } from './new-connection.js';
import { parseCheckoutMode, sendToCheckout, startPayment } from './payment-flow.js';
import type { Application, ApplicationMeter } from './application-store.js';
import { feePayableKey } from './store.js';
import { digits, money, withLang } from './views/format.js';
import { renderApplication, type FeeStanding } from './views/application.js';
import { applicationNumber, feeName, officeLabel, renderApplications } from './views/new-connection.js';
import { notice, renderPaymentCheck, renderProceedToGateway } from './views/payment-check.js';

const FORM_LIMIT = '8kb';

interface FeeTarget {
  application: Application;
  meter: ApplicationMeter;
  kind: FeeKind;
}

export function newConnectionRoutes(ctx: PortalContext): Router {
  const router = Router();
  const { fixtures, store, applications } = ctx;
  const offices = officeChoices(fixtures.merchants);

  const paidFee = (application: Application, meterSerial: number, kind: FeeKind) =>
    store.paymentsFor(application.merchantId, feePayableKey(application.id, meterSerial, kind)).find((p) => p.status === 'succeeded');

  /** A demand note is issued once its meter's application fee is paid. */
  const feeStanding = (application: Application, meter: ApplicationMeter, kind: FeeKind): FeeStanding => {
    const paid = paidFee(application, meter.meterSerial, kind);
    if (paid) return { kind: 'paid', payment: paid };
    if (kind === 'demand_note' && !paidFee(application, meter.meterSerial, 'application_fee')) return { kind: 'not_issued' };
    return { kind: 'payable' };
  };

  const applicationOf = (req: Request): Application => {
    const id = Number(req.params.id);
    const application = Number.isSafeInteger(id) ? applications.find(id) : null;
    if (!application) throw notFound();
    return application;
  };
  const feeOf = (req: Request): FeeTarget => {
    const application = applicationOf(req);
    const meter = application.meters.find((m) => String(m.meterSerial) === req.params.serial);
    const kind = FEE_KINDS.find((k) => k === req.params.fee);
    if (!meter || !kind) throw notFound();
    return { application, meter, kind };
  };
  const amountOf = ({ meter, kind }: FeeTarget) => (kind === 'application_fee' ? meter.applicationFee : meter.demandNote);

  const renderFeeCheck = (req: Request, target: FeeTarget): string => {
    const lang = ctx.lang(req);
    const t = PORTAL_TEXTS[lang].newConnection;
    const { application, meter, kind } = target;
    const standing = feeStanding(application, meter, kind);
    const notices =
      standing.kind === 'paid'
        ? [notice(PORTAL_TEXTS[lang].check.alreadyPaid, 'good')]
        : standing.kind === 'not_issued'
          ? [notice(t.afterApplicationFee)]
          : [];
    return renderPaymentCheck(
      {
        title: t.feeTitle(feeName(kind, lang)),
        hint: t.feeHint,
        fields: [
          [t.applicationNo, digits(applicationNumber(application.id), lang)],
          [t.applicant, application.applicantName],
          [t.officeCode, digits(application.officeCode, lang)],
          [t.meter, digits(meter.meterSerial, lang)],
          [t.costHead, feeName(kind, lang)],
          [t.amount, money(amountOf(target), lang)],
        ],
        notices,
        action: `/demo/new-connection/${application.id}/meters/${meter.meterSerial}/${kind}/pay`,
        expectedTotal: amountOf(target),
        payable: standing.kind === 'payable',
        payLabel: PORTAL_TEXTS[lang].check.payOnline,
      },
      lang,
      req.originalUrl,
    );
  };

  router.get('/demo/new-connection', (req, res) => {
    const page = { applications: applications.list(), offices, merchants: fixtures.merchants, form: {}, errors: [] };
    res.type('html').send(renderApplications(page, ctx.lang(req), req.originalUrl));
  });

  router.post('/demo/new-connection', express.urlencoded({ extended: false, limit: FORM_LIMIT }), (req, res) => {
    const lang = ctx.lang(req);
    const form = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
    );
    const parsed = parseApplicationForm(form, offices);
    if (!parsed.ok) {
      const page = { applications: applications.list(), offices, merchants: fixtures.merchants, form, errors: parsed.errors };
      res.status(422).type('html').send(renderApplications(page, lang, req.originalUrl));
      return;
    }
    const fees = parsed.application.meters.map((meter) => feesForMeter(meter.phases, meter.loadKw));
    const id = applications.create(parsed.application, fees, new Date());
    res.redirect(303, withLang(`/demo/new-connection/${id}`, lang));
  });

  router.get('/demo/new-connection/:id', (req, res) => {
    const lang = ctx.lang(req);
    const application = applicationOf(req);
    const page = {
      application,
      merchant: ctx.merchant(application.merchantId),
      officeLabel: officeLabel(offices, application.merchantId, application.officeCode, lang),
      feeStanding: (meter: ApplicationMeter, kind: FeeKind) => feeStanding(application, meter, kind),
    };
    res.type('html').send(renderApplication(page, lang, req.originalUrl));
  });

  router.get('/demo/new-connection/:id/meters/:serial/:fee/pay', (req, res) => {
    res.type('html').send(renderFeeCheck(req, feeOf(req)));
  });

  router.post(
    '/demo/new-connection/:id/meters/:serial/:fee/pay',
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    async (req, res) => {
      const lang = ctx.lang(req);
      const target = feeOf(req);
      const { application, meter, kind } = target;
      if (feeStanding(application, meter, kind).kind !== 'payable' || req.body?.expectedTotal !== amountOf(target)) {
        res.status(409).type('html').send(renderFeeCheck(req, target));
        return;
      }
      const mode = parseCheckoutMode(req.body?.mode);
      if (req.body?.proceed !== 'ok') {
        const t = PORTAL_TEXTS[lang].newConnection;
        const page = {
          title: t.confirmTitle,
          text: t.confirmText(feeName(kind, lang), money(amountOf(target), lang)),
          action: `/demo/new-connection/${application.id}/meters/${meter.meterSerial}/${kind}/pay`,
          expectedTotal: amountOf(target),
          mode,
          back: `/demo/new-connection/${application.id}`,
        };
        res.type('html').send(renderProceedToGateway(page, lang, req.originalUrl));
        return;
      }
      const outcome = await startPayment(
        ctx,
        req,
        ctx.merchant(application.merchantId),
        {
          purpose: kind,
          key: feePayableKey(application.id, meter.meterSerial, kind),
          referencePrefix: `NC${application.id}-M${meter.meterSerial}-${kind === 'application_fee' ? 'AF' : 'DN'}`,
          amount: amountOf(target),
          lateFee: '0.00',
          officeCode: application.officeCode,
          meterSerial: meter.meterSerial,
          applicationId: application.id,
          customer: { name: application.applicantName, mobile: application.mobile },
        },
        lang,
      );
      if (outcome.kind === 'already_paid') {
        res.status(409).type('html').send(renderFeeCheck(req, target));
        return;
      }
      sendToCheckout(res, outcome.payment, mode, lang);
    },
  );

  return router;
}
