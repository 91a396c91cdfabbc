/**
 * Which b-trees each checkout step's commits write, in WAL pages: runs the flow of bench/flow.ts
 * against the built server on a fresh SQLite file, copies the database and its WAL right after
 * each step, and attributes every frame of that WAL (the step's commits since the last
 * checkpoint restarted it) to the table or index owning its page (SQLite's dbstat). A commit
 * costs two writes per page on the request path and a copy in the checkpoint, so pages a commit
 * is what a schema change saves.
 *
 *   node --import tsx bench/wal-pages.ts [payments, default 3000]
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startTarget, stopTarget } from './cases.js';
import { FLOW_STEPS, runCheckoutFlow } from './flow.js';

const WAL_HEADER_BYTES = 32;
const FRAME_HEADER_BYTES = 24;
const payments = Number(process.argv[2] ?? 3000);

/** The WAL's frames: each frame's page number, and how many frames end a commit. */
function framesOf(wal: Buffer): { pages: number[]; commits: number } {
  const pageSize = wal.readUInt32BE(8);
  const pages: number[] = [];
  let commits = 0;
  for (let at = WAL_HEADER_BYTES; at + FRAME_HEADER_BYTES + pageSize <= wal.length; at += FRAME_HEADER_BYTES + pageSize) {
    pages.push(wal.readUInt32BE(at));
    // A commit frame carries the database's size in pages after the commit; other frames 0.
    if (wal.readUInt32BE(at + 4) !== 0) commits += 1;
  }
  return { pages, commits };
}

/** Page number -> the table or index it belongs to, as of the copy (its WAL read too). */
function ownersOf(file: string): Map<number, string> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT name, pageno FROM dbstat').all() as Array<{ name: string; pageno: number }>;
    return new Map(rows.map((row) => [row.pageno, row.name]));
  } finally {
    db.close();
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'billpay-wal-pages-'));
try {
  const target = await startTarget('billpay');
  try {
    const servers = { targets: [target] as const };
    await runCheckoutFlow(servers, Math.min(1000, payments), 0);
    await runCheckoutFlow(servers, payments, 1, 'authorize', async (step, run) => {
      const measured = await run();
      // Nothing is sent between the steps, so the two copies agree (unless a background checkpoint
      // runs between them: then a few pages may be attributed as of the newer copy).
      copyFileSync(`${target.dbFile}-wal`, path.join(dir, `${step}.db-wal`));
      copyFileSync(target.dbFile as string, path.join(dir, `${step}.db`));
      return measured;
    });
  } finally {
    await stopTarget(target);
  }
  for (const step of FLOW_STEPS) {
    const { pages, commits } = framesOf(readFileSync(path.join(dir, `${step}.db-wal`)));
    const owners = ownersOf(path.join(dir, `${step}.db`));
    const byOwner = new Map<string, number>();
    for (const page of pages) {
      const owner = owners.get(page) ?? '(free or new)';
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
    }
    console.log(`\n${step}: ${commits} commits in the WAL, ${(pages.length / Math.max(1, commits)).toFixed(1)} pages a commit`);
    for (const [owner, count] of [...byOwner].sort((a, b) => b[1] - a[1])) {
      console.log(`${(count / Math.max(1, commits)).toFixed(2).padStart(8)}  ${owner}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
