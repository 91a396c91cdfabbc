/**
 * WAL checkpoints off the request path. By default SQLite checkpoints inside the COMMIT that
 * takes the WAL past 1,000 pages: that request then copies every page into the database file and
 * waits for two fsyncs, which under load was a fifth of the cost of creating a payment. Here a
 * worker thread with its own connection runs a PASSIVE checkpoint (it never blocks the writer)
 * every `intervalMs`, and the server's connection stops checkpointing on its own.
 *
 * The WAL starts over only when a checkpoint has caught up with it, and under steady writes a
 * PASSIVE one never does (frames keep arriving while it copies): the WAL grew to hundreds of MB.
 * So once the WAL passes `restartBytes`, the worker tries a RESTART checkpoint between two of the
 * writer's transactions (waiting at most 20 ms for one, else it tries at the next tick); it
 * holds the next write back only while it copies the few frames the PASSIVE pass just left, and
 * that write starts the WAL over, truncated to `journal_size_limit` (set by openDatabase). When
 * the WAL has not moved for a tick (the server idles), a TRUNCATE checkpoint empties the file.
 *
 * Should the worker fail, the server's connection takes checkpoints back (SQLite's default).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';

/** What one tick's checkpoint did, as `PRAGMA wal_checkpoint` reports it. */
export interface CheckpointResult {
  mode: 'PASSIVE' | 'RESTART' | 'TRUNCATE';
  /** The WAL's frames, and how many of them are now in the database file. */
  walFrames: number;
  checkpointedFrames: number;
}

export interface CheckpointOptions {
  /** Default 500 ms. */
  intervalMs?: number;
  /** A WAL past this many bytes is started over (RESTART checkpoint). Default 16 MiB. */
  restartBytes?: number;
  onCheckpoint?: (result: CheckpointResult) => void;
  /** The worker failed; checkpoints are back on the server's connection. */
  onError?: (error: unknown) => void;
}

export interface BackgroundCheckpoints {
  /** Ends the worker (after its current checkpoint) and gives checkpoints back to the connection. */
  stop(): Promise<void>;
}

const SQLITE_DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
export const DEFAULT_WAL_RESTART_BYTES = 16 * 1024 * 1024;

/** CommonJS, run with `eval`: the worker needs no file of its own, from the sources or the build. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.betterSqlite3);
const db = new Database(workerData.file, { fileMustExist: true });
// RESTART and TRUNCATE wait at most 20 ms for a gap between the writer's transactions, else try
// again at the next tick. While one runs, it holds the next write back only for the frames left.
db.pragma('busy_timeout = 20');
const pageBytes = db.pragma('page_size', { simple: true });
const checkpoints = {
  PASSIVE: db.prepare('PRAGMA wal_checkpoint(PASSIVE)'),
  RESTART: db.prepare('PRAGMA wal_checkpoint(RESTART)'),
  TRUNCATE: db.prepare('PRAGMA wal_checkpoint(TRUNCATE)'),
};
let previousFrames = -1;
// Whether the WAL file has been emptied since the last write (a RESTART leaves its bytes in place).
let emptied = false;
const run = (mode) => {
  const { busy, log, checkpointed } = checkpoints[mode].get();
  parentPort.postMessage({ mode, walFrames: log, checkpointedFrames: checkpointed });
  return { done: busy === 0, log, checkpointed };
};
const timer = setInterval(() => {
  const { log, checkpointed } = run('PASSIVE');
  if (log !== previousFrames) emptied = false;
  const idle = log === previousFrames && log === checkpointed;
  if (idle && !emptied) emptied = run('TRUNCATE').done;
  else if (!idle && log * pageBytes > workerData.restartBytes) run('RESTART');
  previousFrames = log;
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
      restartBytes: options.restartBytes ?? DEFAULT_WAL_RESTART_BYTES,
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
      // Waiting for it to end must keep the process up, or a stop at start-up (a port in use) would never finish.
      worker.ref();
      worker.postMessage('stop');
      await exited;
      takeBack();
    },
  };
}
