import { z } from 'zod';
import type { RateLimitSettings } from './http/rate-limit.js';
import { isPostgresUrl } from './storage/location.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const port = z.coerce.number().int().min(0).max(65535);

const envSchema = z.object({
  PORT: port.default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
  BILLPAY_DB: z
    .string()
    .min(1)
    // Any other URL would otherwise become folders named after it ("mysql:/host/db") and a SQLite file.
    .refine((value) => isPostgresUrl(value) || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value), {
      message: 'must be a SQLite file path, :memory:, or a postgres:// URL',
    })
    .default('./data/billpay.sqlite'),
  BILLPAY_SELECTION_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  BILLPAY_FAST_WEBHOOKS: z.enum(['0', '1', '']).optional(),
  BILLPAY_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  BILLPAY_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
});

export interface Config {
  port: number;
  host: string;
  /** Where the data lives: a SQLite file path, `:memory:`, or a `postgres://` URL (several instances may share it). */
  dbFile: string;
  /** SQLite's synchronous: normal survives a process crash, full also a power cut (an fsync per commit). */
  synchronous: 'normal' | 'full';
  /** Selection window; undefined means "use the fixtures' setting". */
  selectionSeconds: number | undefined;
  /** Webhook retries in seconds instead of minutes (for CI). */
  fastWebhooks: boolean;
  /** Base for checkoutUrl and slip links; undefined means "derive from the request". */
  publicUrl: string | undefined;
  logLevel: (typeof LOG_LEVELS)[number];
  /** Verify look-ups one client may make per window (default 60 a minute); for tests and embedders, not read from the environment. */
  verifyRateLimit?: RateLimitSettings;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads the environment once, at start. Bad values throw ConfigError naming each variable. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  // Parsed once per start: no use compiling zod's fast path (jit) for it.
  const parsed = envSchema.safeParse(present, { jitless: true });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid environment:\n${lines.join('\n')}`);
  }
  const values = parsed.data;
  return {
    port: values.PORT,
    host: values.HOST,
    dbFile: values.BILLPAY_DB,
    synchronous: values.BILLPAY_SYNCHRONOUS,
    selectionSeconds: values.BILLPAY_SELECTION_SECONDS,
    fastWebhooks: values.BILLPAY_FAST_WEBHOOKS === '1',
    publicUrl: values.BILLPAY_PUBLIC_URL,
    logLevel: values.LOG_LEVEL,
  };
}
