import type pg from 'pg';
import type { JournalRepository } from '../repositories/journal.js';
import { JOURNAL_ENTRY_COLUMNS, toJournalEntry, type JournalEntryRow } from '../sqlite/journal.js';

/** The channel every instance LISTENs on; the payload is the merchant's id. */
export const JOURNAL_CHANNEL = 'billpay_journal';

/** Both reads' filters: $1 merchant, $2 payment (or NULL), $3 types (or NULL). */
const MATCHES = 'merchant_id = $1 AND ($2::text IS NULL OR payment_id = $2) AND ($3::text[] IS NULL OR type = ANY($3))';

/**
 * The journal on PostgreSQL. journal_floors holds each merchant's head: its last id, bumped by
 * every append (on SQLite only a reset writes it, as a floor; it means the same: new ids continue
 * above it). The bump locks the head row until the unit ends, which is what hands ids out in
 * commit order. The NOTIFY is sent by PostgreSQL at the commit, and never for a rollback.
 */
export function postgresJournal(client: pg.ClientBase): JournalRepository {
  return {
    async append(entries) {
      if (entries.length === 0) return [];
      // Heads are bumped in merchant order, so that two batches never wait for each other crosswise.
      const { rows } = await client.query<{ id: number }>({
        name: 'journal.append',
        text: `WITH batch AS (
                 SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[])
                          WITH ORDINALITY AS b (merchant_id, at, type, payment_id, data, n)
               ), counts AS (
                 SELECT merchant_id, count(*) AS k FROM batch GROUP BY merchant_id
               ), heads AS (
                 INSERT INTO journal_floors (merchant_id, last_id)
                 SELECT merchant_id, k FROM counts ORDER BY merchant_id
                 ON CONFLICT (merchant_id) DO UPDATE SET last_id = journal_floors.last_id + excluded.last_id
                 RETURNING merchant_id, last_id
               ), numbered AS (
                 SELECT b.*, h.last_id - c.k + row_number() OVER (PARTITION BY b.merchant_id ORDER BY b.n) AS id
                   FROM batch b JOIN counts c USING (merchant_id) JOIN heads h USING (merchant_id)
               ), inserted AS (
                 INSERT INTO journal_entries (merchant_id, id, at, type, payment_id, data)
                 SELECT merchant_id, id, at, type, payment_id, data FROM numbered
               ), notified AS (
                 SELECT pg_notify('${JOURNAL_CHANNEL}', merchant_id) FROM counts
               )
               SELECT id, (SELECT count(*) FROM notified) AS notified FROM numbered ORDER BY n`,
        values: [
          entries.map((entry) => entry.merchantId),
          entries.map((entry) => entry.at.getTime()),
          entries.map((entry) => entry.type),
          entries.map((entry) => entry.paymentId ?? null),
          entries.map((entry) => JSON.stringify(entry.data)),
        ],
      });
      return rows.map((row) => row.id);
    },
    async list(merchantId, query) {
      const filters = [merchantId, query.paymentId ?? null, query.types && query.types.length > 0 ? query.types : null];
      if (query.afterId !== undefined) {
        const { rows } = await client.query<JournalEntryRow>({
          name: 'journal.list-after',
          text: `SELECT ${JOURNAL_ENTRY_COLUMNS} FROM journal_entries WHERE ${MATCHES} AND id > $4 ORDER BY id LIMIT $5`,
          values: [...filters, query.afterId, query.limit],
        });
        return rows.map(toJournalEntry);
      }
      const { rows } = await client.query<JournalEntryRow>({
        name: 'journal.list-newest',
        text: `SELECT ${JOURNAL_ENTRY_COLUMNS} FROM journal_entries WHERE ${MATCHES} ORDER BY id DESC LIMIT $4`,
        values: [...filters, query.limit],
      });
      return rows.reverse().map(toJournalEntry);
    },
    async lastId(merchantId) {
      const { rows } = await client.query<{ last_id: number }>({
        name: 'journal.last-id',
        text: 'SELECT last_id FROM journal_floors WHERE merchant_id = $1',
        values: [merchantId],
      });
      return rows[0]?.last_id ?? 0;
    },
    async clear(merchantId) {
      // The head stays: ids continue above it.
      const { rowCount } = await client.query({ name: 'journal.clear', text: 'DELETE FROM journal_entries WHERE merchant_id = $1', values: [merchantId] });
      return rowCount ?? 0;
    },
    async prune(merchantId, throughId) {
      const { rowCount } = await client.query({
        name: 'journal.prune',
        text: 'DELETE FROM journal_entries WHERE merchant_id = $1 AND id <= $2',
        values: [merchantId, throughId],
      });
      return rowCount ?? 0;
    },
    async forget(merchantId) {
      await client.query({ name: 'journal.forget', text: 'DELETE FROM journal_entries WHERE merchant_id = $1', values: [merchantId] });
      await client.query({ name: 'journal.forget-head', text: 'DELETE FROM journal_floors WHERE merchant_id = $1', values: [merchantId] });
    },
  };
}
