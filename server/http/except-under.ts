import type { RequestHandler } from 'express';

/** Whether `path` is one of the prefixes or below one (`/api` covers `/api` and `/api/…`). */
function under(prefixes: readonly string[]): (path: string) => boolean {
  for (const prefix of prefixes) {
    if (!prefix.startsWith('/') || prefix.endsWith('/')) throw new Error(`prefix must look like "/api", not "${prefix}"`);
  }
  const below = prefixes.map((prefix) => `${prefix}/`);
  return (path) => prefixes.includes(path) || below.some((start) => path.startsWith(start));
}

/**
 * Runs `handler` (a middleware or a router) only for requests outside the paths `prefixes` (each
 * prefix itself and everything below it). Express only offers the opposite, `app.use(path, …)`.
 * For a router with no routes under them this changes nothing but the cost: the demo portal's
 * routers, which every API request used to pass through, took about 20 µs each time. The
 * comparison is case-sensitive, so a request it does not skip simply goes through `handler`.
 */
export function exceptUnder(prefixes: string | readonly string[], handler: RequestHandler): RequestHandler {
  const skip = under(typeof prefixes === 'string' ? [prefixes] : prefixes);
  return (req, res, next) => {
    if (skip(req.path)) next();
    else handler(req, res, next);
  };
}

/**
 * Runs `handler` only for requests under `prefixes`, keeping the full path (unlike
 * `app.use(path, …)`, which strips it): a drop-in gateway's router declares the gateway's own
 * full paths, and every other request skips it at the cost of a prefix test.
 */
export function onlyUnder(prefixes: readonly string[], handler: RequestHandler): RequestHandler {
  const take = under(prefixes);
  return (req, res, next) => {
    if (take(req.path)) handler(req, res, next);
    else next();
  };
}
