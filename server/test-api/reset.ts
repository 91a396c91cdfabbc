/**
 * POST /api/v1/test/reset: forgets everything a merchant did, in one transaction. The merchant
 * itself (keys, webhook secrets) stays. What goes: refunds, payments and their transition log,
 * idempotency keys, webhook events with their deliveries and attempts (cascade), the journal, the
 * clock offset, the fault settings and the refund outcome. Tracking-number serials are shared by all merchants and stay,
 * so a tracking number is never issued twice.
 */
import type { Database } from 'better-sqlite3';
import type { MerchantClocks } from '../clock.js';
import type { FaultSettingsStore } from '../faults/settings-store.js';
import type { Journal } from '../journal/journal.js';
import { deleteRefundsOfMerchant } from '../refunds/repository.js';
import type { RefundService } from '../refunds/service.js';
import { writeTransaction } from '../storage/database.js';
import { statement } from '../storage/statements.js';

export interface ResetDeps {
  db: Database;
  clocks: MerchantClocks;
  journal: Journal;
  faults: FaultSettingsStore;
  refunds: Pick<RefundService, 'clearOutcome'>;
}

export interface ResetResult {
  object: 'test_reset';
  merchantId: string;
  deleted: { payments: number; refunds: number; webhookEvents: number; idempotencyKeys: number; journalEntries: number };
}

export function resetMerchant({ db, clocks, journal, faults, refunds }: ResetDeps, merchantId: string): ResetResult {
  const deleteFor = (table: string) => statement(db, `DELETE FROM ${table} WHERE merchant_id = ?`).run(merchantId).changes;
  return writeTransaction(db, () => {
    const deleted = {
      webhookEvents: deleteFor('webhook_events'),
      // Before their payments, which they reference.
      refunds: deleteRefundsOfMerchant(db, merchantId),
      payments: deleteFor('payments'),
      idempotencyKeys: deleteFor('idempotency_keys'),
      journalEntries: journal.clear(merchantId),
    };
    clocks.reset(merchantId);
    faults.clear(merchantId);
    refunds.clearOutcome(merchantId);
    return { object: 'test_reset', merchantId, deleted };
  });
}
