/**
 * A real HTTP server on 127.0.0.1:<random port> that plays a merchant's webhook endpoint: it
 * records every request (raw body and headers, before replying) and answers per a script, e.g.
 * [500, 500, 200], "never 2xx" ({ otherwise: 500 }) or 'hang' (never answers).
 */
import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Arrivals } from './arrivals.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The body exactly as received (UTF-8). */
  rawBody: string;
  receivedAt: Date;
}

/** A status code, a status with a body and/or delay, or 'hang' to keep the request open until close(). */
export type ReceiverReply = number | 'hang' | { status: number; body?: string; delayMs?: number };

export interface WebhookReceiverOptions {
  /** Replies in order, one per request; a function picks per request (index counts from 0). */
  respond?: ReceiverReply[] | ((request: ReceivedRequest, index: number) => ReceiverReply);
  /** The reply once a `respond` list runs out. Default 200. */
  otherwise?: ReceiverReply;
}

export interface WebhookReceiver {
  /** http://127.0.0.1:<port>/webhooks */
  url: string;
  readonly requests: readonly ReceivedRequest[];
  /** Resolves with the requests once at least `count` arrived; rejects after `timeoutMs`. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const requests = new Arrivals<ReceivedRequest>();

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: ReceivedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      rawBody: Buffer.concat(chunks).toString('utf8'),
      receivedAt: new Date(),
    };
    requests.push(request);
    const index = requests.items.length - 1;

    const reply = pickReply(options, request, index);
    if (reply === 'hang') return;
    const { status, body = '', delayMs = 0 } = typeof reply === 'number' ? { status: reply } : reply;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (!res.destroyed) res.writeHead(status, { 'Content-Type': 'text/plain' }).end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    requests: requests.items,
    waitForRequests(count, timeoutMs = 10_000) {
      return requests.waitFor(count, timeoutMs, 'webhook requests');
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}

function pickReply(options: WebhookReceiverOptions, request: ReceivedRequest, index: number): ReceiverReply {
  const { respond, otherwise = 200 } = options;
  if (typeof respond === 'function') return respond(request, index);
  return respond?.[index] ?? otherwise;
}
