/**
 * SSLCommerz's form bodies: `multipart/form-data` (the official Node client, PHP cURL with an
 * array body) and `application/x-www-form-urlencoded` (most other clients), both read by the
 * platform's own WHATWG form parser (`Response.formData()`, undici inside Node): measured on the
 * official client's 34-field multipart body it costs about half of busboy's time, and it is the
 * parser fetch itself uses. The result is flat, like PHP's `$_POST`: a repeated key keeps its
 * last value, files are skipped, and nothing is interpreted here (empty strings stay empty; the
 * routes ignore them).
 */
import type { Request } from 'express';

/** A body the form parser refused; the route answers it in SSLCommerz's shape. */
export class FormError extends Error {
  override readonly name = 'FormError';
}

/** A form larger than any the gateway takes (the cart JSON included). */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_FIELDS = 500;

function isForm(contentType: string | undefined): boolean {
  return /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.test(contentType ?? '');
}

/** The whole body, or FormError past MAX_BODY_BYTES (the rest is drained, so the connection can be reused). */
async function readBody(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      throw new FormError(`the form is larger than ${MAX_BODY_BYTES / 1024} kB`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The body's fields; `{}` when the request carries no form (SSLCommerz's queries put them in the URL). */
export async function readForm(req: Request): Promise<Record<string, string>> {
  const contentType = req.get('content-type');
  if (!isForm(contentType)) {
    // Drain whatever came, so the connection can be reused.
    req.resume();
    return {};
  }
  let form: FormData;
  try {
    const body = await readBody(req);
    // A Buffer is the Uint8Array that BodyInit takes; Node's DOM typings only lack the overload.
    form = await new Response(body as unknown as BodyInit, { headers: { 'content-type': contentType as string } }).formData();
  } catch (error) {
    if (error instanceof FormError) throw error;
    // A multipart body without its boundary, or cut short, say.
    throw new FormError(error instanceof Error ? error.message : String(error));
  }
  const fields: Record<string, string> = {};
  let count = 0;
  for (const [name, value] of form) {
    count += 1;
    if (count > MAX_FIELDS) throw new FormError('too many fields');
    if (typeof value === 'string') fields[name] = value;
  }
  return fields;
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
