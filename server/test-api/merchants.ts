/**
 * Ephemeral merchants: a merchant made on demand for one test run, with its own keys, webhook
 * secret, clock, payments, journal and faults, so parallel CI runs never share state. It is a
 * row of the merchants table like the demo merchants (marked ephemeral), so every part of the
 * server treats it the same way; a run deletes its merchant when done.
 */
import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import {
  generateDialectCredentials,
  storeDialectCredentials,
  type DialectCredentials,
} from '../dialects/credentials.js';
import { Conflict } from '../http/problems.js';
import { deleteMerchantRow, seedMerchants, type BillLayout, type Merchant } from '../payments/merchants.js';
import { statement } from '../storage/statements.js';
import { writeTransaction } from '../storage/database.js';
import { resetMerchant, type ResetDeps, type ResetResult } from './reset.js';

export interface EphemeralMerchantInput {
  name?: string | undefined;
  shortName?: string | undefined;
  utility?: string | undefined;
  billLayout?: BillLayout | undefined;
  officeCode?: string | undefined;
}

/** The new merchant with its credentials: shown once, never stored in the clear (the key is kept as a hash). */
export interface EphemeralMerchant extends Merchant {
  object: 'test_merchant';
  secretKey: string;
  webhookSecret: string;
  /** Credentials for every drop-in gateway API. */
  dialects: DialectCredentials;
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
    officeCode: input.officeCode ?? '000',
  };
  const secretKey = `sk_test_${token(24)}`;
  const webhookSecret = `whsec_${token(24)}`;
  const dialects = generateDialectCredentials(id);
  writeTransaction(db, () => {
    seedMerchants(db, [{ ...merchant, secretKey, webhookSecrets: [webhookSecret] }], at);
    statement(db, 'UPDATE merchants SET ephemeral = 1 WHERE id = ?').run(id);
    storeDialectCredentials(db, id, dialects);
  });
  return { object: 'test_merchant', ...merchant, secretKey, webhookSecret, dialects, createdAt: at.toISOString() };
}

export interface DeletedMerchant {
  object: 'test_merchant_deleted';
  id: string;
  deleted: ResetResult['deleted'];
}

/**
 * Deletes an ephemeral merchant with everything it did (what reset deletes, then its keys,
 * webhook secrets, clock and journal). The fixtures' merchants are not deletable: they come back
 * at every start, so a reset is what clears them.
 */
export function deleteEphemeralMerchant(deps: ResetDeps, merchantId: string): DeletedMerchant {
  const { db } = deps;
  return writeTransaction(db, () => {
    const row = statement<[string], { ephemeral: number }>(db, 'SELECT ephemeral FROM merchants WHERE id = ?').get(merchantId);
    if (row?.ephemeral !== 1) {
      throw new Conflict(`merchant ${merchantId} comes from the fixtures and cannot be deleted; POST /api/v1/test/reset clears its data`);
    }
    const { deleted } = resetMerchant(deps, merchantId);
    deps.journal.forget(merchantId);
    deleteMerchantRow(db, merchantId);
    deps.clocks.forget(merchantId);
    return { object: 'test_merchant_deleted', id: merchantId, deleted };
  });
}
