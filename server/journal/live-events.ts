/**
 * The journal as server-sent events: each entry as it is committed, in journal order, as
 * `id: <entry id>`, `event: <type>`, `data: <entry JSON>`. A client that reconnects with
 * `Last-Event-ID` gets what it missed from the journal first, so nothing is lost or repeated.
 * Comment lines keep idle connections (and proxies) alive; `closeAll` ends every stream on shutdown.
 * Streams wake on the store's JournalBus (journal.subscribe), so a stream on one instance carries
 * what any instance committed.
 */
import type { Response } from 'express';
import { openEventStream } from '../http/event-stream.js';
import type { Journal, JournalEntry } from './journal.js';

export interface LiveEventsOptions {
  /** A comment line this often keeps an idle stream open. Default 15 s. */
  heartbeatMs?: number;
  /** Where a failed read of open streams is reported (they are then ended: their clients resume with Last-Event-ID). */
  onError?: (error: unknown) => void;
}

export interface StreamFilter {
  paymentId?: string | undefined;
  /** Resume after this journal id (Last-Event-ID); without it the stream starts with the next entry. */
  lastEventId?: number | undefined;
}

/** Entries read per query while catching up. */
const PAGE = 500;

export function formatServerSentEvent(entry: JournalEntry): string {
  return `id: ${entry.id}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry)}\n\n`;
}

/** One open stream: where it is in its merchant's journal (undefined until known), how to write to it and end it. */
interface OpenStream {
  paymentId: string | undefined;
  lastId: number | undefined;
  /** A wake came while `lastId` was not known yet: read once it is. */
  missedWake: boolean;
  write(entry: JournalEntry): void;
  end(): void;
}

/** A merchant's open streams, its one subscription, and its one read at a time. */
interface MerchantStreams {
  streams: Set<OpenStream>;
  /** Resolves once the subscription listens; then `unsubscribe` is set (or it was dropped, the group being gone). */
  listening: Promise<void>;
  unsubscribe: (() => void) | undefined;
  closed: boolean;
  reading: boolean;
  /** A wake came during the read: read once more after it. */
  again: boolean;
}

/**
 * The open streams, grouped by merchant. On a wake each merchant's new entries are read ONCE,
 * from the oldest position among its streams, and fanned out from memory: a merchant with 500
 * streams costs one journal read per wake, not 500. Reads of one merchant never overlap: a wake
 * during a read makes one more read after it.
 */
export class LiveEvents {
  private readonly heartbeatMs: number;
  /** How to end each open stream. */
  private readonly open = new Set<() => void>();
  private readonly byMerchant = new Map<string, MerchantStreams>();

  constructor(
    private readonly journal: Pick<Journal, 'subscribe' | 'list' | 'lastId'>,
    private readonly options: LiveEventsOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  /** Streams open right now. */
  get size(): number {
    return this.open.size;
  }

  /**
   * Answers `res` with the merchant's event stream; it stays open until the client or `closeAll`
   * ends it. The headers go out once the stream listens and knows where it starts, so a client
   * that sees them misses nothing it causes afterwards. Rejects, before answering, when the
   * stream cannot listen or read (the route answers with a problem).
   */
  async stream(res: Response, merchantId: string, filter: StreamFilter): Promise<void> {
    const stream: OpenStream = {
      paymentId: filter.paymentId,
      lastId: filter.lastEventId,
      missedWake: false,
      write: (entry) => res.write(formatServerSentEvent(entry)),
      end: () => {},
    };
    const group = this.groupOf(merchantId);
    group.streams.add(stream);
    let gone = false;
    const removeStream = () => this.remove(merchantId, group, stream);
    const goneEarly = () => {
      gone = true;
      removeStream();
    };
    res.once('close', goneEarly);
    try {
      // Listen first, then read where "now" is: an entry committed in between is after lastId, and wakes the group.
      await group.listening;
      stream.lastId ??= await this.journal.lastId(merchantId);
    } catch (error) {
      res.off('close', goneEarly);
      removeStream();
      throw error;
    }
    res.off('close', goneEarly);
    // The client went away while the stream was getting ready.
    if (gone) return;

    const stopHeartbeat = openEventStream(res, this.heartbeatMs);
    const cleanUp = () => {
      removeStream();
      stopHeartbeat();
      this.open.delete(end);
    };
    const end = () => {
      cleanUp();
      res.end();
    };
    stream.end = end;
    this.open.add(end);
    res.once('close', cleanUp);
    // A resuming client gets what it missed now; a new one what a wake found while its start was not yet known.
    if (filter.lastEventId !== undefined || stream.missedWake) this.catchUp(merchantId, group);
  }

  /** Ends every stream (on shutdown, so the server can close without waiting for clients). */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }

  private groupOf(merchantId: string): MerchantStreams {
    const existing = this.byMerchant.get(merchantId);
    if (existing) return existing;
    const group: MerchantStreams = {
      streams: new Set(),
      listening: Promise.resolve(),
      unsubscribe: undefined,
      closed: false,
      reading: false,
      again: false,
    };
    group.listening = this.journal
      .subscribe(merchantId, () => this.catchUp(merchantId, group))
      .then((unsubscribe) => {
        if (group.closed) unsubscribe();
        else group.unsubscribe = unsubscribe;
      });
    // A failed subscription fails the streams that wait for it (stream() rejects); the next stream subscribes anew.
    group.listening.catch(() => this.close(merchantId, group));
    this.byMerchant.set(merchantId, group);
    return group;
  }

  private remove(merchantId: string, group: MerchantStreams, stream: OpenStream): void {
    group.streams.delete(stream);
    if (group.streams.size === 0) this.close(merchantId, group);
  }

  private close(merchantId: string, group: MerchantStreams): void {
    if (group.closed) return;
    group.closed = true;
    if (this.byMerchant.get(merchantId) === group) this.byMerchant.delete(merchantId);
    group.unsubscribe?.();
  }

  /** Reads what is new for the merchant's streams, one read at a time; a failed read ends them (they resume). */
  private catchUp(merchantId: string, group: MerchantStreams): void {
    if (group.reading) {
      group.again = true;
      return;
    }
    group.reading = true;
    void (async () => {
      try {
        do {
          group.again = false;
          await this.sendNew(merchantId, group.streams);
        } while (group.again && !group.closed);
      } catch (error) {
        this.options.onError?.(error);
        for (const stream of [...group.streams]) stream.end();
      } finally {
        group.reading = false;
      }
    })();
  }

  /** Reads the entries after the furthest-behind stream's position, page by page, and writes each where it belongs. */
  private async sendNew(merchantId: string, streams: Iterable<OpenStream>): Promise<void> {
    const targets: OpenStream[] = [];
    for (const stream of streams) {
      if (stream.lastId === undefined) stream.missedWake = true;
      else targets.push(stream);
    }
    if (targets.length === 0) return;
    // One shared read: a filter by payment is applied in memory, per stream.
    let afterId = Math.min(...targets.map((stream) => stream.lastId as number));
    for (;;) {
      const entries = await this.journal.list(merchantId, { afterId, limit: PAGE });
      for (const entry of entries) {
        for (const stream of targets) {
          if (entry.id <= (stream.lastId as number)) continue;
          if (stream.paymentId === undefined || entry.paymentId === stream.paymentId) stream.write(entry);
          stream.lastId = entry.id;
        }
        afterId = entry.id;
      }
      if (entries.length < PAGE) return;
    }
  }
}
