import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground, type CheckpointResult } from '../../../server/storage/checkpoints.js';
import { openDatabase, writeTransaction, type Database } from '../../../server/storage/database.js';
import { freshDatabaseEachTest } from '../../helpers/temp-db.js';

let file: string;
let db: Database;
freshDatabaseEachTest((opened) => {
  ({ db, file } = opened);
  db.exec('CREATE TABLE t (x INTEGER, pad TEXT)');
});

const autocheckpointPages = () => db.pragma('wal_autocheckpoint', { simple: true }) as number;
const walBytes = () => fs.statSync(`${file}-wal`).size;

/** 500 commits of one row each: many WAL frames, none of them checkpointed by the connection itself. */
function writeMany(): void {
  for (let i = 0; i < 500; i += 1) writeTransaction(db, () => db.prepare('INSERT INTO t VALUES (?, ?)').run(i, 'x'.repeat(500)));
}

/** Resolves with the first checkpoint that has caught up with a WAL of at least `minFrames`. */
function caughtUp(results: CheckpointResult[], minFrames: number): Promise<CheckpointResult> {
  return new Promise((resolve) => {
    const poll = setInterval(() => {
      const done = results.find((r) => r.walFrames >= minFrames && r.checkpointedFrames === r.walFrames);
      if (done) {
        clearInterval(poll);
        resolve(done);
      }
    }, 5);
  });
}

describe('checkpointInBackground', () => {
  it('takes checkpoints off the connection and keeps the WAL bounded by reusing it', async () => {
    const results: CheckpointResult[] = [];
    const checkpoints = checkpointInBackground(db, { intervalMs: 10, onCheckpoint: (result) => results.push(result) });
    try {
      expect(autocheckpointPages()).toBe(0);
      writeMany();
      const first = await caughtUp(results, 400);
      const sizeAfterFirst = walBytes();
      results.length = 0;
      // Once caught up, the next writes start the WAL over instead of appending to it.
      writeMany();
      const second = await caughtUp(results, 400);
      expect(second.walFrames).toBeLessThanOrEqual(first.walFrames + 10);
      expect(walBytes()).toBeLessThanOrEqual(sizeAfterFirst * 1.1);
    } finally {
      await checkpoints.stop();
    }
    expect(autocheckpointPages()).toBe(1000);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(1000);
  });

  it('gives checkpoints back to the connection when the worker fails', async () => {
    // The worker opens the file by name; with the name gone it cannot.
    fs.renameSync(file, `${file}.moved`);
    const errors: unknown[] = [];
    const checkpoints = checkpointInBackground(db, { intervalMs: 10, onError: (error) => errors.push(error) });
    expect(autocheckpointPages()).toBe(0);
    await checkpoints.stop();
    expect(errors).toHaveLength(1);
    expect(autocheckpointPages()).toBe(1000);
    fs.renameSync(`${file}.moved`, file);
  });

  it('does nothing for an in-memory database', async () => {
    const memory = openDatabase(':memory:');
    const checkpoints = checkpointInBackground(memory);
    await checkpoints.stop();
    memory.close();
  });
});
