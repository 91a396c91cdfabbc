/**
 * SSLCommerz's form bodies: `multipart/form-data` (the official Node client, PHP cURL with an
 * array body) and `application/x-www-form-urlencoded` (most other clients), both read by busboy.
 * The result is flat, like PHP's `$_POST`: a repeated key keeps its last value, files are
 * skipped, and nothing is interpreted here (empty strings stay empty; the routes ignore them).
 */
import busboy from 'busboy';
import type { Request } from 'express';

/** A body the form parser refused; the route answers it in SSLCommerz's shape. */
export class FormError extends Error {
  override readonly name = 'FormError';
}

const LIMITS = { fields: 500, fieldNameSize: 100, fieldSize: 64 * 1024, files: 0, parts: 500 };

function isForm(contentType: string | undefined): boolean {
  return /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.test(contentType ?? '');
}

/** The body's fields; `{}` when the request carries no form (SSLCommerz's queries put them in the URL). */
export function readForm(req: Request): Promise<Record<string, string>> {
  const contentType = req.get('content-type');
  if (!isForm(contentType)) {
    // Drain whatever came, so the connection can be reused.
    req.resume();
    return Promise.resolve({});
  }
  return new Promise((resolve, reject) => {
    const fields: Record<string, string> = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: LIMITS, defParamCharset: 'utf8' });
    } catch (error) {
      // A multipart type without a boundary, say.
      req.resume();
      reject(new FormError(error instanceof Error ? error.message : String(error)));
      return;
    }
    const refuse = (why: string) => {
      req.unpipe(parser);
      req.resume();
      reject(new FormError(why));
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) refuse(`field ${name.slice(0, 100)} is too long`);
      else fields[name] = value;
    });
    parser.on('file', (_name, stream) => stream.resume());
    parser.on('fieldsLimit', () => refuse('too many fields'));
    parser.on('partsLimit', () => refuse('too many parts'));
    parser.on('error', (error: Error) => refuse(error.message));
    parser.on('close', () => resolve(fields));
    req.on('error', (error) => reject(new FormError(error.message)));
    req.pipe(parser);
  });
}

/**
 * The request's parameters: the query string, then the form body over it (SSLCommerz's query
 * APIs take either; the official client sends a POST whose parameters are all in the URL).
 * Only single string values count; `?a=1&a=2` keeps the last, like PHP.
 */
export async function readParameters(req: Request): Promise<Record<string, string>> {
  const query: Record<string, string> = {};
  const search = req.originalUrl.indexOf('?');
  if (search >= 0) {
    for (const [key, value] of new URLSearchParams(req.originalUrl.slice(search + 1))) query[key] = value;
  }
  return { ...query, ...(await readForm(req)) };
}
