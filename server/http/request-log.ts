import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/**
 * One log line per request: method, path (never the query, which may carry a reference or
 * worse), status and duration. Headers and bodies are not logged at all.
 */
export function requestLog(logger: Logger): RequestHandler {
  // A silent logger (tests, the bench) should cost nothing per request.
  if (!logger.isLevelEnabled('info')) return (_req, _res, next) => next();
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const level = res.statusCode >= 500 ? 'error' : 'info';
      logger[level]({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
    });
    next();
  };
}
