import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStream } from '../../../server/http/event-stream.js';

let server: ReturnType<ReturnType<typeof express>['listen']>;
let baseUrl = '';
let stops = 0;

beforeAll(async () => {
  const app = express();
  // Two heartbeats, then the stream is stopped and ended by the handler itself.
  app.get('/stream', (_req, res) => {
    const stop = openEventStream(res, 5);
    let beats = 0;
    const original = res.write.bind(res);
    res.write = ((chunk: string) => {
      const written = original(chunk);
      if (chunk.startsWith(': heartbeat') && ++beats === 2) {
        stop();
        stops += 1;
        res.end('event: done\ndata: {}\n\n');
      }
      return written;
    }) as typeof res.write;
  });
  await new Promise<void>((resolve) => {
    server = app.listen(0, '127.0.0.1', () => resolve());
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('openEventStream', () => {
  it('answers as an event stream no proxy buffers, tells the client when to reconnect, and keeps it open with comment lines', async () => {
    const response = await fetch(`${baseUrl}/stream`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    const body = await response.text();
    expect(body).toBe('retry: 1000\n\n: heartbeat\n\n: heartbeat\n\nevent: done\ndata: {}\n\n');
    expect(stops).toBe(1);
  });
});
