import pg from 'pg';

/**
 * bigint (int8) columns as JS numbers: every epoch-ms time is one, and they stay far below 2^53.
 * pg's default is a string, because an int8 can exceed 2^53. Set per pool, not on pg's global
 * parsers, so that nothing else in the process changes.
 */
const int8AsNumber: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)),
};

/** A pool of connections to the PostgreSQL database at `connectionString` (`postgres://…`). */
export function openPostgresPool(connectionString: string, options: Omit<pg.PoolConfig, 'connectionString' | 'types'> = {}): pg.Pool {
  return new pg.Pool({ ...options, connectionString, types: int8AsNumber });
}
