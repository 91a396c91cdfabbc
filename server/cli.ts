#!/usr/bin/env node
/**
 * `npx billpay-sim`: the command line (cli-args.ts) onto the same start as `npm start`
 * (start.ts), with the same readiness line. Exit codes: 0 after a clean stop (or --help,
 * --version), 1 when it cannot start (bad environment, bad fixtures, port taken), 2 for a bad
 * command line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliUsageError, parseCommandLine, USAGE, type CliCommand } from './cli-args.js';
import { ConfigError } from './config.js';
import { defaultFixturesDir } from './fixtures/load.js';
import { runServer } from './start.js';

function packageVersion(): string {
  const packageJson = join(defaultFixturesDir(), '..', 'package.json');
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

function readCommand(): CliCommand {
  try {
    return parseCommandLine(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`billpay-sim: ${error.message}`);
      process.exit(1);
    }
    if (!(error instanceof CliUsageError)) throw error;
    console.error(`billpay-sim: ${error.message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const command = readCommand();
switch (command.kind) {
  case 'help':
    console.log(USAGE);
    break;
  case 'version':
    console.log(packageVersion());
    break;
  case 'run':
    await runServer(command.config, { fixturesOverrides: command.fixturesOverrides });
    break;
}
