/**
 * The API's errors, as RFC 9457 problem details. Handlers throw these; one error middleware
 * (error-handler.ts) turns them, DomainError and zod errors into `application/problem+json`.
 */

export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
  currentState?: string;
  [extension: string]: unknown;
}

const TYPE_BASE = 'https://billpay-sim.dev/problems/';

export class ApiProblem extends Error {
  override readonly name: string = 'ApiProblem';
  /** Extra members of the problem body (RFC 9457 extensions). */
  readonly extensions: Record<string, unknown>;

  constructor(
    readonly status: number,
    /** Short slug; the problem `type` is a URI built from it. */
    readonly slug: string,
    readonly title: string,
    detail: string,
    extensions: Record<string, unknown> = {},
  ) {
    super(detail);
    this.extensions = extensions;
  }

  get type(): string {
    return TYPE_BASE + this.slug;
  }

  /** Headers the answer must carry (e.g. `Allow` on a 405). */
  headers(): Record<string, string> {
    return {};
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance === undefined ? {} : { instance }),
      ...this.extensions,
    };
  }
}

export class BadRequest extends ApiProblem {
  constructor(detail: string, extensions: Record<string, unknown> = {}) {
    super(400, 'bad-request', 'Bad request', detail, extensions);
  }
}

export class Unauthorized extends ApiProblem {
  constructor(detail: string) {
    super(401, 'unauthorized', 'Unauthorized', detail);
  }

  override headers(): Record<string, string> {
    return { 'WWW-Authenticate': 'Bearer realm="billpay-sim"' };
  }
}

export class Forbidden extends ApiProblem {
  constructor(detail: string) {
    super(403, 'forbidden', 'Forbidden', detail);
  }
}

export class NotFound extends ApiProblem {
  constructor(detail: string) {
    super(404, 'not-found', 'Not found', detail);
  }
}

export class MethodNotAllowed extends ApiProblem {
  constructor(
    method: string,
    path: string,
    readonly allowed: readonly string[],
  ) {
    super(405, 'method-not-allowed', 'Method not allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`);
  }

  override headers(): Record<string, string> {
    return { Allow: this.allowed.join(', ') };
  }
}

export class Conflict extends ApiProblem {
  /** `currentState` names the payment's state when the conflict is about it. */
  constructor(detail: string, extensions: { currentState?: string } & Record<string, unknown> = {}) {
    super(409, 'conflict', 'Conflict', detail, extensions);
  }
}

export class PayloadTooLarge extends ApiProblem {
  constructor(limitBytes: number) {
    super(413, 'payload-too-large', 'Payload too large', `the request body exceeds ${limitBytes} bytes`);
  }
}

export class UnsupportedMediaType extends ApiProblem {
  constructor(received: string | undefined) {
    super(
      415,
      'unsupported-media-type',
      'Unsupported media type',
      `send the body as application/json${received ? `, not ${received}` : ''}`,
    );
  }
}

/** 422: the request was well-formed JSON but broke one or more rules. */
export class ValidationProblem extends ApiProblem {
  constructor(
    readonly errors: FieldError[],
    detail = errors.map((error) => error.message).join('; '),
  ) {
    super(422, 'validation', 'Validation failed', detail, { errors });
  }

  static single(field: string, rule: string, message: string): ValidationProblem {
    return new ValidationProblem([{ field, rule, message }]);
  }
}

/** 429: this client asked too often; `Retry-After` says in how many seconds it may ask again. */
export class TooManyRequests extends ApiProblem {
  constructor(
    readonly retryAfterSeconds: number,
    detail = `too many requests from this client; retry after ${retryAfterSeconds} s`,
  ) {
    super(429, 'too-many-requests', 'Too many requests', detail, { retryAfter: retryAfterSeconds });
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': String(this.retryAfterSeconds) };
  }
}

/** The database stayed locked by another connection past the busy timeout: retrying soon will do. */
export class DatabaseBusy extends ApiProblem {
  constructor() {
    super(503, 'database-busy', 'Service unavailable', 'the database is busy with another writer; retry the request');
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': '1' };
  }
}

/** The database could not be reached or dropped the connection (a restart, a failover): retrying soon will do. */
export class DatabaseUnavailable extends ApiProblem {
  constructor() {
    super(503, 'database-unavailable', 'Service unavailable', 'the database could not be reached; retry the request (with the same Idempotency-Key, if it created something)');
  }

  override headers(): Record<string, string> {
    return { 'Retry-After': '1' };
  }
}

export class InternalProblem extends ApiProblem {
  constructor() {
    super(500, 'internal', 'Internal server error', 'the server failed to answer; the error was logged');
  }
}
