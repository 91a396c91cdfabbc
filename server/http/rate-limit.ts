/**
 * A per-client request limit for a public route that must not be swept (the verify page, whose
 * tracking numbers can be guessed), on express-rate-limit: a fixed window per client address, with
 * IPv6 clients counted per /56 (one subscriber's block, not one of its 2^72 addresses). Past the
 * limit the client gets a 429 problem with `Retry-After` (the seconds left in its window) instead
 * of the route. Counts live in this process's memory, like the server's other caches.
 */
import type { RequestHandler } from 'express';
import { rateLimit as expressRateLimit } from 'express-rate-limit';
import type { Logger } from '../logger.js';
import { TooManyRequests } from './problems.js';

export interface RateLimitSettings {
  /** Requests one client may make per window. */
  limit: number;
  windowMs: number;
}

export function rateLimit(settings: RateLimitSettings, what: string, logger?: Logger): RequestHandler {
  return expressRateLimit({
    limit: settings.limit,
    windowMs: settings.windowMs,
    // `RateLimit` and `RateLimit-Policy` (IETF draft 7) on every answer, `Retry-After` on a 429.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Its one-off configuration warnings (e.g. an X-Forwarded-For header without `trust proxy`) go to the server's log.
    ...(logger ? { logger: { warn: (error: unknown) => logger.warn({ err: error }, `${what}: rate limit`), error: (error: unknown) => logger.error({ err: error }, `${what}: rate limit`) } } : {}),
    handler(req, _res, next) {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(settings.windowMs / 1000);
      next(new TooManyRequests(seconds, `too many ${what} requests from this client; retry after ${seconds} s`));
    },
  });
}
