import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A path for a fresh SQLite file in its own temp folder, and a way to remove the folder. */
export function tempDbFile(prefix = 'billpay-test-'): { file: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { file: path.join(dir, 'billpay.sqlite'), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
