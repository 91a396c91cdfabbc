/**
 * A per-client request limit for a public route that must not be swept (the verify page, whose
 * tracking numbers can be guessed), on express-rate-limit: a fixed window per client address, with
 * IPv6 clients counted per /56 (one subscriber's block, not one of its 2^72 addresses). Past the
 * limit the client gets a 429 problem with `Retry-After` (the seconds left in its window) instead
 * of the route. Counts live in this process's memory, like the server's other caches.
 */
import { createRequire } from 'node:module';
import type { RequestHandler } from 'express';
import type * as ExpressRateLimit from 'express-rate-limit';
import type { Logger } from '../logger.js';
import { TooManyRequests } from './problems.js';

export interface RateLimitSettings {
  /** Requests one client may make per window. */
  limit: number;
  windowMs: number;
}

/** Loaded with the first limited request, not at start (it and ip-address cost ~25 ms of a cold start). */
let library: typeof ExpressRateLimit | undefined;

const warnIn = (logger: Logger, what: string) => (error: unknown) => logger.warn({ err: error }, `${what}: rate limit`);

function createLimiter(settings: RateLimitSettings, what: string, logger?: Logger): RequestHandler {
  library ??= createRequire(import.meta.url)('express-rate-limit') as typeof ExpressRateLimit;
  return library.rateLimit({
    limit: settings.limit,
    windowMs: settings.windowMs,
    // `RateLimit` and `RateLimit-Policy` (IETF draft 7) on every answer, `Retry-After` on a 429.
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Made during the first request on purpose (see `library`); the check for that mistake does not apply.
    validate: { creationStack: false },
    // Its one-off configuration checks (e.g. a client's X-Forwarded-For header while `trust proxy` is
    // off) go to the server's log as warnings: a hint about the set-up, not a failed request.
    ...(logger ? { logger: { warn: warnIn(logger, what), error: warnIn(logger, what) } } : {}),
    handler(req, _res, next) {
      const resetTime = (req as { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : Math.ceil(settings.windowMs / 1000);
      next(new TooManyRequests(seconds, `too many ${what} requests from this client; retry after ${seconds} s`));
    },
  });
}

export function rateLimit(settings: RateLimitSettings, what: string, logger?: Logger): RequestHandler {
  let limiter: RequestHandler | undefined;
  return (req, res, next) => {
    limiter ??= createLimiter(settings, what, logger);
    return limiter(req, res, next);
  };
}
