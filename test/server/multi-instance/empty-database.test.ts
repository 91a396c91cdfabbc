/**
 * Three instances started together on an EMPTY PostgreSQL database: the migrations run once (under
 * their advisory lock, whoever comes first), and every instance then serves.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { applicationFee } from '../../helpers/api.js';
import { createMerchant, expectStatus, startInstances, type Instance } from '../../helpers/instances.js';
import { createTestDatabase } from '../../helpers/pg-cluster.js';
import { postgresMigrations } from '../../../server/schema.js';
import { merchantApi } from './merchant-api.js';

it('three instances starting together on an empty database migrate it once and all serve', async () => {
  const database = await createTestDatabase({ migrated: false });
  try {
    const cluster = await startInstances({ count: 3, database });
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const applied = await client
        .query<{ version: string; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')
        .finally(() => client.end());
      expect(applied.rows.map((row) => [Number(row.version), row.name])).toEqual(postgresMigrations.map((step) => [step.version, step.name]));

      // Each serves, and sees what the others wrote.
      const [A, B, C] = cluster.instances as [Instance, Instance, Instance];
      const merchant = merchantApi(await createMerchant(A));
      const payment = await merchant.createPayment(B, applicationFee());
      const done = await expectStatus(200, merchant.complete(C, payment.id), 'complete');
      expect(done.body.payment.status).toBe('succeeded');
      for (const instance of cluster.instances) {
        const seen = await merchant.get(instance, `/api/v1/payments/${payment.id}`);
        expect(seen.status, instance.name).toBe(200);
        expect(seen.body.trackingNumber, instance.name).toBe(done.body.payment.trackingNumber);
      }
      expect(cluster.instances.every((instance) => instance.alive)).toBe(true);
    } catch (error) {
      console.error(cluster.describe());
      throw error;
    } finally {
      await cluster.stop();
    }
  } finally {
    await database.drop();
  }
}, 240_000);
