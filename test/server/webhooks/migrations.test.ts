import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appliedVersions } from '../../../server/storage/migrations.js';
import { webhookMigrations } from '../../../server/webhooks/migrations.js';
import { createOutboxFile } from './outbox-db.js';

let outbox: ReturnType<typeof createOutboxFile>;
beforeEach(() => {
  outbox = createOutboxFile();
});
afterEach(() => outbox.remove());

describe('webhookMigrations', () => {
  it('use versions from 100 up, strictly increasing', () => {
    const versions = webhookMigrations.sqlite.map((m) => m.version);
    expect(versions[0]).toBeGreaterThanOrEqual(100);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('create the events, deliveries and attempts tables, and reopening applies nothing twice', () => {
    outbox.open().close();
    const db = outbox.open();
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'webhook_%' ORDER BY name",
      )
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(['webhook_attempts', 'webhook_deliveries', 'webhook_events']);
    expect(appliedVersions(db)).toEqual(webhookMigrations.sqlite.map((m) => m.version));
    db.close();
  });

  it('index the pending deliveries in id order, the order claims take them in, and the claims in flight by token (103)', () => {
    const db = outbox.open();
    const indexes = db
      .prepare<[], { name: string; sql: string }>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'webhook_deliveries' AND sql IS NOT NULL ORDER BY name",
      )
      .all();
    expect(indexes).toEqual([
      { name: 'webhook_deliveries_claimed', sql: 'CREATE INDEX webhook_deliveries_claimed ON webhook_deliveries (claim_token) WHERE claim_token IS NOT NULL' },
      { name: 'webhook_deliveries_pending', sql: "CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (id) WHERE status = 'pending'" },
    ]);
    const plan = (sql: string) => db.prepare<[], { detail: string }>(`EXPLAIN QUERY PLAN ${sql}`).all().map((step) => step.detail);
    expect(plan("SELECT id FROM webhook_deliveries WHERE status = 'pending' ORDER BY id LIMIT 16")).toEqual([
      'SCAN webhook_deliveries USING COVERING INDEX webhook_deliveries_pending',
    ]);
    expect(plan("SELECT id FROM webhook_deliveries WHERE claim_token = 'c'")).toEqual([
      'SEARCH webhook_deliveries USING INDEX webhook_deliveries_claimed (claim_token=?)',
    ]);
    db.close();
  });

  it('refuse a delivery status outside pending | delivered | failed, and cascade from events', () => {
    const db = outbox.open();
    db.prepare(
      `INSERT INTO webhook_events (id, merchant_id, payment_id, type, created_at, body)
       VALUES ('evt_1', 'desco', 'pay_1', 'payment.succeeded', 0, '{}')`,
    ).run();
    const insertDelivery = db.prepare<[string, string]>(
      `INSERT INTO webhook_deliveries (id, event_id, url, status, created_at)
       VALUES (?, 'evt_1', 'http://127.0.0.1/hook', ?, 0)`,
    );
    insertDelivery.run('whd_1', 'pending');
    expect(() => insertDelivery.run('whd_2', 'sent')).toThrow(/CHECK constraint/);
    db.prepare("DELETE FROM webhook_events WHERE id = 'evt_1'").run();
    expect(db.prepare('SELECT count(*) AS n FROM webhook_deliveries').get()).toEqual({ n: 0 });
    db.close();
  });
});
