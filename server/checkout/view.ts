import { isTerminal } from '../../domain/payment-state.js';
import type { Merchant } from '../payments/merchants.js';
import type { PaymentRecord } from '../payments/record.js';
import { buildSlip, type ViewNames } from '../payments/view.js';
import type { CheckoutCatalog } from './catalog.js';
import type { SessionView } from './schemas.js';

export interface SessionViewContext {
  merchant: Merchant;
  catalog: CheckoutCatalog;
  names: ViewNames;
  maxAttempts: number;
  /** The merchant's clock now. */
  now: Date;
  returnUrl: string | null;
}

/** The provider a step is with, for the widget's wording ("Enter your bKash PIN"). */
function nextActionOf(payment: PaymentRecord, now: Date): SessionView['nextAction'] {
  const step = payment.auth.step;
  if (payment.status !== 'authorizing' || step === null) return null;
  const provider = payment.selection?.method;
  if (step === 'wait') {
    const until = payment.auth.pendingUntil?.getTime() ?? now.getTime();
    return { type: 'wait', ...(provider ? { provider } : {}), retryAfterMs: Math.max(0, until - now.getTime()) };
  }
  return step === 'card' || !provider ? { type: step } : { type: step, provider };
}

/** The one shape every checkout endpoint answers (docs/architecture.md). */
export function toSessionView(payment: PaymentRecord, ctx: SessionViewContext): SessionView {
  const { merchant, catalog, names, now } = ctx;
  return {
    id: payment.id,
    status: payment.status,
    merchant: { id: merchant.id, name: merchant.name, bnName: names.merchantBnName(merchant.id), shortName: merchant.shortName },
    bill: {
      purpose: payment.purpose,
      reference: payment.reference,
      accountNo: payment.accountNo,
      billNo: payment.billNo,
      meterNo: payment.meterNo,
      billMonth: payment.billMonth,
      customerName: payment.customer.name,
      amount: payment.amount,
      lateFee: payment.lateFee,
    },
    expiresAt: isTerminal(payment.status) || !payment.deadlineAt ? null : payment.deadlineAt.toISOString(),
    serverTime: now.toISOString(),
    tabs: catalog.tabs(payment.amount, payment.lateFee),
    note: catalog.note.en,
    bnNote: catalog.note.bn,
    selection: payment.selection,
    nextAction: nextActionOf(payment, now),
    attemptsLeft: Math.max(0, ctx.maxAttempts - payment.attemptsUsed),
    lastError: payment.lastError,
    slip: buildSlip(payment, names),
    returnUrl: ctx.returnUrl,
  };
}

/** Stands in for the tabs while the rest of a view is serialized; see sessionViewJson. */
const TABS_SLOT = '\u0000tabs';
const TABS_SLOT_JSON = `"tabs":${JSON.stringify(TABS_SLOT)}`;

/**
 * Exactly JSON.stringify(view), with the tabs (four fifths of the text, the same for every view
 * of a bill) spliced in from the catalog's cached JSON. The slot text `"tabs":"\u0000tabs"` can
 * only appear where the tabs are: quotes inside a JSON string are escaped, and no other member
 * of the view is called "tabs". A view whose tabs are not the catalog's is serialized in full.
 */
export function sessionViewJson(view: SessionView, catalog: CheckoutCatalog): string {
  const { amount, lateFee } = view.bill;
  if (view.tabs !== catalog.tabs(amount, lateFee)) return JSON.stringify(view);
  const text = JSON.stringify({ ...view, tabs: TABS_SLOT });
  const at = text.indexOf(TABS_SLOT_JSON);
  return `${text.slice(0, at)}"tabs":${catalog.tabsJson(amount, lateFee)}${text.slice(at + TABS_SLOT_JSON.length)}`;
}
