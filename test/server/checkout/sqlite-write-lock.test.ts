import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCheckout, SELECTION_MS } from '../../helpers/api.js';
import { startTestServer, type TestServer } from '../../helpers/server.js';

/** SQLite only (vitest.config.ts): a second connection to the file holds its write lock. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe('reads and the write lock', () => {
  it('answers a session read while another connection holds the write lock, unless a lapse must be written', async () => {
    const { checkout } = await openCheckout(server);
    const other = new BetterSqlite3(server.dbFile);
    server.deps.db.pragma('busy_timeout = 0');
    other.prepare('BEGIN IMMEDIATE').run();
    try {
      // Nothing is due: a plain read, which the held lock does not stop.
      const read = await checkout.get();
      expect(read.status).toBe(200);
      expect(read.body.status).toBe('awaiting_method');
      // Now the expiry must be written, and the write must wait for the lock.
      server.clock.advance(SELECTION_MS);
      expect((await checkout.get()).status).toBe(503);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
      server.deps.db.pragma('busy_timeout = 5000');
    }
    expect((await checkout.get()).body.status).toBe('expired');
  });
});
