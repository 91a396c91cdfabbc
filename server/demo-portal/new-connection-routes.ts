/** Seed 001: new-connection applications and their fees (application fee, then demand note, per meter). */
import express, { Router, type Request } from 'express';
import { notFound, type PortalContext } from './context.js';
import { PORTAL_TEXTS } from './i18n.js';
import { FEE_KINDS, feesForMeter, officeChoices, parseApplicationForm, type FeeKind } from './new-connection.js';
import { parseCheckoutMode, sendToCheckout, startPayment } from './payment-flow.js';
import type { Application, ApplicationMeter } from './application-store.js';
import { feePayableKey, type PortalPayment } from './store.js';
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
  const { fixtures, store } = ctx;
  const offices = officeChoices(fixtures.merchants);

  /**
   * Where each fee of `application` stands, read in one unit. A demand note is issued once its
   * meter's application fee is paid.
   */
  const standingsOf = (application: Application) =>
    store.read(async (tx) => {
      const paid = new Map<string, PortalPayment>();
      for (const meter of application.meters) {
        for (const kind of FEE_KINDS) {
          const key = feePayableKey(application.id, meter.meterSerial, kind);
          const payment = (await tx.portal.paymentsFor(application.merchantId, key)).find((p) => p.status === 'succeeded');
          if (payment) paid.set(key, payment);
        }
      }
      const paidFee = (meter: ApplicationMeter, kind: FeeKind) => paid.get(feePayableKey(application.id, meter.meterSerial, kind));
      return (meter: ApplicationMeter, kind: FeeKind): FeeStanding => {
        const payment = paidFee(meter, kind);
        if (payment) return { kind: 'paid', payment };
        if (kind === 'demand_note' && !paidFee(meter, 'application_fee')) return { kind: 'not_issued' };
        return { kind: 'payable' };
      };
    });
  const feeStanding = async ({ application, meter, kind }: FeeTarget) => (await standingsOf(application))(meter, kind);

  const applicationOf = async (req: Request): Promise<Application> => {
    const id = Number(req.params.id);
    const application = Number.isSafeInteger(id) ? await store.read((tx) => tx.portal.findApplication(id)) : null;
    if (!application) throw notFound();
    return application;
  };
  const applicationsNewestFirst = () => store.read((tx) => tx.portal.applications());
  const feeOf = async (req: Request): Promise<FeeTarget> => {
    const application = await applicationOf(req);
    const meter = application.meters.find((m) => String(m.meterSerial) === req.params.serial);
    const kind = FEE_KINDS.find((k) => k === req.params.fee);
    if (!meter || !kind) throw notFound();
    return { application, meter, kind };
  };
  const amountOf = ({ meter, kind }: FeeTarget) => (kind === 'application_fee' ? meter.applicationFee : meter.demandNote);

  const renderFeeCheck = async (req: Request, target: FeeTarget): Promise<string> => {
    const lang = ctx.lang(req);
    const t = PORTAL_TEXTS[lang].newConnection;
    const { application, meter, kind } = target;
    const standing = await feeStanding(target);
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

  router.get('/demo/new-connection', async (req, res) => {
    const page = { applications: await applicationsNewestFirst(), offices, merchants: fixtures.merchants, form: {}, errors: [] };
    res.type('html').send(renderApplications(page, ctx.lang(req), req.originalUrl));
  });

  router.post('/demo/new-connection', express.urlencoded({ extended: false, limit: FORM_LIMIT }), async (req, res) => {
    const lang = ctx.lang(req);
    const form = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).map(([key, value]) => [key, typeof value === 'string' ? value : undefined]),
    );
    const parsed = parseApplicationForm(form, offices);
    if (!parsed.ok) {
      const page = { applications: await applicationsNewestFirst(), offices, merchants: fixtures.merchants, form, errors: parsed.errors };
      res.status(422).type('html').send(renderApplications(page, lang, req.originalUrl));
      return;
    }
    const fees = parsed.application.meters.map((meter) => feesForMeter(meter.phases, meter.loadKw));
    const { application } = parsed;
    const id = await store.transact((tx) => tx.portal.createApplication(application, fees, new Date()));
    res.redirect(303, withLang(`/demo/new-connection/${id}`, lang));
  });

  router.get('/demo/new-connection/:id', async (req, res) => {
    const lang = ctx.lang(req);
    const application = await applicationOf(req);
    const page = {
      application,
      merchant: ctx.merchant(application.merchantId),
      officeLabel: officeLabel(offices, application.merchantId, application.officeCode, lang),
      feeStanding: await standingsOf(application),
    };
    res.type('html').send(renderApplication(page, lang, req.originalUrl));
  });

  router.get('/demo/new-connection/:id/meters/:serial/:fee/pay', async (req, res) => {
    res.type('html').send(await renderFeeCheck(req, await feeOf(req)));
  });

  router.post(
    '/demo/new-connection/:id/meters/:serial/:fee/pay',
    express.urlencoded({ extended: false, limit: FORM_LIMIT }),
    async (req, res) => {
      const lang = ctx.lang(req);
      const target = await feeOf(req);
      const { application, meter, kind } = target;
      if ((await feeStanding(target)).kind !== 'payable' || req.body?.expectedTotal !== amountOf(target)) {
        res.status(409).type('html').send(await renderFeeCheck(req, target));
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
        res.status(409).type('html').send(await renderFeeCheck(req, target));
        return;
      }
      sendToCheckout(res, outcome.payment, mode, lang);
    },
  );

  return router;
}
