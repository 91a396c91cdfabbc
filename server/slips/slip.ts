/**
 * The payment slip as the renderers see it. The type is the server's own (built by
 * server/payments/view.ts from the zod schema that also documents it in OpenAPI), so there is one
 * Slip in the codebase. Every amount is a string with two decimals; `paidAtDhaka` is `paidAt`
 * already written in Asia/Dhaka time ("2026-11-22 12:42:00"). Renderers only display values,
 * they never compute with them.
 */
import type { Slip } from '../payments/view.js';

export type { Slip };
export type SlipAmounts = Slip['amounts'];
export type BillPurpose = Slip['purpose'];

/** The charge rows of a slip in display order; the total is printed apart, below them. */
export const CHARGE_ROWS: ReadonlyArray<Exclude<keyof SlipAmounts, 'total'>> = [
  'billAmount',
  'lateFee',
  'serviceCharge',
  'convenienceFee',
  'discount',
];

/** A succeeded payment's slip and the secret token its URLs carry (server/slips/token.ts). */
export interface IssuedSlip {
  slip: Slip;
  token: string;
}

/**
 * How the slip and verify routes find slips; the server backs these with its payment repository.
 * The routes compare the token presented with the one found (constant time), never the lookup.
 */
export interface SlipLookup {
  /** The slip of a succeeded payment; null for an unknown payment or one that has not succeeded. */
  findSlip(paymentId: string): Promise<IssuedSlip | null>;
  /** By the canonical tracking number (digits and bars, no spaces, ASCII digits). */
  findSlipByTrackingNumber(trackingNumber: string): Promise<IssuedSlip | null>;
}
