/**
 * SSLCommerz's form bodies: `multipart/form-data` (the official Node client, PHP cURL with an
 * array body) and `application/x-www-form-urlencoded` (PHP's http_build_query, most other
 * clients). The body is read by raw-body (Express's own reader, with its size limit); a
 * urlencoded form is then parsed by the platform's URLSearchParams and a multipart one by its
 * WHATWG form parser (`Response.formData()`, undici inside Node), the parser fetch itself uses:
 * on the official client's 34-field body no mature parser measured was markedly faster, and
 * busboy took about 1.6 times as long (README, Design).
 * The result is flat, like PHP's `$_POST`: a repeated key keeps its last value and files are
 * skipped. An empty value counts as absent (the official client sends every key, empty strings
 * for the unset ones), so it is left out here, while reading, rather than filtered afterwards.
 */
import type { Request } from 'express';
import getRawBody from 'raw-body';

/** A body the form parser refused; the route answers it in SSLCommerz's shape. */
export class FormError extends Error {
  override readonly name = 'FormError';
}

/** A form larger than any the gateway takes (the cart JSON included). */
const MAX_BODY_BYTES = 256 * 1024;
const MAX_FIELDS = 500;

export type FormType = 'multipart' | 'urlencoded';

function formType(contentType: string | undefined): FormType | null {
  const match = /^\s*(multipart\/form-data|application\/x-www-form-urlencoded)\s*(;|$)/i.exec(contentType ?? '');
  if (!match) return null;
  return (match[1] as string).toLowerCase() === 'multipart/form-data' ? 'multipart' : 'urlencoded';
}

/** The whole body, or FormError past MAX_BODY_BYTES (the rest is drained, so the connection can be reused). */
async function readBody(req: Request): Promise<Buffer> {
  try {
    return await getRawBody(req, { limit: MAX_BODY_BYTES, length: req.get('content-length') ?? null });
  } catch (error) {
    req.resume();
    const type = (error as { type?: unknown }).type;
    if (type === 'entity.too.large') throw new FormError(`the form is larger than ${MAX_BODY_BYTES / 1024} kB`);
    // A body shorter than its Content-Length, or a connection that went away.
    throw new FormError(error instanceof Error ? error.message : String(error));
  }
}

/** The form's fields, in order (repeated keys repeat). */
async function parseForm(type: FormType, body: Buffer, contentType: string): Promise<Iterable<[string, FormDataEntryValue]>> {
  if (type === 'urlencoded') return new URLSearchParams(body.toString('utf8'));
  try {
    // A Buffer is the Uint8Array that BodyInit takes; Node's DOM typings only lack the overload.
    return await new Response(body as unknown as BodyInit, { headers: { 'content-type': contentType } }).formData();
  } catch (error) {
    // A multipart body without its boundary, or cut short, say.
    throw new FormError(error instanceof Error ? error.message : String(error));
  }
}

/** Sets a field, or removes it when the value is empty (a later empty value overrides an earlier one, like PHP). */
function put(fields: Record<string, string>, name: string, value: string): void {
  if (value !== '') fields[name] = value;
  else if (Object.hasOwn(fields, name)) delete fields[name];
}

/** Adds the body's fields to `fields` (none when the request carries no form). */
async function addForm(req: Request, fields: Record<string, string>): Promise<Record<string, string>> {
  const contentType = req.get('content-type');
  const type = formType(contentType);
  if (type === null) {
    // Drain whatever came, so the connection can be reused.
    req.resume();
    return fields;
  }
  return addFormBody(type, contentType as string, await readBody(req), fields);
}

/** Adds a form body's non-empty fields to `fields`: the parse alone (the bench times it). */
export async function addFormBody(
  type: FormType,
  contentType: string,
  body: Buffer,
  fields: Record<string, string>,
): Promise<Record<string, string>> {
  const form = await parseForm(type, body, contentType);
  let count = 0;
  for (const [name, value] of form) {
    count += 1;
    if (count > MAX_FIELDS) throw new FormError('too many fields');
    if (typeof value === 'string') put(fields, name, value);
  }
  return fields;
}

/** The body's non-empty fields; `{}` when the request carries no form (SSLCommerz's queries put them in the URL). */
export function readForm(req: Request): Promise<Record<string, string>> {
  return addForm(req, {});
}

/**
 * The request's non-empty parameters: the query string, then the form body over it
 * (SSLCommerz's query APIs take either; the official client sends a POST whose parameters are
 * all in the URL). Only single string values count; `?a=1&a=2` keeps the last, like PHP.
 */
export function readParameters(req: Request): Promise<Record<string, string>> {
  const query: Record<string, string> = {};
  const search = req.originalUrl.indexOf('?');
  if (search >= 0) {
    for (const [key, value] of new URLSearchParams(req.originalUrl.slice(search + 1))) put(query, key, value);
  }
  return addForm(req, query);
}
