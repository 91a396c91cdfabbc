import express, { type RequestHandler } from 'express';
import { UnsupportedMediaType } from './problems.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Whether a request carries a body (a length above 0, or chunks). */
export function hasBody(headers: express.Request['headers']): boolean {
  if (headers['transfer-encoding'] !== undefined) return true;
  const length = headers['content-length'];
  return length !== undefined && length !== '0';
}

/**
 * Requests that carry a body must send JSON (415 otherwise); an empty POST is fine (confirm,
 * cancel). Parses with a size limit; parse and size failures surface as problems via the error
 * handler.
 */
export function jsonBody(): RequestHandler {
  const parseJson = express.json({ limit: BODY_LIMIT_BYTES, type: JSON_TYPES, strict: true });
  return (req, res, next) => {
    // A GET or an empty POST (confirm, cancel): nothing to read, which express.json would find out more slowly.
    if (!hasBody(req.headers)) {
      next();
      return;
    }
    // express.json skips a body of another type silently: refuse it here instead.
    if (!req.is(JSON_TYPES)) {
      next(new UnsupportedMediaType(req.headers['content-type']));
      return;
    }
    parseJson(req, res, next);
  };
}
