/**
 * PostgreSQL drops every connection of an instance under load (a restart, a failover, an
 * administrator's pg_terminate_backend): the instance keeps running (a connection lost between two
 * queries of a unit used to end the process with an unhandled 'error' event), answers the
 * requests caught in the middle with a 503 problem, and serves the next ones on new connections.
 */
import pg from 'pg';
import { expect, it } from 'vitest';
import { inject } from 'vitest';
import { applicationFee } from '../../helpers/api.js';
import { databaseUrl } from '../../helpers/pg-server.js';
import { call, createMerchant, waitUntil, type Instance, useInstances } from '../../helpers/instances.js';

const cluster = useInstances({ count: 1 });

/** Ends every connection to the database but the caller's; how many it ended. */
async function terminateConnections(database: string): Promise<number> {
  const admin = new pg.Client({ connectionString: databaseUrl(inject('postgres'), 'postgres') });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database],
    );
    return rows.filter((row) => row.ended).length;
  } finally {
    await admin.end();
  }
}

it('survives losing every connection under load: answers a problem or the result, then serves on new connections', async () => {
  const [A] = cluster().instances as [Instance];
  const merchant = await createMerchant(A);
  /** A create's status, or 0 when no answer came (the connection was dropped or refused). */
  const create = () =>
    call(A, 'POST', '/api/v1/payments', { key: merchant.secretKey, body: applicationFee() }).then(
      (reply) => reply.status,
      () => 0,
    );

  const statuses: number[] = [];
  let stop = false;
  const load = Array.from({ length: 6 }, async () => {
    while (!stop) statuses.push(await create());
  });
  await waitUntil('the load to get going', () => (statuses.length >= 30 ? true : undefined));
  const ended = await terminateConnections(cluster().database.name);
  expect(ended).toBeGreaterThan(0);
  // The load goes on across the loss until 200 more answers have come.
  const before = statuses.length;
  await waitUntil('200 answers after the loss', () => (statuses.length >= before + 200 ? true : undefined));
  stop = true;
  await Promise.all(load);

  expect(A.alive).toBe(true);
  // Every request was answered, each a 201 or the 503 of a database that went away.
  expect(statuses.filter((status) => status !== 201 && status !== 503)).toEqual([]);
  const after = await waitUntil('a create to succeed again', async () => ((await create()) === 201 ? true : undefined));
  expect(after).toBe(true);
  expect((await call(A, 'GET', '/api/v1/test/journal?limit=1', { key: merchant.secretKey })).status).toBe(200);
}, 120_000);
