import type { Database, Statement } from 'better-sqlite3';

const cache = new WeakMap<Database, Map<string, Statement<unknown[], unknown>>>();

/**
 * A prepared statement for `sql` on `db`, prepared once and reused: preparing costs more than
 * running, and the hot paths (auth, create, checkout reads) run the same few statements.
 */
export function statement<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database,
  sql: string,
): Statement<Params, Row> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let prepared = perDb.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    perDb.set(sql, prepared);
  }
  return prepared as unknown as Statement<Params, Row>;
}
