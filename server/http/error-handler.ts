import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { isDomainError } from '../../domain/errors.js';
import { isIllegalTransitionError } from '../../domain/payment-state.js';
import type { Logger } from '../logger.js';
import { StorageUnavailable } from '../storage/port.js';
import {
  ApiProblem,
  BadRequest,
  Conflict,
  DatabaseBusy,
  DatabaseUnavailable,
  InternalProblem,
  NotFound,
  PayloadTooLarge,
  UnsupportedMediaType,
  ValidationProblem,
} from './problems.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/**
 * Errors Express's own layers throw (http-errors): body-parser's carry a `type`, the router's
 * (a path parameter that is not valid percent-encoding) only a 4xx `status`.
 */
interface HttpLayerError {
  status: number;
  type?: string;
  limit?: number;
  expose?: boolean;
  message: string;
}

function isClientHttpError(error: unknown): error is HttpLayerError {
  const status = (error as HttpLayerError | null)?.status;
  return error instanceof Error && typeof status === 'number' && status >= 400 && status < 500;
}

/** Maps anything a handler can throw to the problem the client sees; unknown errors become 500. */
export function toProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (isDomainError(error)) return ValidationProblem.single(error.field, error.rule, error.message);
  if (error instanceof ZodError) {
    return new ValidationProblem(
      error.issues.map((issue) => ({
        field: issue.path.length > 0 ? issue.path.join('.') : 'body',
        rule: issue.code,
        message: issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
      })),
    );
  }
  if (isIllegalTransitionError(error)) {
    return new Conflict(error.message, { currentState: error.currentState });
  }
  if (isClientHttpError(error)) {
    switch (error.type) {
      case 'entity.parse.failed':
        return new BadRequest('the request body is not valid JSON');
      case 'entity.too.large':
        return new PayloadTooLarge(error.limit ?? 0);
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new UnsupportedMediaType(undefined);
      case undefined:
        return new BadRequest(error.expose ? error.message : 'the request could not be read');
      default:
        return new BadRequest('the request body could not be read');
    }
  }
  if (isDatabaseBusy(error)) return new DatabaseBusy();
  if (error instanceof StorageUnavailable) return new DatabaseUnavailable();
  return new InternalProblem();
}

/** better-sqlite3's SqliteError for a lock that outlasted busy_timeout (another process writing). */
function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED');
}

export function sendProblem(res: Parameters<RequestHandler>[1], problem: ApiProblem, instance: string): void {
  res
    .status(problem.status)
    .set(problem.headers())
    .type(PROBLEM_CONTENT_TYPE)
    .send(JSON.stringify(problem.toBody(instance)));
}

/** The one error middleware: every error leaves the server as problem+json. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const problem = toProblem(error);
    if (problem instanceof DatabaseUnavailable) logger.warn({ err: error, method: req.method, path: req.path }, 'database unavailable');
    else if (problem.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    sendProblem(res, problem, req.originalUrl);
  };
}

/** Last in the chain: nothing matched the path. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFound(`no resource at ${req.path}`));
};
