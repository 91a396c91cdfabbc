import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config.js';
import { startServer, type RunningServer } from '../../../server/start.js';
import { tempDbFile } from '../../helpers/temp-db.js';

const temp = tempDbFile();
let running: RunningServer;
beforeAll(async () => {
  running = await startServer(parseConfig({ PORT: '0', BILLPAY_DB: temp.file, LOG_LEVEL: 'silent' }));
});
afterAll(async () => {
  await running.stop();
  temp.remove();
});

/** Sends raw bytes and reads the whole answer (the server closes the connection after it). */
function rawRequest(bytes: string): Promise<string> {
  const { port } = new URL(running.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

function parse(answer: string) {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  return { statusLine: head.split('\r\n')[0], head, body: JSON.parse(body) as { status: number; type: string; detail: string } };
}

describe('requests the HTTP parser refuses', () => {
  it('headers over the limit get a 431 problem+json', async () => {
    const answer = parse(await rawRequest(`GET /api/v1/test-instruments HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(answer.statusLine).toBe('HTTP/1.1 431 Request header fields too large');
    expect(answer.head).toContain('Content-Type: application/problem+json');
    expect(answer.body).toMatchObject({ status: 431, type: 'https://billpay-sim.dev/problems/headers-too-large' });
  });

  it('a malformed request line gets a 400 problem+json naming the parse error', async () => {
    const answer = parse(await rawRequest('GET /\u0001 NOT-HTTP\r\n\r\n'));
    expect(answer.statusLine).toBe('HTTP/1.1 400 Malformed request');
    expect(answer.body.status).toBe(400);
    expect(answer.body.detail).toMatch(/HPE_/);
  });

  it('the server goes on answering afterwards', async () => {
    expect((await fetch(`${running.url}/api/v1/test-instruments`)).status).toBe(200);
  });
});
