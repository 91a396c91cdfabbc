/**
 * The journal as server-sent events: each entry as it is committed, in journal order, as
 * `id: <entry id>`, `event: <type>`, `data: <entry JSON>`. A client that reconnects with
 * `Last-Event-ID` gets what it missed from the journal first, so nothing is lost or repeated.
 * Comment lines keep idle connections (and proxies) alive; `closeAll` ends every stream on shutdown.
 */
import type { Response } from 'express';
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

/** How soon an EventSource should reconnect after the connection drops. */
const RECONNECT_MS = 1000;
/** Entries read per query while catching up. */
const PAGE = 500;

export function formatServerSentEvent(entry: JournalEntry): string {
  return `id: ${entry.id}\nevent: ${entry.type}\ndata: ${JSON.stringify(entry)}\n\n`;
}

export class LiveEvents {
  private readonly heartbeatMs: number;
  /** How to end each open stream. */
  private readonly open = new Set<() => void>();

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
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx and similar proxies buffer responses unless told not to.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write(`retry: ${RECONNECT_MS}\n\n`);

    // Synchronous from here to subscribe: no entry can be written in between and missed.
    let lastId = filter.lastEventId ?? this.journal.lastId(merchantId);
    const sendNew = () => {
      for (;;) {
        const entries = this.journal.list(merchantId, { afterId: lastId, paymentId: filter.paymentId, limit: PAGE });
        for (const entry of entries) {
          res.write(formatServerSentEvent(entry));
          lastId = entry.id;
        }
        if (entries.length < PAGE) return;
      }
    };
    const unsubscribe = this.journal.subscribe(merchantId, sendNew);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.heartbeatMs);
    heartbeat.unref();

    const cleanUp = () => {
      unsubscribe();
      clearInterval(heartbeat);
      this.open.delete(end);
    };
    const end = () => {
      cleanUp();
      res.end();
    };
    this.open.add(end);
    res.once('close', cleanUp);
    if (filter.lastEventId !== undefined) sendNew();
  }

  /** Ends every stream (on shutdown, so the server can close without waiting for clients). */
  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
