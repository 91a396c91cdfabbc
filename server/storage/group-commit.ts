import type { Database } from 'better-sqlite3';
import { statement } from './statements.js';

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: writes asked for during one turn of the event loop run together at the end of
 * that turn, in one transaction, each in a savepoint of its own; their promises settle once the
 * COMMIT is done. Under load one commit (and one write of the pages they share) then serves
 * every request of the turn instead of each paying its own.
 *
 * The transaction opens and commits inside one synchronous call, so nothing else ever runs in
 * it: a read elsewhere never sees a queued write before it has committed, and a caller is
 * answered only after its write is durable. A job that throws is rolled back alone and its
 * promise rejects at once; if the COMMIT fails, every job of the group rejects with that error.
 * Jobs may call writeTransaction (it nests as a savepoint).
 */
export class GroupCommit {
  private queue: Job[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(private readonly db: Database) {}

  /** Runs `work` in the next group; resolves with its result once committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  /** Runs the queued jobs now, as one group (also before the database closes). */
  flush(): void {
    // A job that flushes (a journal written from inside one) leaves the rest to the next group.
    if (this.flushing) return;
    this.scheduled = false;
    const jobs = this.queue;
    if (jobs.length === 0) return;
    this.queue = [];
    this.flushing = true;
    try {
      this.commitGroup(jobs);
    } finally {
      this.flushing = false;
    }
  }

  private commitGroup(jobs: Job[]): void {
    const { db } = this;
    const committed: Array<{ job: Job; result: unknown }> = [];
    try {
      statement(db, 'BEGIN IMMEDIATE').run();
      for (const job of jobs) {
        statement(db, 'SAVEPOINT group_commit_job').run();
        try {
          committed.push({ job, result: job.work() });
          statement(db, 'RELEASE group_commit_job').run();
        } catch (error) {
          // SQLite may have ended the whole transaction (SQLITE_FULL, I/O error): then the group fails.
          if (!db.inTransaction) throw error;
          statement(db, 'ROLLBACK TO group_commit_job').run();
          statement(db, 'RELEASE group_commit_job').run();
          job.reject(error);
        }
      }
      statement(db, 'COMMIT').run();
    } catch (error) {
      if (db.inTransaction) statement(db, 'ROLLBACK').run();
      // A job already rejected on its own stays so: a promise ignores a second reject.
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const { job, result } of committed) job.resolve(result);
  }
}
