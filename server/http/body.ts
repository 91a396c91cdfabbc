import { StringDecoder } from 'node:string_decoder';
import express, { type Request, type RequestHandler } from 'express';
import { UnsupportedMediaType } from './problems.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(headers: express.Request['headers']): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Requests that carry a body must send JSON (415 otherwise); an empty POST is fine (confirm,
 * cancel). Parses with a size limit; parse and size failures surface as problems via the error
 * handler.
 *
 * The usual upload (plain `application/json`, a length within the limit, no content encoding)
 * is read by readPlainJson, which does what express.json does for it in a fraction of the time;
 * anything else (charsets, compressed or chunked bodies, other JSON types) goes through
 * express.json itself.
 */
export function jsonBody(): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (hasBody(req.headers) && !req.is(JSON_TYPES)) {
      next(new UnsupportedMediaType(req.headers['content-type']));
      return;
    }
    next();
  };
  const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES, strict: true });
  const readJson: RequestHandler = (req, res, next) => {
    if (!hasBody(req.headers)) {
      // What express.json does for a request without a body (a GET, an empty POST).
      if (!('body' in req)) (req as { body?: unknown }).body = undefined;
      next();
      return;
    }
    if (isPlainJsonUpload(req)) {
      readPlainJson(req, next);
      return;
    }
    requireJson(req, res, (error?: unknown) => (error ? next(error) : parseJson(req, res, next)));
  };
  return [readJson];
}

/** A body express.json would read as UTF-8 as it arrives, within the limit. */
function isPlainJsonUpload(req: Request): boolean {
  const { headers } = req;
  if (headers['content-type'] !== 'application/json') return false;
  if (headers['content-encoding'] !== undefined || headers['transfer-encoding'] !== undefined) return false;
  const length = Number(headers['content-length']);
  // Still to be read from an open socket: otherwise express.json decides (it skips a finished request).
  return Number.isInteger(length) && length > 0 && length <= BODY_LIMIT_BYTES && req.readable && req.socket?.readable === true;
}

/** An error shaped like http-errors' (what body-parser raises), which the error handler maps by `type`. */
function bodyError(message: string, type: string, details: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status: 400, statusCode: 400, expose: true, type, ...details });
}

const BYTE_ORDER_MARK = '\uFEFF';
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/**
 * Reads and parses the body the way express.json does (raw-body decoding with iconv-lite's
 * UTF-8 decoder, which is a StringDecoder that drops one leading byte order mark; strict mode:
 * an object or an array; nothing left after the mark is `{}`), failing with the same error
 * `type`s, so the error handler answers exactly as before.
 */
function readPlainJson(req: Request, next: (error?: unknown) => void): void {
  const expected = Number(req.headers['content-length']);
  const decoder = new StringDecoder('utf8');
  let text = '';
  let received = 0;
  let settled = false;

  const settle = (error?: unknown) => {
    if (settled) return;
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('aborted', onAborted);
    req.off('error', onError);
    next(error);
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    text += decoder.write(chunk);
  };
  const onEnd = () => {
    if (received !== expected) {
      settle(bodyError('request size did not match content length', 'request.size.invalid', { expected, received }));
      return;
    }
    text += decoder.end();
    if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    try {
      req.body = parseStrictJson(text);
    } catch (error) {
      settle(bodyError((error as Error).message, 'entity.parse.failed'));
      return;
    }
    settle();
  };
  const onAborted = () => settle(bodyError('request aborted', 'request.aborted', { code: 'ECONNABORTED', expected, received }));
  // http-errors gives a plain stream error no type: the error handler then answers its message.
  const onError = (error: Error) => settle(Object.assign(error, { status: 400, statusCode: 400, expose: true }));

  req.on('data', onData);
  req.on('end', onEnd);
  req.on('aborted', onAborted);
  req.on('error', onError);
}

/** JSON.parse, refusing anything but an object or an array at the top (body-parser's strict mode). */
function parseStrictJson(text: string): unknown {
  if (text.length === 0) return {};
  const first = FIRST_NON_WHITESPACE.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw new SyntaxError(`Unexpected token ${first ?? ''} in JSON: only an object or an array may be sent`);
  return JSON.parse(text);
}
