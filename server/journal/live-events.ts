/**
 * The journal as server-sent events: each entry as it is committed, in journal order, as
 * `id: <entry id>`, `event: <type>`, `data: <entry JSON>`. A client that reconnects with
 * `Last-Event-ID` gets what it missed from the journal first, so nothing is lost or repeated.
 * Comment lines keep idle connections (and proxies) alive; `closeAll` ends every stream on shutdown.
 */
import type { Response } from 'express';
import { openEventStream } from '../http/event-stream.js';
import type { Journal, JournalEntry } from './journal.js';

export interface LiveEventsOptions {
  /** A comment line this often keeps an idle stream open. Default 15 s. */
  heartbeatMs?: number;
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

/** One open stream: where it is in its merchant's journal, and how to write to it. */
interface OpenStream {
  paymentId: string | undefined;
  lastId: number;
  write(entry: JournalEntry): void;
}

/**
 * The open streams, grouped by merchant. After a commit each merchant's new entries are read
 * ONCE, from the oldest position among its streams, and fanned out from memory: a merchant with
 * 500 streams costs one journal read per commit, not 500.
 */
export class LiveEvents {
  private readonly heartbeatMs: number;
  /** How to end each open stream. */
  private readonly open = new Set<() => void>();
  private readonly byMerchant = new Map<string, { streams: Set<OpenStream>; unsubscribe: () => void }>();

  constructor(
    private readonly journal: Journal,
    options: LiveEventsOptions = {},
  ) {
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  /** Streams open right now. */
  get size(): number {
    return this.open.size;
  }

  /** Answers `res` with the merchant's event stream; it stays open until the client or `closeAll` ends it. */
  stream(res: Response, merchantId: string, filter: StreamFilter): void {
    const stopHeartbeat = openEventStream(res, this.heartbeatMs);

    // Synchronous from here to subscribe: no entry can be written in between and missed.
    const stream: OpenStream = {
      paymentId: filter.paymentId,
      lastId: filter.lastEventId ?? this.journal.lastId(merchantId),
      write: (entry) => res.write(formatServerSentEvent(entry)),
    };
    const removeStream = this.add(merchantId, stream);

    const cleanUp = () => {
      removeStream();
      stopHeartbeat();
      this.open.delete(end);
    };
    const end = () => {
      cleanUp();
      res.end();
    };
    this.open.add(end);
    res.once('close', cleanUp);
    // A resuming client gets what it missed now; the others wait for the next commit.
    if (filter.lastEventId !== undefined) this.sendNew(merchantId, [stream]);
  }

  /** Ends every stream (on shutdown, so the server can close without waiting for clients). */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }

  private add(merchantId: string, stream: OpenStream): () => void {
    let group = this.byMerchant.get(merchantId);
    if (!group) {
      const streams = new Set<OpenStream>();
      group = { streams, unsubscribe: this.journal.subscribe(merchantId, () => this.sendNew(merchantId, streams)) };
      this.byMerchant.set(merchantId, group);
    }
    const { streams } = group;
    streams.add(stream);
    return () => {
      streams.delete(stream);
      if (streams.size === 0 && this.byMerchant.get(merchantId)?.streams === streams) {
        this.byMerchant.get(merchantId)?.unsubscribe();
        this.byMerchant.delete(merchantId);
      }
    };
  }

  /** Reads the entries after the furthest-behind stream's position, page by page, and writes each where it belongs. */
  private sendNew(merchantId: string, streams: Iterable<OpenStream>): void {
    const targets = [...streams];
    if (targets.length === 0) return;
    // One shared read: a filter by payment is applied in memory, per stream.
    let afterId = Math.min(...targets.map((stream) => stream.lastId));
    for (;;) {
      const entries = this.journal.list(merchantId, { afterId, limit: PAGE });
      for (const entry of entries) {
        for (const stream of targets) {
          if (entry.id <= stream.lastId) continue;
          if (stream.paymentId === undefined || entry.paymentId === stream.paymentId) stream.write(entry);
          stream.lastId = entry.id;
        }
        afterId = entry.id;
      }
      if (entries.length < PAGE) return;
    }
  }
}
