/**
 * ekPay's failure shape: HTTP 200 (clients branch on the body; research §0.3, §1.1) with no
 * `secure_token`, and a `msg_code` + `msg_det` saying what is wrong. ekPay publishes no list of
 * codes: the failure codes below are the simulator's own, documented in docs/drop-in/ekpay.md.
 */
import { ZodError, type z } from 'zod';
import { isDomainError } from '../../../domain/errors.js';
import { toProblem } from '../../http/error-handler.js';
import { ValidationProblem } from '../../http/problems.js';

export const EKPAY_CODES = {
  /** merchant-api: session created, `secure_token` given. */
  created: '1000',
  /** The body is not a JSON object (malformed JSON, empty, too large). */
  malformedBody: '1001',
  /** A field is missing or breaks a rule; msg_det names the field and rule. */
  invalidField: '1002',
  /** mer_reg_id unknown, or mer_pas_key wrong for it. */
  authentication: '1003',
  /** trns_info.trnx_id already used by another session of the merchant. */
  duplicateTransaction: '1004',
  /** trns_info.trnx_amt is not a positive amount with at most 2 decimals. */
  invalidAmount: '1005',
  /** get-status: no session with this trnx_id. */
  transactionNotFound: '1006',
  /** No such endpoint (path or method) under /ekpaypg/v1. */
  unknownEndpoint: '1007',
  /** The simulator could not answer now (database busy, unexpected error): try again. */
  unavailable: '1008',
  /** IPN / get-status: paid. */
  paid: '1020',
  /** IPN / get-status: failed, or the session expired unpaid. */
  failed: '1021',
  /** IPN / get-status: cancelled. */
  cancelled: '1022',
  /** get-status only: the payment has not ended yet. */
  inProgress: '1023',
} as const;
export type EkpayCode = (typeof EKPAY_CODES)[keyof typeof EKPAY_CODES];

export interface EkpayFailureBody {
  msg_code: EkpayCode;
  msg_det: string;
}

/** A failure to answer in ekPay's shape; `status` is the HTTP status (200 but for unknown endpoints). */
export class EkpayFailure extends Error {
  constructor(
    readonly code: EkpayCode,
    readonly detail: string,
    readonly status = 200,
  ) {
    super(detail);
  }

  get body(): EkpayFailureBody {
    return { msg_code: this.code, msg_det: this.detail };
  }
}

/** "trns_info.trnx_id required: trns_info.trnx_id is required": field, rule, message. */
function fieldFailure(field: string, rule: string, message: string): EkpayFailure {
  const code = field === 'trns_info.trnx_amt' ? EKPAY_CODES.invalidAmount : EKPAY_CODES.invalidField;
  return new EkpayFailure(code, `${field} ${rule}: ${message}`);
}

const REQUIRED = 'is required';

/** Zod's default messages, with a missing field called `required`. */
export const REQUIRED_MESSAGES: z.core.$ZodErrorMap = (issue) => (issue.input === undefined ? REQUIRED : undefined);

/** A field's own message for a wrong value, still `required` when it is missing. */
export const requiredOr =
  (message: string): z.core.$ZodErrorMap =>
  (issue) =>
    issue.input === undefined ? REQUIRED : message;

/** One failure for a body's issues: the first names the code; every one is listed. */
export function zodFailure(error: ZodError, prefix = ''): EkpayFailure {
  const issues = error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || 'body';
    const rule = issue.message === REQUIRED ? 'required' : issue.code;
    return { field, rule, message: `${field} ${issue.message}` };
  });
  const [first] = issues;
  if (!first) return new EkpayFailure(EKPAY_CODES.invalidField, 'the request body is invalid');
  return fieldFailure(first.field, first.rule, issues.map((issue) => issue.message).join('; '));
}

/**
 * Anything a route throws, as ekPay's failure: our own failures as they are, a domain error as
 * the field it names (a bad trns_info.trnx_amt as 1005; a malformed Billpay-Simulate header as
 * 1002), a taken reference as 1004, a busy
 * database or anything unexpected as 1008. Express's body parser errors (malformed JSON, too
 * large) are 1001.
 */
export function toEkpayFailure(error: unknown): EkpayFailure {
  if (error instanceof EkpayFailure) return error;
  if (error instanceof ZodError) return zodFailure(error);
  if (isDomainError(error)) return fieldFailure(error.field, error.rule, error.message);
  const problem = toProblem(error);
  // A rule the request broke outside its body (a malformed Billpay-Simulate header).
  if (problem instanceof ValidationProblem && problem.errors[0]) {
    const [first] = problem.errors;
    return fieldFailure(first.field, first.rule, problem.message);
  }
  if (problem.status === 400 || problem.status === 413 || problem.status === 415) {
    return new EkpayFailure(EKPAY_CODES.malformedBody, `the request body must be a JSON object: ${problem.message}`);
  }
  if (problem.status === 409) return new EkpayFailure(EKPAY_CODES.duplicateTransaction, problem.message);
  return new EkpayFailure(EKPAY_CODES.unavailable, 'the gateway could not process the request now; try again');
}
