import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import express from 'express';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_LIMIT_BYTES, jsonBody } from '../../../server/http/body.js';
import { toProblem } from '../../../server/http/error-handler.js';

/**
 * jsonBody reads the usual upload itself; whatever it is sent, the outcome must be the one
 * express.json (with the same options) gives: the same parsed body, or the same problem.
 * Two routes of one app answer each request each way, and the answers are compared.
 */

let server: http.Server;
let port: number;

function outcome(req: express.Request, res: express.Response): void {
  res.json({ body: req.body === undefined ? '(undefined)' : req.body });
}

beforeAll(async () => {
  const app = express();
  app.post('/reference', express.json({ limit: BODY_LIMIT_BYTES, type: ['application/json', 'application/*+json'], strict: true }), outcome);
  app.post('/lean', jsonBody(), outcome);
  app.use(((error, _req, res, _next) => {
    const problem = toProblem(error);
    res.status(problem.status).json({ problem: problem.toBody() });
  }) as express.ErrorRequestHandler);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function post(path: string, body: Buffer, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path, method: 'POST', agent: false, headers: { 'content-length': String(body.length), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function bothWays(body: Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return [await post('/reference', body, headers), await post('/lean', body, headers)];
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** JSON and near-JSON text, as bytes: valid documents, primitives, junk, a BOM, broken UTF-8. */
const bodyBytes = fc.oneof(
  fc.jsonValue().map((value) => Buffer.from(JSON.stringify(value) ?? 'null')),
  fc.object().map((value) => Buffer.from(` \n\t${JSON.stringify(value)}\r\n `)),
  fc.string({ unit: 'binary' }).map((text) => Buffer.from(text)),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
  fc.tuple(fc.jsonValue(), fc.uint8Array({ maxLength: 6 })).map(([value, junk]) =>
    Buffer.concat([BOM, Buffer.from(`{"v":${JSON.stringify(value) ?? 'null'},"s":"`), Buffer.from(junk), Buffer.from('"}')]),
  ),
  fc.constantFrom(BOM, Buffer.concat([BOM, BOM, Buffer.from('{}')]), Buffer.from('   '), Buffer.from('{"a":1')),
);

describe('jsonBody reads like express.json', () => {
  it('gives the same body or the same problem for any bytes sent as application/json', async () => {
    await fc.assert(
      fc.asyncProperty(bodyBytes.filter((bytes) => bytes.length > 0), async (bytes) => {
        const [reference, lean] = await bothWays(bytes);
        expect(lean).toEqual(reference);
      }),
      { numRuns: 150 },
    );
  });

  it('parses a body split over many packets, multi-byte characters cut in two', async () => {
    const value = { name: 'বিল নম্বর ১২৩', list: Array.from({ length: 3000 }, (_, i) => `ক${i}`) };
    const [reference, lean] = await bothWays(Buffer.from(JSON.stringify(value)));
    expect(lean).toEqual(reference);
    expect(JSON.parse(lean?.text ?? '')).toEqual({ body: value });
  });

  it('leaves charsets, other JSON types, compressed, oversized and non-JSON bodies to express.json', async () => {
    const json = Buffer.from('{"a":"b"}');
    const cases: Array<[Buffer, Record<string, string>]> = [
      [json, { 'content-type': 'application/json; charset=utf-8' }],
      [json, { 'content-type': 'application/json; charset=latin1' }],
      [json, { 'content-type': 'application/merge-patch+json' }],
      [gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' }],
      [Buffer.from(JSON.stringify({ pad: 'x'.repeat(BODY_LIMIT_BYTES) })), { 'content-type': 'application/json' }],
    ];
    for (const [body, headers] of cases) {
      const [reference, lean] = await bothWays(body, headers);
      expect(lean, JSON.stringify(headers)).toEqual(reference);
    }
    const form = await post('/lean', Buffer.from('a=b'), { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });
});
