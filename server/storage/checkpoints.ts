/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside the COMMIT that
 * takes the WAL past 1,000 pages: that request then copies every page into the database file and
 * waits for two fsyncs, which under load was a fifth of the cost of creating a payment. Here a
 * worker thread with its own connection runs a PASSIVE checkpoint (it never blocks the writer)
 * every `intervalMs`, and the server's connection stops checkpointing on its own. The WAL is
 * still reused from its start once a checkpoint has caught up, so it stays bounded.
 *
 * Should the worker fail, the server's connection takes checkpoints back (SQLite's default).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** What one PASSIVE checkpoint did, as `PRAGMA wal_checkpoint` reports it. */
export interface CheckpointResult {
  /** The WAL's frames, and how many of them are now in the database file. */
  walFrames: number;
  checkpointedFrames: number;
}

export interface CheckpointOptions {
  /** Default 500 ms. */
  intervalMs?: number;
  onCheckpoint?: (result: CheckpointResult) => void;
  /** The worker failed; checkpoints are back on the server's connection. */
  onError?: (error: unknown) => void;
}

export interface BackgroundCheckpoints {
  /** Ends the worker (after its current checkpoint) and gives checkpoints back to the connection. */
  stop(): Promise<void>;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000;

/** CommonJS, run with `eval`: the worker needs no file of its own, from the sources or the build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
const timer = setInterval(() => {
  const { log, checkpointed } = checkpoint.get();
  parentPort.postMessage({ walFrames: log, checkpointedFrames: checkpointed });
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/** Starts checkpointing `db`'s WAL in a worker thread; nothing to do for an in-memory database. */
export function checkpointInBackground(db: Database, options: CheckpointOptions = {}): BackgroundCheckpoints {
  if (db.memory) return { stop: () => Promise.resolve() };
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file: db.name,
      betterSqlite3: createRequire(import.meta.url).resolve('better-sqlite3'),
      intervalMs: options.intervalMs ?? 500,
    },
  });
  // The server's lifetime is the database's, not the worker's: it must not keep the process up.
  worker.unref();
  db.pragma('wal_autocheckpoint = 0');
  const takeBack = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES}`);
  };
  worker.on('message', (result: CheckpointResult) => options.onCheckpoint?.(result));
  worker.on('error', (error) => {
    takeBack();
    options.onError?.(error);
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
      takeBack();
    },
  };
}
