import { hash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';

/**
 * Which bill-number layout a merchant's bills use: DESCO's 12 digits (MMYY + 8-digit account) or
 * the standard 13 digits (YYMM + 9-digit account) of WZPDCO and the others.
 */
export type BillLayout = 'desco' | 'standard';

export interface Merchant {
  id: string;
  name: string;
  shortName: string;
  /** Utility code the merchant collects for (e.g. "DESCO", "WZPDCO"), if any. */
  utility: string | null;
  billLayout: BillLayout;
  /** The tracking-number office of its orders (purpose `order`, what the drop-in gateway APIs create). */
  officeCode: string;
}

/** What seeding needs: the merchant plus its secrets (kept only as a hash / in their own table). */
export interface MerchantSeed extends Merchant {
  secretKey: string;
  webhookSecrets: string[];
}

/** A merchants row, as both engines return it. */
export interface MerchantRow {
  id: string;
  name: string;
  short_name: string;
  utility: string | null;
  bill_layout: BillLayout;
  office_code: string;
}

export const MERCHANT_COLUMNS = 'id, name, short_name, utility, bill_layout, office_code';

export function sha256Hex(value: string): string {
  // The one-shot hash: no Hash object per call (this runs on every API request).
  return hash('sha256', value, 'hex');
}

/**
 * Merchants as read, per database: every API request looks its merchant up, and merchants change
 * only through seedMerchants and deleteMerchantRow (which drop this). Like the fault settings, it takes the server to
 * be the one process writing its database file. Unknown keys are not remembered, so a merchant
 * added later is found.
 */
const known = new WeakMap<Database, { byId: Map<string, Merchant>; byKeySha256: Map<string, Merchant> }>();

function knownMerchants(db: Database) {
  let merchants = known.get(db);
  if (!merchants) {
    merchants = { byId: new Map(), byKeySha256: new Map() };
    known.set(db, merchants);
  }
  return merchants;
}

export function toMerchant(row: MerchantRow): Merchant {
  return {
    id: row.id,
    name: row.name,
    shortName: row.short_name,
    utility: row.utility,
    billLayout: row.bill_layout,
    officeCode: row.office_code,
  };
}

/**
 * Makes the merchants table match the seeds (fixtures): inserts or updates each merchant and
 * makes its listed webhook secrets active. Runs at every start, so editing the fixtures and
 * restarting is enough.
 */
export function seedMerchants(db: Database, seeds: readonly MerchantSeed[], at: Date): void {
  known.delete(db);
  const upsertMerchant = statement(
    db,
    `INSERT INTO merchants (id, name, short_name, secret_key_sha256, utility, bill_layout, office_code, created_at)
     VALUES (@id, @name, @shortName, @secretKeySha256, @utility, @billLayout, @officeCode, @at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
       secret_key_sha256 = excluded.secret_key_sha256, utility = excluded.utility,
       bill_layout = excluded.bill_layout, office_code = excluded.office_code`,
  );
  const activateSecret = statement(
    db,
    `INSERT INTO merchant_webhook_secrets (merchant_id, secret, created_at) VALUES (?, ?, ?)
     ON CONFLICT (merchant_id, secret) DO UPDATE SET retired_at = NULL`,
  );
  db.transaction(() => {
    for (const seed of seeds) {
      upsertMerchant.run({
        id: seed.id,
        name: seed.name,
        shortName: seed.shortName,
        secretKeySha256: sha256Hex(seed.secretKey),
        utility: seed.utility,
        billLayout: seed.billLayout,
        officeCode: seed.officeCode,
        at: at.getTime(),
      });
      seed.webhookSecrets.forEach((secret, index) => {
        // Later secrets in the list are newer: ordering by created_at then picks the newest.
        activateSecret.run(seed.id, secret, at.getTime() + index);
      });
    }
  })();
}

export function findMerchantBySecretKey(db: Database, secretKey: string): Merchant | null {
  // Looked up by hash: the lookup reveals nothing about how much of a wrong key matched.
  return findMerchantByKeySha256(db, sha256Hex(secretKey));
}

export function findMerchantByKeySha256(db: Database, keySha256: string): Merchant | null {
  const merchants = knownMerchants(db);
  const cached = merchants.byKeySha256.get(keySha256);
  if (cached) return cached;
  const row = statement<[string], MerchantRow>(
    db,
    `SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE secret_key_sha256 = ?`,
  ).get(keySha256);
  if (!row) return null;
  const merchant = toMerchant(row);
  merchants.byKeySha256.set(keySha256, merchant);
  return merchant;
}

export function getMerchant(db: Database, merchantId: string): Merchant | null {
  const merchants = knownMerchants(db);
  const cached = merchants.byId.get(merchantId);
  if (cached) return cached;
  const row = statement<[string], MerchantRow>(db, `SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE id = ?`).get(
    merchantId,
  );
  if (!row) return null;
  const merchant = toMerchant(row);
  merchants.byId.set(merchantId, merchant);
  return merchant;
}

/** Forgets every merchant read from `db` (a unit that wrote merchants was rolled back). */
export function forgetKnownMerchants(db: Database): void {
  known.delete(db);
}

/** Deletes the merchant's row (what hangs off it must be gone or cascade) and forgets what was read. */
export function deleteMerchantRow(db: Database, merchantId: string): void {
  statement(db, 'DELETE FROM merchants WHERE id = ?').run(merchantId);
  known.delete(db);
}

export function listMerchantIds(db: Database): string[] {
  return statement<[], { id: string }>(db, 'SELECT id FROM merchants ORDER BY id')
    .all()
    .map((row) => row.id);
}

/** The merchant's active webhook secrets, newest first (sign with the first, accept any). */
export function getMerchantSecrets(db: Database, merchantId: string): string[] {
  return statement<[string], { secret: string }>(
    db,
    `SELECT secret FROM merchant_webhook_secrets
     WHERE merchant_id = ? AND retired_at IS NULL ORDER BY created_at DESC`,
  )
    .all(merchantId)
    .map((row) => row.secret);
}
