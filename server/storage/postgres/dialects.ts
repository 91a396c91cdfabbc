import type pg from 'pg';
import { storedCredentials } from '../../dialects/credentials.js';
import { paymentIdOfKey, SESSION_COLUMNS, toSession, type SessionRow } from '../../dialects/sessions.js';
import type { DialectRepository } from '../repositories/dialects.js';

/** The dialects on PostgreSQL: no login cache, so credentials replaced at one instance hold at all. */
export function postgresDialects(client: pg.ClientBase): DialectRepository {
  const oneSession = async <Data>(name: string, text: string, values: unknown[]) => {
    const { rows } = await client.query<SessionRow>({ name, text, values });
    return rows[0] ? toSession<Data>(rows[0]) : null;
  };
  const repository: DialectRepository = {
    async storeCredentials(merchantId, credentials) {
      await client.query({ name: 'dialects.clear-credentials', text: 'DELETE FROM merchant_dialect_credentials WHERE merchant_id = $1', values: [merchantId] });
      for (const row of storedCredentials(credentials)) {
        await client.query({
          name: 'dialects.insert-credential',
          text: `INSERT INTO merchant_dialect_credentials (merchant_id, dialect, login, secret_sha256, signing_key)
                 VALUES ($1, $2, $3, $4, $5)`,
          values: [merchantId, row.dialect, row.login, row.secretSha256, row.signingKey],
        });
      }
    },
    async login(dialect, login) {
      const { rows } = await client.query<{ merchant_id: string; secret_sha256: string }>({
        name: 'dialects.login',
        text: 'SELECT merchant_id, secret_sha256 FROM merchant_dialect_credentials WHERE dialect = $1 AND login = $2',
        values: [dialect, login],
      });
      return rows[0] ? { merchantId: rows[0].merchant_id, secretSha256: rows[0].secret_sha256 } : null;
    },
    async account(dialect, merchantId) {
      const { rows } = await client.query<{ login: string; signing_key: string | null }>({
        name: 'dialects.account',
        text: 'SELECT login, signing_key FROM merchant_dialect_credentials WHERE dialect = $1 AND merchant_id = $2',
        values: [dialect, merchantId],
      });
      return rows[0] ? { login: rows[0].login, signingKey: rows[0].signing_key } : null;
    },
    async insertSession(session, keys) {
      await client.query({
        name: 'dialects.insert-session',
        text: `INSERT INTO dialect_sessions (payment_id, merchant_id, dialect, reference, data, created_at)
               VALUES ($1, $2, $3, $4, $5, $6)`,
        values: [session.paymentId, session.merchantId, session.dialect, session.reference, JSON.stringify(session.data), session.createdAt.getTime()],
      });
      for (const key of keys) await repository.addKey(session.dialect, key, session.paymentId);
    },
    async addKey(dialect, key, paymentId) {
      await client.query({
        name: 'dialects.add-key',
        text: 'INSERT INTO dialect_keys (dialect, key, payment_id) VALUES ($1, $2, $3)',
        values: [dialect, key, paymentId],
      });
    },
    async updateSessionData(paymentId, data) {
      await client.query({
        name: 'dialects.update-session',
        text: 'UPDATE dialect_sessions SET data = $1 WHERE payment_id = $2',
        values: [JSON.stringify(data), paymentId],
      });
    },
    session: (paymentId) =>
      oneSession('dialects.session', `SELECT ${SESSION_COLUMNS} FROM dialect_sessions s WHERE s.payment_id = $1`, [paymentId]),
    async sessionByKey<Data>(dialect: Parameters<DialectRepository['sessionByKey']>[0], key: string) {
      const paymentId = paymentIdOfKey(key);
      if (paymentId !== null) {
        const session = await repository.session<Data>(paymentId);
        if (session?.dialect === dialect) return session;
      }
      return oneSession<Data>(
        'dialects.session-by-key',
        `SELECT ${SESSION_COLUMNS} FROM dialect_keys k JOIN dialect_sessions s ON s.payment_id = k.payment_id
          WHERE k.dialect = $1 AND k.key = $2`,
        [dialect, key],
      );
    },
    sessionByReference: (dialect, reference, merchantId) =>
      merchantId === null
        ? oneSession(
            'dialects.session-by-reference-any',
            `SELECT ${SESSION_COLUMNS} FROM merchant_dialect_credentials c
               JOIN payments p ON p.merchant_id = c.merchant_id AND p.reference = $1
               JOIN dialect_sessions s ON s.payment_id = p.id AND s.dialect = c.dialect
              WHERE c.dialect = $2 ORDER BY p.created_at DESC LIMIT 1`,
            [reference, dialect],
          )
        : oneSession(
            'dialects.session-by-reference',
            `SELECT ${SESSION_COLUMNS} FROM payments p JOIN dialect_sessions s ON s.payment_id = p.id
              WHERE p.merchant_id = $1 AND p.reference = $2 AND s.dialect = $3`,
            [merchantId, reference, dialect],
          ),
  };
  return repository;
}
