import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointInBackground, type CheckpointResult } from '../../../server/storage/checkpoints.js';
import { openDatabase, type Database } from '../../../server/storage/database.js';
import { sqliteMigrations } from '../../../server/schema.js';
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
  for (let i = 0; i < 500; i += 1) db.transaction(() => db.prepare('INSERT INTO t VALUES (?, ?)').run(i, 'x'.repeat(500))).immediate();
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
  it('takes checkpoints off the connection: a worker copies the WAL into the database', async () => {
    const results: CheckpointResult[] = [];
    const checkpoints = checkpointInBackground(db, { intervalMs: 10, onCheckpoint: (result) => results.push(result) });
    try {
      expect(autocheckpointPages()).toBe(0);
      writeMany();
      const caught = await caughtUp(results, 1);
      expect(caught.checkpointedFrames).toBe(caught.walFrames);
    } finally {
      await checkpoints.stop();
    }
    expect(autocheckpointPages()).toBe(1000);
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(500);
  });

  it('keeps the WAL bounded under writes that never pause, and empties it once they stop', async () => {
    const results: CheckpointResult[] = [];
    const restartBytes = 1024 * 1024;
    const checkpoints = checkpointInBackground(db, { intervalMs: 5, restartBytes, onCheckpoint: (result) => results.push(result) });
    try {
      // About 50 MB of WAL frames, written as a busy server writes: bursts of commits with short
      // pauses. Writes land during every PASSIVE checkpoint, so it never catches up, and without
      // RESTART the WAL would hold all of it.
      const insert = db.prepare('INSERT INTO t VALUES (?, ?)');
      let largest = 0;
      for (let burst = 0; burst < 1000; burst += 1) {
        for (let i = 0; i < 10; i += 1) db.transaction(() => insert.run(burst * 10 + i, 'x'.repeat(4000))).immediate();
        largest = Math.max(largest, walBytes());
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      expect(largest).toBeGreaterThan(restartBytes);
      expect(largest).toBeLessThan(32 * 1024 * 1024);
      expect(results.some((result) => result.mode === 'RESTART')).toBe(true);
      // Idle: a TRUNCATE checkpoint empties the file.
      await new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (walBytes() === 0) {
            clearInterval(poll);
            resolve();
          }
        }, 5);
      });
      expect(results.at(-1)?.checkpointedFrames).toBe(results.at(-1)?.walFrames);
    } finally {
      await checkpoints.stop();
    }
    expect(db.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(10_000);
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
    const memory = openDatabase(':memory:', sqliteMigrations);
    const checkpoints = checkpointInBackground(memory);
    await checkpoints.stop();
    memory.close();
  });
});
