import type { Request, Response } from 'express';

/** What Express's res.json sends as the type (res.set adds the charset to application/json). */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * A body serialized ahead of time, for answers whose bulk is cached text: `text` must be what
 * JSON.stringify would write for the value. sendJson sends it as is; anything else that
 * serializes it (JSON.stringify, res.json) gets the value back through toJSON.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * Answers `body` as JSON with the same status line, headers and bytes as
 * `res.status(status).set(headers).json(body)`, minus the work res.json repeats on every call
 * (content-type lookup and re-parse for the charset, a Buffer copy of bodies over 1,000
 * characters, the freshness check). The API sets none of the app's `json *` settings, so plain
 * JSON.stringify is what res.json would write.
 *
 * Express still answers what it treats specially: conditional requests (its freshness rules may
 * turn them into a 304), statuses whose body it strips (204, 205, 304), a type or transfer
 * encoding set beforehand, and bodies that are not JSON text (undefined).
 */
export function sendJson(req: Request, res: Response, status: number, body: unknown, headers?: Record<string, string>): void {
  res.status(status);
  if (headers) res.set(headers);
  const text = body instanceof JsonText ? body.text : (JSON.stringify(body) as string | undefined);
  if (text === undefined || hasBodylessStatus(status) || isConditional(req) || hasFramingHeaders(res)) {
    res.json(body);
    return;
  }
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  // A string (not a Buffer) lets Node write the head and the body in one go.
  if (req.method === 'HEAD') res.end();
  else res.end(text);
}

function hasBodylessStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

function hasFramingHeaders(res: Response): boolean {
  return res.hasHeader('content-type') || res.hasHeader('transfer-encoding');
}

function isConditional(req: Request): boolean {
  return req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined;
}
