import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../../helpers/server.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('docs/integration-testing.md', () => {
  it('shows guide.test.ts verbatim, here and in the README (importing the package by its name)', () => {
    const test = read('test/server/test-api/guide.test.ts');
    const example = test.split('// guide:start\n')[1]?.split('// guide:end')[0];
    expect(example, 'guide markers in guide.test.ts').toBeDefined();
    for (const file of ['docs/integration-testing.md', 'README.md']) {
      const doc = read(file);
      const block = /## A complete example\n[\s\S]*?```ts\n([\s\S]*?)```/.exec(doc)?.[1];
      expect(block, `${file}: a ts code block under "A complete example"`).toBeDefined();
      expect(block, file).toBe(example?.replace("'../../../index.js'", "'billpay-sim'"));
    }
  });

  it('starts the simulator with a database that leaves nothing untracked in the checkout', () => {
    for (const file of ['docs/integration-testing.md', 'README.md']) {
      const command = /^npx billpay-sim .*$/m.exec(read(file))?.[0];
      expect(command, `${file}: an npx billpay-sim command`).toBeDefined();
      const db = /--db ("[^"]*"|\S+)/.exec(command ?? '')?.[1];
      expect(db, `${file}: the command names its --db`).toBeDefined();
      if (db === ':memory:') continue;
      // The path as the shell expands it, from the checkout's root (as a portal's CI would run it).
      const expanded = execFileSync('sh', ['-c', `printf %s ${db}`], { cwd: ROOT, encoding: 'utf8' });
      const resolved = path.resolve(ROOT, expanded);
      if (resolved.startsWith(os.tmpdir() + path.sep)) {
        fs.rmSync(path.dirname(resolved), { recursive: true, force: true });
        continue;
      }
      const relative = path.relative(ROOT, resolved);
      expect(relative.startsWith('..'), `${file}: ${db} is outside both the checkout and the temp dir`).toBe(false);
      const ignored = spawnSync('git', ['check-ignore', '-q', '--no-index', relative], { cwd: ROOT }).status === 0;
      expect(ignored, `${file}: ${db} is neither in the temp dir nor ignored by git`).toBe(true);
    }
  });

  it('documents every test-control route the server declares', async () => {
    const server = await startTestServer();
    const doc = read('docs/integration-testing.md');
    const paths = server.services.routes
      .map((route) => route.path)
      .filter((routePath) => routePath.startsWith('/api/v1/test/'))
      .map((routePath) => routePath.replace(':id', routePath.startsWith('/api/v1/test/merchants/') ? 'test_…' : 'pay_…'));
    await server.close();
    expect(paths.length).toBeGreaterThanOrEqual(9);
    for (const routePath of paths) expect(doc, routePath).toContain(routePath);
  });
});
