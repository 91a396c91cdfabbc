/**
 * scripts/ensure-chromium.sh, which `npm test` (and so .ci/run) runs first: Debian's chromium is
 * installed with apt-get when missing. apt-get and id are fakes on PATH that record their calls; the
 * chromium path is moved into a temporary folder (BILLPAY_CHROMIUM) so that "missing" can be tested.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeCommands, type FakeCommands } from './fake-commands.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(ROOT, 'scripts/ensure-chromium.sh');

let commands: FakeCommands;
let chromium: string;

beforeEach(() => {
  commands = fakeCommands('ensure-chromium-');
  chromium = path.join(commands.work, 'usr-bin', 'chromium');
});

afterEach(() => commands.remove());

/** apt-get whose `install` puts an executable at the chromium path (as Debian's package does). */
function fakeAptGet() {
  commands.fake('apt-get', `case "$1" in install) mkdir -p "${path.dirname(chromium)}"; printf '#!/bin/sh\\n' > "${chromium}"; chmod +x "${chromium}";; esac`);
}

const run = (uid: number) => commands.run(SCRIPT, uid, { BILLPAY_CHROMIUM: chromium });

describe('scripts/ensure-chromium.sh', () => {
  it('does nothing when chromium is there', () => {
    fakeAptGet();
    commands.executable(chromium);
    const result = run(0);
    expect(result.status).toBe(0);
    expect(result.calls).not.toContain('apt-get');
  });

  it("installs Debian's chromium with apt-get (update first) when missing, as root", () => {
    fakeAptGet();
    const result = run(0);
    expect(result.status, result.output).toBe(0);
    expect(result.calls.split('\n').filter((line) => line.startsWith('apt-get'))).toEqual([
      'apt-get update -qq',
      'apt-get install -y -qq chromium',
    ]);
    expect(fs.existsSync(chromium)).toBe(true);
  });

  it('fails when the install did not produce chromium', () => {
    commands.fake('apt-get');
    const result = run(0);
    expect(result.status).toBe(1);
    expect(result.output).toContain('still missing');
  });

  it('says what to run, and installs nothing, when not root', () => {
    fakeAptGet();
    const result = run(1000);
    expect(result.status).toBe(1);
    expect(result.output).toContain('apt-get update && apt-get install -y chromium');
    expect(result.calls).not.toContain('apt-get');
  });

  it('is what `npm test` runs first, and .ci/run installs chromium only through `npm test`', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.test).toMatch(/^sh scripts\/ensure-chromium\.sh && /);
    const ci = fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8');
    expect(ci).not.toContain('apt-get');
    expect(ci.indexOf('npm ci')).toBeGreaterThan(-1);
    expect(ci.indexOf('npm test')).toBeGreaterThan(ci.indexOf('npm ci'));
  });
});
