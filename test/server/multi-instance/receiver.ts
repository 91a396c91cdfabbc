/**
 * A merchant's webhook endpoint for the multi-instance tests: records every request with its
 * Billpay-Event-Id, Billpay-Delivery-Attempt and event, answers what `respond` decides (a status,
 * or a promise of one to hold the request open until the test lets it go), and notes whether the
 * sender went away before the answer (a killed instance's attempt in flight).
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookRequest {
  eventId: string;
  attempt: number;
  type: string;
  paymentId: string;
  /** The status answered; undefined while held or when the sender went away first. */
  answered: number | undefined;
  /** The connection closed before an answer was sent. */
  aborted: boolean;
}

export interface Receiver {
  /** http://127.0.0.1:<port>/webhooks */
  url: string;
  readonly requests: readonly WebhookRequest[];
  /** Requests not answered yet whose connection is still open. */
  held(): number;
  close(): Promise<void>;
}

export type Respond = (request: WebhookRequest, index: number) => number | Promise<number>;

export async function startReceiver(respond: Respond = () => 200): Promise<Receiver> {
  const requests: WebhookRequest[] = [];
  let open = 0;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { type: string; data: { payment: { id: string } } };
    const request: WebhookRequest = {
      eventId: String(req.headers['billpay-event-id']),
      attempt: Number(req.headers['billpay-delivery-attempt']),
      type: event.type,
      paymentId: event.data.payment.id,
      answered: undefined,
      aborted: false,
    };
    requests.push(request);
    open += 1;
    let finished = false;
    const finish = () => {
      if (!finished) open -= 1;
      finished = true;
    };
    res.once('close', () => {
      if (request.answered === undefined) request.aborted = true;
      finish();
    });
    const status = await respond(request, requests.length - 1);
    if (res.destroyed || request.aborted) return;
    request.answered = status;
    finish();
    res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    requests,
    held: () => open,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
