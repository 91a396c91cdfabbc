import fs from 'node:fs';
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
