/**
 * Ephemeral merchants: a merchant made on demand for one test run, with its own keys, webhook
 * secret, clock, payments, journal and faults, so parallel CI runs never share state. It is a
 * row of the merchants table like the demo merchants (marked ephemeral), so every part of the
 * server treats it the same way.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { seedMerchants, type BillLayout, type Merchant } from '../payments/merchants.js';
import { statement } from '../storage/statements.js';
import { writeTransaction } from '../storage/database.js';

export interface EphemeralMerchantInput {
  name?: string | undefined;
  shortName?: string | undefined;
  utility?: string | undefined;
  billLayout?: BillLayout | undefined;
}

/** The new merchant with its credentials: shown once, never stored in the clear (the key is kept as a hash). */
export interface EphemeralMerchant extends Merchant {
  object: 'test_merchant';
  secretKey: string;
  webhookSecret: string;
  createdAt: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

/** DESCO writes bill numbers its own way (MMYY + 8-digit account); everyone else the standard way. */
export function defaultBillLayout(utility: string | null): BillLayout {
  return utility === 'DESCO' ? 'desco' : 'standard';
}

export function createEphemeralMerchant(db: Database, input: EphemeralMerchantInput, at: Date): EphemeralMerchant {
  const id = `test_${randomBytes(9).toString('hex')}`;
  const utility = input.utility ?? null;
  const merchant: Merchant = {
    id,
    name: input.name ?? `Test merchant ${id}`,
    shortName: input.shortName ?? input.name ?? id,
    utility,
    billLayout: input.billLayout ?? defaultBillLayout(utility),
  };
  const secretKey = `sk_test_${token(24)}`;
  const webhookSecret = `whsec_${token(24)}`;
  writeTransaction(db, () => {
    seedMerchants(db, [{ ...merchant, secretKey, webhookSecrets: [webhookSecret] }], at);
    statement(db, 'UPDATE merchants SET ephemeral = 1 WHERE id = ?').run(id);
  });
  return { object: 'test_merchant', ...merchant, secretKey, webhookSecret, createdAt: at.toISOString() };
}
