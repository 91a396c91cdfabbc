/**
 * `billpay-sim [options]`: the command line, parsed strictly (an unknown flag is an error with
 * the usage) and mapped onto the same Config the environment gives `npm start`: a flag sets the
 * variable of the same meaning, so every value is validated by the one config schema.
 */
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, type Config } from './config.js';

export const USAGE = `Usage: billpay-sim [options]

Starts the billpay-sim payment-gateway simulator: the same server as \`npm start\`.
Prints "billpay-sim listening on http://HOST:PORT" once it is ready.

Options:
  --port N          port to listen on; 0 picks a free one   (env PORT, default 4010)
  --host H          address to listen on                    (env HOST, default 127.0.0.1)
  --db FILE|URL     SQLite database file, :memory:, or a postgres:// URL shared
                    by several instances   (env BILLPAY_DB, default ./data/billpay.sqlite)
  --fixtures DIR    a folder of fixtures files (merchants.json, settings.json, …) that extend or
                    override the built-in ones; checked before anything starts
  --fast-webhooks   retry webhooks within seconds, not over a day (env BILLPAY_FAST_WEBHOOKS=1)
  -h, --help        print this help
  -v, --version     print the version

Other settings come from the environment: LOG_LEVEL, BILLPAY_SELECTION_SECONDS, BILLPAY_PUBLIC_URL.`;

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; config: Config; fixturesOverrides: string | undefined };

/** A command line that cannot be run: print the message and the usage, exit 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Flag -> the environment variable it sets. */
const FLAG_VARIABLES = { port: 'PORT', host: 'HOST', db: 'BILLPAY_DB' } as const;

export function parseCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        db: { type: 'string' },
        fixtures: { type: 'string' },
        'fast-webhooks': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const fromFlags: NodeJS.ProcessEnv = {};
  for (const [flag, variable] of Object.entries(FLAG_VARIABLES)) {
    const value = values[flag as keyof typeof FLAG_VARIABLES];
    if (value === undefined) continue;
    if (value.trim() === '') throw new CliUsageError(`--${flag} needs a value`);
    fromFlags[variable] = value;
  }
  if (values['fast-webhooks']) fromFlags.BILLPAY_FAST_WEBHOOKS = '1';
  if (values.fixtures !== undefined && values.fixtures.trim() === '') throw new CliUsageError('--fixtures needs a folder');

  try {
    return { kind: 'run', config: parseConfig({ ...env, ...fromFlags }), fixturesOverrides: values.fixtures };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A bad flag value is a usage error naming the flag the user typed, not the variable it set;
    // a bad environment stays a ConfigError, as with `npm start`.
    let message = error.message;
    let flagged = false;
    for (const [flag, variable] of Object.entries(FLAG_VARIABLES)) {
      if (fromFlags[variable] === undefined || !message.includes(`  ${variable}:`)) continue;
      message = message.replaceAll(`  ${variable}:`, `  --${flag}:`);
      flagged = true;
    }
    if (!flagged) throw error;
    throw new CliUsageError(message.replace('invalid environment', 'invalid options'));
  }
}
