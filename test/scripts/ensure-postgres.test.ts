/**
 * scripts/ensure-postgres.sh, which `npm test` (and so .ci/run) runs beside ensure-chromium.sh:
 * Debian's postgresql is installed with apt-get when initdb and pg_ctl are missing. apt-get and id
 * are fakes on PATH that record their calls; pg_config is a fake in a temporary folder
 * (BILLPAY_PG_CONFIG) naming a bin folder there, so that "missing" can be tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCommands, type FakeCommands } from './fake-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/ensure-postgres.sh');

let commands: FakeCommands;
let pgConfig: string;
let bindir: string;

beforeEach(() => {
  commands = fakeCommands('ensure-postgres-');
  pgConfig = path.join(commands.work, 'usr-bin', 'pg_config');
  bindir = path.join(commands.work, 'usr-lib-postgresql-15-bin');
});

afterEach(() => commands.remove());

/** pg_config naming `bindir`, as Debian's (postgresql-common) or libpq-dev's alone would. */
const installPgConfig = () => commands.executable(pgConfig, `echo "${bindir}"`);
const installServer = () => ['initdb', 'pg_ctl'].forEach((name) => commands.executable(path.join(bindir, name)));

/** apt-get whose `install` leaves pg_config, initdb and pg_ctl (as Debian's postgresql does). */
function fakeAptGet() {
  const install = [
    `mkdir -p "${path.dirname(pgConfig)}" "${bindir}"`,
    `printf '#!/bin/sh\\necho ${bindir}\\n' > "${pgConfig}"`,
    `printf '#!/bin/sh\\n' > "${bindir}/initdb"`,
    `printf '#!/bin/sh\\n' > "${bindir}/pg_ctl"`,
    `chmod +x "${pgConfig}" "${bindir}/initdb" "${bindir}/pg_ctl"`,
  ].join('; ');
  commands.fake('apt-get', `case "$1" in install) ${install};; esac`);
}

const run = (uid: number, args: string[] = []) => commands.run(SCRIPT, uid, { BILLPAY_PG_CONFIG: pgConfig }, args);
const aptGetCalls = (calls: string) => calls.split('\n').filter((line) => line.startsWith('apt-get'));

describe('scripts/ensure-postgres.sh', () => {
  it('does nothing when initdb and pg_ctl are there, and --print-bindir names their folder', () => {
    fakeAptGet();
    installPgConfig();
    installServer();
    const result = run(0, ['--print-bindir']);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout).toBe(`${bindir}\n`);
    expect(result.calls).not.toContain('apt-get');
    expect(run(0).stdout).toBe('');
  });

  it("installs Debian's postgresql with apt-get (update first) when there is no pg_config, as root", () => {
    fakeAptGet();
    const result = run(0, ['--print-bindir']);
    expect(result.status, result.output).toBe(0);
    expect(aptGetCalls(result.calls)).toEqual(['apt-get update -qq', 'apt-get install -y -qq postgresql']);
    // Only the folder on stdout, which the test helper reads; the news of the install is on stderr.
    expect(result.stdout).toBe(`${bindir}\n`);
  });

  it("installs it when pg_config names no initdb (libpq-dev's pg_config alone)", () => {
    fakeAptGet();
    installPgConfig();
    const result = run(0);
    expect(result.status, result.output).toBe(0);
    expect(aptGetCalls(result.calls)).toEqual(['apt-get update -qq', 'apt-get install -y -qq postgresql']);
    expect(fs.existsSync(path.join(bindir, 'initdb'))).toBe(true);
  });

  it('fails when the install did not produce initdb and pg_ctl', () => {
    commands.fake('apt-get');
    installPgConfig();
    const result = run(0, ['--print-bindir']);
    expect(result.status).toBe(1);
    expect(result.output).toContain('still names no initdb and pg_ctl');
    expect(result.stdout).toBe('');
  });

  it('says what to run, and installs nothing, when not root', () => {
    fakeAptGet();
    const result = run(1000);
    expect(result.status).toBe(1);
    expect(result.output).toContain('apt-get update && apt-get install -y postgresql');
    expect(result.calls).not.toContain('apt-get');
  });

  it('is what `npm test` runs beside ensure-chromium.sh, before building and testing', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^sh scripts\/ensure-chromium\.sh && sh scripts\/ensure-postgres\.sh && /);
  });
});
