/** A `postgres://` (or `postgresql://`) URL names a PostgreSQL database; anything else is a SQLite file or `:memory:`. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(?:ql)?:\/\//i.test(location);
}
