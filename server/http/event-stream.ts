import type { Response } from 'express';

/** How soon an EventSource reconnects after the connection drops. */
const RECONNECT_MS = 1000;

/**
 * Answers `res` as a server-sent event stream: headers flushed at once, the reconnect delay sent,
 * then a comment line every `heartbeatMs` that keeps an idle stream (and any proxy) open.
 * Returns what stops the heartbeat, for the stream's clean-up.
 */
export function openEventStream(res: Response, heartbeatMs: number): () => void {
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    // nginx and similar proxies buffer responses unless told not to.
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  res.write(`retry: ${RECONNECT_MS}\n\n`);
  const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
  heartbeat.unref();
  return () => clearInterval(heartbeat);
}
