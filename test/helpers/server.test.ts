import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './server.js';

describe('startTestServer (SQLite)', () => {
  it('removes a database another server kept, once a server on it closes without keeping it', async () => {
    const first = await startTestServer();
    await first.close({ keepDb: true });
    expect(fs.existsSync(first.dbFile)).toBe(true);
    const second = await startTestServer({ dbFile: first.dbFile });
    await second.close();
    expect(fs.existsSync(path.dirname(first.dbFile))).toBe(false);
  });
});
