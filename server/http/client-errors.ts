/**
 * Requests Node's HTTP parser refuses before Express ever sees them (headers past the size limit,
 * a malformed request line or header): Node would answer an empty 431 or 400. Here they get the
 * same problem+json as every other error, so a client's error handling has one shape to read.
 */
import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiProblem } from './problems.js';

/** What the parser's error code says was wrong. */
function problemFor(code: string | undefined): ApiProblem {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return new ApiProblem(431, 'headers-too-large', 'Request header fields too large', 'the request headers exceed the server limit (16 kB by default)');
  }
  return new ApiProblem(400, 'malformed-request', 'Malformed request', `the request could not be parsed as HTTP (${code ?? 'parse error'})`);
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A connection the client reset (or one already answered) has nobody to answer.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const problem = problemFor(error.code);
    const body = JSON.stringify(problem.toBody());
    socket.end(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}
