/**
 * The Billpay-Simulate request header: a fault for this one request, e.g.
 * `Billpay-Simulate: latency=800ms`, `status=503`, `drop`, or several joined by commas
 * (`latency=2s, status=502`). A malformed header is a 422 naming the header.
 */
import { ValidationProblem } from '../http/problems.js';
import { MAX_LATENCY_MS, type ApiFault } from './settings.js';

export const SIMULATE_HEADER = 'Billpay-Simulate';

const LATENCY = /^(\d{1,6})(ms|s)?$/;

function invalid(message: string): ValidationProblem {
  return ValidationProblem.single(SIMULATE_HEADER, 'format', `${SIMULATE_HEADER}: ${message}`);
}

function parseLatency(value: string): number {
  const match = LATENCY.exec(value);
  if (!match) throw invalid(`latency must be milliseconds like 800ms or seconds like 2s, not "${value}"`);
  const ms = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  if (ms > MAX_LATENCY_MS) throw invalid(`latency may be at most ${MAX_LATENCY_MS}ms`);
  return ms;
}

function parseStatus(value: string): number {
  const status = /^\d{3}$/.test(value) ? Number(value) : NaN;
  if (!(status >= 400 && status <= 599)) throw invalid(`status must be an error status from 400 to 599, not "${value}"`);
  return status;
}

/** The fault the header asks for; null when the header is absent or empty. */
export function parseSimulateHeader(header: string | undefined): ApiFault | null {
  if (header === undefined || header.trim() === '') return null;
  const fault: ApiFault = {};
  for (const part of header.split(',')) {
    const [rawName = '', ...rest] = part.split('=');
    const name = rawName.trim().toLowerCase();
    const value = rest.join('=').trim();
    if (name === 'drop' && rest.length === 0) fault.drop = true;
    else if (name === 'latency' && rest.length > 0) fault.latencyMs = parseLatency(value);
    else if (name === 'status' && rest.length > 0) fault.status = parseStatus(value);
    else throw invalid(`unknown fault "${part.trim()}"; use latency=<ms>ms, status=<4xx|5xx> or drop, joined by commas`);
  }
  if (fault.drop && fault.status !== undefined) throw invalid('drop and status exclude each other');
  return fault;
}
