import type pg from 'pg';
import { JournalListeners, warnOf } from '../journal-listeners.js';
import { pgDriver } from '../postgres.js';
import type { JournalBus } from '../repositories/journal.js';
import { JOURNAL_CHANNEL } from './journal.js';

/** How long the bus waits before trying its lost LISTEN connection again. */
const RECONNECT_DELAY_MS = 1000;

/**
 * One LISTEN connection per store (instance), opened by the first listener: every instance's
 * commits wake this instance's listeners. If the connection is lost, notifications may have been
 * missed meanwhile: it is opened again and then every listener is woken to re-read.
 */
export class PostgresJournalBus implements JournalBus {
  private readonly listeners: JournalListeners;
  /** The LISTEN connection, once asked for; undefined again when it is lost. */
  private connection: Promise<pg.Client> | undefined;
  private closed = false;

  constructor(
    private readonly config: pg.ClientConfig,
    private readonly onError: (error: unknown) => void = warnOf,
  ) {
    this.listeners = new JournalListeners(onError);
  }

  async listen(merchantId: string, wake: () => void): Promise<() => void> {
    const remove = this.listeners.add(merchantId, wake);
    try {
      await this.connected();
    } catch (error) {
      remove();
      throw error;
    }
    return remove;
  }

  async close(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then(
      (client) => client.end(),
      () => undefined,
    );
  }

  private connected(): Promise<pg.Client> {
    if (this.closed) return Promise.reject(new Error('the journal bus is closed'));
    if (!this.connection) {
      const connection = this.connect();
      this.connection = connection;
      connection.catch(() => {
        if (this.connection === connection) this.connection = undefined;
      });
    }
    return this.connection;
  }

  /** Opens the connection again, retrying while the database cannot be reached, then wakes everyone. */
  private reconnect(): void {
    if (this.closed) return;
    this.connected().then(
      () => this.listeners.wakeAll(),
      (error: unknown) => {
        this.onError(error);
        setTimeout(() => this.reconnect(), RECONNECT_DELAY_MS).unref();
      },
    );
  }

  private async connect(): Promise<pg.Client> {
    const client = new (pgDriver().Client)(this.config);
    client.on('notification', (message) => {
      if (message.channel === JOURNAL_CHANNEL && message.payload) this.listeners.wake(message.payload);
    });
    let lost = false;
    const onLost = (error: unknown) => {
      if (lost || this.closed) return;
      lost = true;
      this.onError(error);
      void client.end().catch(() => undefined);
      this.connection = undefined;
      this.reconnect();
    };
    client.on('error', onLost);
    client.on('end', () => onLost(new Error('the journal bus lost its LISTEN connection')));
    try {
      await client.connect();
      await client.query(`LISTEN ${JOURNAL_CHANNEL}`);
    } catch (error) {
      lost = true;
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  }
}
