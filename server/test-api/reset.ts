/**
 * POST /api/v1/test/reset: forgets everything a merchant did, in one unit. The merchant itself
 * (keys, webhook secrets) stays. What goes: refunds, payments and their transition log,
 * idempotency keys, webhook events with their deliveries and attempts (cascade), the journal, the
 * clock offset, the fault settings and the refund outcome. Tracking-number serials are shared by
 * all merchants and stay, so a tracking number is never issued twice.
 */
import type { MerchantClocks } from '../clock.js';
import type { FaultSettingsStore } from '../faults/settings-store.js';
import type { Store, Tx } from '../storage/port.js';

/** The journal's part of a reset (Journal.flush, then clear / forget in the caller's unit). */
export interface ResetJournal {
  /** Resolves once the entries of requests answered before are written, so that the reset clears them too. */
  flush(): Promise<void>;
  /** Deletes the merchant's entries, its ids continuing above the last; returns how many. */
  clear(tx: Tx, merchantId: string): Promise<number>;
  /** Deletes everything of the journal of a merchant that is itself being deleted. */
  forget(tx: Tx, merchantId: string): Promise<void>;
}

export interface ResetDeps {
  store: Store;
  clocks: MerchantClocks;
  journal: ResetJournal;
  faults: Pick<FaultSettingsStore, 'clearIn'>;
}

export interface ResetResult {
  object: 'test_reset';
  merchantId: string;
  deleted: { payments: number; refunds: number; webhookEvents: number; idempotencyKeys: number; journalEntries: number };
}

export async function resetMerchant(deps: ResetDeps, merchantId: string): Promise<ResetResult> {
  await deps.journal.flush();
  return deps.store.transact((tx) => resetMerchantIn(tx, deps, merchantId));
}

/** The reset in the caller's unit (deleting an ephemeral merchant starts with one). */
export async function resetMerchantIn(tx: Tx, { clocks, journal, faults }: ResetDeps, merchantId: string): Promise<ResetResult> {
  const webhookEvents = await tx.outbox.deleteMerchantEvents(merchantId);
  // Before their payments, which they reference.
  const refunds = await tx.refunds.deleteOfMerchant(merchantId);
  const payments = await tx.payments.deleteOfMerchant(merchantId);
  const idempotencyKeys = await tx.idempotency.deleteOfMerchant(merchantId);
  const journalEntries = await journal.clear(tx, merchantId);
  await clocks.reset(tx, merchantId);
  await faults.clearIn(tx, merchantId);
  await tx.refunds.clearOutcome(merchantId);
  return { object: 'test_reset', merchantId, deleted: { payments, refunds, webhookEvents, idempotencyKeys, journalEntries } };
}
