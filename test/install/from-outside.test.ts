/**
 * Installing billpay-sim from outside this repository, as the README's "Install from outside this
 * repository" says: an `npm pack` tarball, then a git dependency, into one fresh project; each time
 * `npx billpay-sim --help`, the library and widget imports, a payment through its HTTP API, its
 * slip PDF and its pages, served from the installed copy alone.
 *
 * It installs what is committed: HEAD, cloned afresh (uncommitted changes are not in it). Each
 * install compiles better-sqlite3, and the git install also installs the dev dependencies and
 * builds (its `prepare`), so this test takes minutes; both installs share one project, so that the
 * project's better-sqlite3 compiles once.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WZPDCO_KEY, applicationFee } from '../helpers/api.js';
import { newProject, resolvedFrom, run, startSimulator } from './outside-project.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** An install compiles better-sqlite3 (1-2 min on two cores); the git one also builds. */
const INSTALL_TIMEOUT = 20 * 60_000;

let work: string;
/** A fresh clone of HEAD: what a user clones or npm fetches. */
let source: string;
/** The user's project, outside any clone. */
let project: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-install-'));
  source = path.join(work, 'billpay-sim');
  execFileSync('git', ['clone', '--quiet', ROOT, source]);
  project = newProject(path.join(work, 'project'));
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function api(url: string, method: string, route: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${WZPDCO_KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** A page and every stylesheet, script and widget file it links on the same server answer 200. */
async function expectPageWithAssets(pageUrl: string): Promise<void> {
  const page = await fetch(pageUrl);
  expect(page.status, pageUrl).toBe(200);
  const html = await page.text();
  const links = [...html.matchAll(/(?:href|src)="(\/(?:assets|widget)\/[^"?]+)/g)].map((match) => match[1] as string);
  expect(links.length, `${pageUrl} links no asset`).toBeGreaterThan(0);
  for (const link of links) {
    const asset = await fetch(new URL(link, pageUrl));
    expect(asset.status, link).toBe(200);
  }
}

/** What a user does first: the help, then a payment against the simulator, then stop it. */
async function expectInstalledCopyRuns(): Promise<void> {
  const help = await run(project, 'npx', ['billpay-sim', '--help']);
  expect(help).toContain('Usage: billpay-sim [options]');
  expect((await run(project, 'npx', ['billpay-sim', '--version'])).trim()).toBe(VERSION);

  // The library and the widget's entry point resolve from the project, as an importer finds them.
  fs.writeFileSync(
    path.join(project, 'imports.mjs'),
    [
      "import { existsSync } from 'node:fs';",
      "import { fileURLToPath } from 'node:url';",
      "const library = await import('billpay-sim');",
      "const widget = fileURLToPath(import.meta.resolve('billpay-sim/widget'));",
      'console.log(JSON.stringify({ verifyWebhookSignature: typeof library.verifyWebhookSignature, widget: existsSync(widget) }));',
    ].join('\n'),
  );
  expect(JSON.parse(await run(project, 'node', ['imports.mjs']))).toEqual({ verifyWebhookSignature: 'function', widget: true });

  const simulator = await startSimulator(project, ['--port', '0', '--db', path.join(work, 'data', `${Date.now()}.sqlite`)]);
  try {
    const created = await api(simulator.url, 'POST', '/api/v1/payments', applicationFee());
    expect(created.status).toBe(201);
    const completed = await api(simulator.url, 'POST', `/api/v1/test/payments/${created.body.id}/complete`, { outcome: 'success' });
    expect(completed.status).toBe(200);

    const paid = await api(simulator.url, 'GET', `/api/v1/payments/${created.body.id}`);
    expect(paid.body).toMatchObject({ status: 'succeeded', amount: '11.00' });
    expect(paid.body.slip.trackingNumber).toMatch(/^\d{19}\|1\|1$/);

    // The Bangla slip PDF needs pdfkit, fontkit and the Noto Sans Bengali font at run time.
    const pdf = await fetch(`${paid.body.slip.pdfUrl}&lang=bn`);
    expect(pdf.status).toBe(200);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
    // The demo portal, the hosted checkout (with the built widget) and their assets.
    await expectPageWithAssets(`${simulator.url}/`);
    await expectPageWithAssets(created.body.checkoutUrl);
  } finally {
    await simulator.stop();
  }
  await expect(fetch(`${simulator.url}/`)).rejects.toThrow();
}

describe('installing billpay-sim from outside this repository', () => {
  it(
    'an npm pack tarball installs into a fresh project and runs',
    async () => {
      // `npm pack` in the clone runs `prepare` (the build); the clone borrows this repository's
      // dependencies rather than installing its own.
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(source, 'node_modules'));
      await run(source, 'npm', ['pack', '--pack-destination', work]);
      const tarball = path.join(work, `billpay-sim-${VERSION}.tgz`);

      await run(project, 'npm', ['install', tarball]);
      expect(resolvedFrom(project)).toBe(`file:../billpay-sim-${VERSION}.tgz`);
      await expectInstalledCopyRuns();
    },
    INSTALL_TIMEOUT,
  );

  it(
    'a git dependency builds itself (prepare) and runs',
    async () => {
      const gitUrl = `git+file://${source}`;
      const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: source, encoding: 'utf8' }).trim();
      // Nothing of the tarball's copy may stay: the git install must bring its own dist/.
      fs.rmSync(path.join(project, 'node_modules', 'billpay-sim'), { recursive: true, force: true });

      await run(project, 'npm', ['install', gitUrl]);
      expect(resolvedFrom(project)).toBe(`${gitUrl}#${head}`);
      // dist/ is not in git: only the prepare build can have made it.
      expect(fs.existsSync(path.join(project, 'node_modules', 'billpay-sim', 'dist', 'server', 'cli.js'))).toBe(true);
      await expectInstalledCopyRuns();
    },
    INSTALL_TIMEOUT,
  );
});
