/**
 * What writes the journal: a request middleware, a payment transition listener and a webhook
 * attempt listener. None of them records a body, a header or a secret: only method, path, status
 * and timing; states and events; delivery outcomes.
 */
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';
import type { TransitionListener } from '../payments/events.js';
import { describeAttempt, type AttemptListener } from '../webhooks/dispatcher.js';
import type { Journal } from './journal.js';
import { isApiPath } from '../http/api-paths.js';
import { attributedPayment, paymentIdInPath, type RequestContexts } from '../http/request-context.js';

/** Reading the journal does not change anything, and would otherwise fill the journal with its own polling. */
const JOURNAL_READS = new Set(['/api/v1/test/journal', '/api/v1/test/events']);

/**
 * One `request` entry per API request of a known merchant, recorded when the response is done:
 * method, path (never the query), status (null when the connection was dropped without an
 * answer) and milliseconds. Written after the response has left, in the group commit with other requests
 * (Journal.recordSoon), so the request path pays no commit for it.
 */
export function journalRequests(journal: Pick<Journal, 'recordSoon'>, contexts: Pick<RequestContexts, 'merchantOf'>, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (!isApiPath(path) || JOURNAL_READS.has(path)) {
      next();
      return;
    }
    const started = performance.now();
    res.once('close', () => {
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const status = res.writableFinished ? res.statusCode : null;
      // A create names its new payment only in Location.
      const location = res.getHeader('location');
      const paymentId =
        paymentIdInPath(path) ?? attributedPayment(req) ?? (typeof location === 'string' ? paymentIdInPath(location) : null);
      contexts.merchantOf(req).then(
        (merchantId) => {
          if (merchantId !== null) journal.recordSoon({ merchantId, type: 'request', paymentId, data: { method: req.method, path, status, ms } });
        },
        // The answer has left already; a journal that cannot be written (database closing) costs the entry only.
        (error: unknown) => logger.warn({ err: error, path }, 'journal: request entry not written'),
      );
    });
    next();
  };
}

/** One `state_change` entry per payment transition, written in the transition's own unit. */
export function journalTransitions(journal: Pick<Journal, 'record'>): TransitionListener {
  return ({ record, from, to, event, at, merchantId }, tx) => {
    const reason = record.failureReason ?? record.lastError?.code ?? null;
    return journal.record(tx, {
      merchantId,
      type: 'state_change',
      paymentId: record.id,
      at,
      data: { from, to, event, ...(reason !== null && from !== to ? { reason } : {}) },
    });
  };
}

/** One `webhook_attempt` entry per attempt the dispatcher records (and per duplicated send), in the unit that records it. */
export function journalWebhookAttempts(journal: Pick<Journal, 'record'>): AttemptListener {
  return ({ delivery, result, outcome, duplicate }, tx) => {
    return journal.record(tx, {
      merchantId: delivery.merchantId,
      type: 'webhook_attempt',
      paymentId: delivery.paymentId,
      data: { ...describeAttempt(delivery, result, outcome), ...(duplicate ? { duplicate: true } : {}) },
    });
  };
}
