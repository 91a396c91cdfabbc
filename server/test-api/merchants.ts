/**
 * Ephemeral merchants: a merchant made on demand for one test run, with its own keys, webhook
 * secret, clock, payments, journal and faults, so parallel CI runs never share state. It is a
 * row of the merchants table like the demo merchants (marked ephemeral), so every part of the
 * server treats it the same way; a run deletes its merchant when done.
 */
import { randomBytes } from 'node:crypto';
import { generateDialectCredentials, type DialectCredentials } from '../dialects/credentials.js';
import { Conflict } from '../http/problems.js';
import type { BillLayout, Merchant } from '../payments/merchants.js';
import type { Store } from '../storage/port.js';
import { resetMerchantIn, type ResetDeps, type ResetResult } from './reset.js';

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

/** Made in one unit: the merchant row (marked ephemeral), its webhook secret and its gateway credentials. */
export async function createEphemeralMerchant(store: Store, input: EphemeralMerchantInput, at: Date): Promise<EphemeralMerchant> {
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
  await store.transact(async (tx) => {
    await tx.merchants.seed([{ ...merchant, secretKey, webhookSecrets: [webhookSecret] }], at, { ephemeral: true });
    await tx.dialects.storeCredentials(id, dialects);
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
 * webhook secrets, clock and journal), in one unit. The fixtures' merchants are not deletable:
 * they come back at every start, so a reset is what clears them.
 */
export async function deleteEphemeralMerchant(deps: ResetDeps, merchantId: string): Promise<DeletedMerchant> {
  // As a reset does: entries of requests answered before are written first, so they go too.
  await deps.journal.flush();
  return deps.store.transact(async (tx) => {
    if ((await tx.merchants.isEphemeral(merchantId)) !== true) {
      throw new Conflict(`merchant ${merchantId} comes from the fixtures and cannot be deleted; POST /api/v1/test/reset clears its data`);
    }
    const { deleted } = await resetMerchantIn(tx, deps, merchantId);
    await deps.journal.forget(tx, merchantId);
    await tx.merchants.delete(merchantId);
    return { object: 'test_merchant_deleted', id: merchantId, deleted };
  });
}
