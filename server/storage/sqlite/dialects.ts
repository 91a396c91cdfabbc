import type { Database } from 'better-sqlite3';
import { dialectAccount, findDialectLogin, storeDialectCredentials } from '../../dialects/credentials.js';
import {
  addDialectKey,
  findDialectSession,
  findDialectSessionByKey,
  findDialectSessionByReference,
  insertDialectSession,
  updateDialectSessionData,
} from '../../dialects/sessions.js';
import type { DialectRepository } from '../repositories/dialects.js';

/** The dialects on SQLite: today's statements (server/dialects/), logins cached. */
export function sqliteDialects(db: Database): DialectRepository {
  return {
    storeCredentials: async (merchantId, credentials) => storeDialectCredentials(db, merchantId, credentials),
    login: async (dialect, login) => findDialectLogin(db, dialect, login),
    account: async (dialect, merchantId) => dialectAccount(db, dialect, merchantId),
    insertSession: async (session, keys) => insertDialectSession(db, session, keys),
    addKey: async (dialect, key, paymentId) => addDialectKey(db, dialect, key, paymentId),
    updateSessionData: async (paymentId, data) => updateDialectSessionData(db, paymentId, data),
    session: async (paymentId) => findDialectSession(db, paymentId),
    sessionByKey: async (dialect, key) => findDialectSessionByKey(db, dialect, key),
    sessionByReference: async (dialect, reference, merchantId) => findDialectSessionByReference(db, dialect, reference, merchantId),
  };
}
