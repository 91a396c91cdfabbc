import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { isDomainError } from '../../domain/errors.js';
import { isIllegalTransitionError } from '../../domain/payment-state.js';
import type { Logger } from '../logger.js';
import {
  ApiProblem,
  BadRequest,
  Conflict,
  InternalProblem,
  NotFound,
  PayloadTooLarge,
  UnsupportedMediaType,
  ValidationProblem,
} from './problems.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Errors thrown by body-parser carry a `type` and a 4xx `status`. */
interface BodyParserError {
  type: string;
  status: number;
  limit?: number;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number'
  );
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
  if (isBodyParserError(error) && error.status >= 400 && error.status < 500) {
    switch (error.type) {
      case 'entity.parse.failed':
        return new BadRequest('the request body is not valid JSON');
      case 'entity.too.large':
        return new PayloadTooLarge(error.limit ?? 0);
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return new UnsupportedMediaType(undefined);
      default:
        return new BadRequest('the request body could not be read');
    }
  }
  return new InternalProblem();
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
    if (problem.status >= 500) logger.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    sendProblem(res, problem, req.originalUrl);
  };
}

/** Last in the chain: nothing matched the path. */
export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new NotFound(`no resource at ${req.path}`));
};
