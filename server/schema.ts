/**
 * The whole schema, in order, on each engine: the core tables (1-99), the webhook outbox (100+),
 * the demo portal's own records (200+: it is a merchant with its own data, sharing only the
 * database), the journal and faults (300+), the drop-in gateway APIs' credentials and sessions
 * (400+). Each module owns its migrations; storage runs whichever list it is given.
 *
 * The PostgreSQL DDL has the SQLite DDL's tables, columns, constraints and named indexes; only the
 * dialect differs: no STRICT or WITHOUT ROWID; INTEGER is bigint (epoch ms outgrow int4);
 * AUTOINCREMENT is an identity column; money and JSON stay text (a webhook's body is the signed
 * bytes, which jsonb would reorder).
 */
import { demoPortalMigrations } from './demo-portal/migrations.js';
import { dialectMigrations } from './dialects/migrations.js';
import { faultMigrations } from './faults/migrations.js';
import { journalMigrations } from './journal/migrations.js';
import { coreMigrations } from './payments/migrations.js';
import type { SchemaMigrations } from './storage/migrations.js';
import { webhookMigrations } from './webhooks/migrations.js';

const modules: readonly SchemaMigrations[] = [
  coreMigrations,
  webhookMigrations,
  demoPortalMigrations,
  journalMigrations,
  faultMigrations,
  dialectMigrations,
];

export const sqliteMigrations = modules.flatMap((module) => module.sqlite);
export const postgresMigrations = modules.flatMap((module) => module.postgres);
