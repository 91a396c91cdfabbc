/**
 * The checkout API's JSON as the widget reads it (docs/architecture.md, "Checkout API contract").
 * Every checkout endpoint answers a SessionView, so the component re-renders from this one shape.
 * Amounts are strings with two decimals; the widget displays them and never does arithmetic.
 */
import type { QuoteSummary } from '../domain/charges.js';

export type PaymentStatus =
  | 'awaiting_method'
  | 'awaiting_confirmation'
  | 'authorizing'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'expired';

export type MethodKind = 'card' | 'mobile_banking' | 'internet_banking' | 'wallet';

export type TabId = 'cards' | 'mobile_banking' | 'internet_banking' | 'wallets';

/** A gateway row's charges, as the server quotes them (2-decimal strings). */
export type Quote = QuoteSummary;

/** Everything the server names has an English name and a Bangla one. */
export interface Named {
  name: string;
  bnName: string;
}

export interface GatewayOption extends Named {
  id: string;
  quote: Quote;
}

export interface PaymentMethod extends Named {
  id: string;
  kind: MethodKind;
  gateways: GatewayOption[];
}

export interface MethodTab {
  id: TabId;
  label: string;
  bnLabel: string;
  methods: PaymentMethod[];
}

export type NextActionType = 'card' | 'wallet_number' | 'otp' | 'pin' | 'bank_login' | 'wait';

export interface NextAction {
  type: NextActionType;
  /** Wallet or bank name when the step belongs to one (bKash, DBBL, …). */
  provider?: string;
  /** For `wait`: when to ask again. */
  retryAfterMs?: number;
}

export interface LastError {
  code: string;
  message: string;
  triesLeft?: number;
}

export interface Slip {
  paymentId: string;
  trackingNumber: string;
  gatewayTransactionId: string;
  merchant: { id: string } & Named;
  purpose: string;
  accountNo: string | null;
  billNo: string | null;
  meterNo: string | null;
  billMonth: string | null;
  customerName: string | null;
  amounts: Quote;
  method: { id: string } & Named;
  gateway: { id: string } & Named;
  instrument: string;
  paidAt: string;
  paidAtDhaka: string;
  htmlUrl?: string;
  pdfUrl?: string;
  verifyUrl?: string;
}

export interface SessionView {
  id: string;
  status: PaymentStatus;
  merchant: { id: string; shortName: string } & Named;
  bill: {
    purpose: string;
    reference: string;
    accountNo: string | null;
    billNo: string | null;
    meterNo: string | null;
    billMonth: string | null;
    customerName: string | null;
    amount: string;
    lateFee: string;
  };
  expiresAt: string | null;
  serverTime: string;
  tabs: MethodTab[];
  note: string | null;
  bnNote: string | null;
  selection: { method: string; gateway: string; quote: Quote } | null;
  nextAction: NextAction | null;
  attemptsLeft: number;
  lastError: LastError | null;
  slip: Slip | null;
  returnUrl: string | null;
}

/** RFC 9457 problem details, as every API error answers. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; rule: string; message: string }[];
  currentState?: PaymentStatus;
}

/** One instrument step's body for `POST …/authorize`. */
export type AuthorizeStep =
  | { card: { number: string; expiry: string; cvc: string; holder: string } }
  | { walletNumber: string }
  | { otp: string }
  | { pin: string }
  | { username: string; password: string };

export const TERMINAL_STATUSES: readonly PaymentStatus[] = [
  'succeeded',
  'failed',
  'cancelled',
  'expired',
];

/** A method of the session's tabs by id. */
export function findMethod(session: SessionView, methodId: string | null | undefined): PaymentMethod | undefined {
  return session.tabs.flatMap((tab) => tab.methods).find((method) => method.id === methodId);
}

/** A method's display name ("VISA", "bKash"), or its id when the session does not list it. */
export function methodNameOf(session: SessionView, methodId: string | null | undefined): string {
  return findMethod(session, methodId)?.name ?? methodId ?? '';
}

/**
 * Whether two views show the same state of the payment (what the customer sees and can do):
 * the same view read again later differs only in its times.
 */
export function sameState(a: SessionView, b: SessionView): boolean {
  const state = (view: SessionView) =>
    JSON.stringify([view.status, view.selection, view.nextAction?.type, view.lastError, view.attemptsLeft, view.expiresAt]);
  return state(a) === state(b);
}
