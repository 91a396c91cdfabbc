/**
 * Injects API faults before a request reaches its route: the Billpay-Simulate header's (for that
 * request) or the merchant's settings (PUT /api/v1/test/faults). A fault waits `latencyMs`, then
 * answers a problem+json with the asked status (type …/simulated-fault), drops the connection
 * without an answer, or lets the request through. Every injected fault is written to the journal
 * of the request's merchant, committed before it acts, so a dropped request is still explained there.
 */
import type { Request, RequestHandler } from 'express';
import { sendProblem } from '../http/error-handler.js';
import { ApiProblem } from '../http/problems.js';
import type { NewJournalEntry } from '../journal/journal.js';
import { attributedPayment, paymentIdInPath, type RequestContexts } from '../http/request-context.js';
import type { Tx } from '../storage/port.js';
import type { FaultSettingsStore } from './settings-store.js';
import type { RequestContext } from '../storage/repositories/request-context.js';
import type { ApiFault } from './settings.js';
import { parseSimulateHeader, SIMULATE_HEADER } from './simulate-header.js';

export class SimulatedFault extends ApiProblem {
  constructor(status: number, source: FaultSource) {
    const cause = source === 'header' ? `the ${SIMULATE_HEADER} header` : "the merchant's fault settings (/api/v1/test/faults)";
    super(status, 'simulated-fault', 'Simulated fault', `status ${status} injected by ${cause}`);
  }
}

export type FaultSource = 'header' | 'settings';

/** Where an injected fault is written (Journal.record), in a unit the middleware opens on `faults.store`. */
export interface FaultJournal {
  record(tx: Tx, entry: NewJournalEntry): Promise<void>;
}

export interface ApiFaultDeps {
  faults: Pick<FaultSettingsStore, 'faultOf' | 'store'>;
  journal: FaultJournal;
  /** The request's merchant with its fault settings, read once per request. */
  contexts: Pick<RequestContexts, 'of'>;
}

function faultFields(fault: ApiFault): Record<string, unknown> {
  return {
    ...(fault.latencyMs !== undefined ? { latencyMs: fault.latencyMs } : {}),
    ...(fault.status !== undefined ? { status: fault.status } : {}),
    ...(fault.drop ? { drop: true } : {}),
  };
}

/**
 * The header's fault wins over the merchant's settings: it is the more specific ask. The
 * settings are the request's context's: as stored now (whichever instance wrote them).
 */
async function faultFor(
  req: Request,
  path: string,
  context: RequestContext | null,
  deps: ApiFaultDeps,
): Promise<{ fault: ApiFault; source: FaultSource } | null> {
  const fromHeader = parseSimulateHeader(req.get(SIMULATE_HEADER));
  if (fromHeader) return { fault: fromHeader, source: 'header' };
  // Most requests' merchants have no settings: nothing to look at, no promise to wait for.
  if (context === null || context.faults === null) return null;
  const fromSettings = await deps.faults.faultOf(context.merchant.id, context.faults, req.method, path);
  return fromSettings ? { fault: fromSettings, source: 'settings' } : null;
}

/**
 * `applies` picks the paths it acts on: by default our API. A drop-in gateway API mounts its own
 * after it has read the gateway's credentials from the body (it knows the merchant only then).
 */
export function apiFaults(deps: ApiFaultDeps, applies: (path: string) => boolean = (path) => path.startsWith('/api/')): RequestHandler {
  const decide = async (req: Request, path: string) => {
    const context = await deps.contexts.of(req);
    const found = await faultFor(req, path, context, deps);
    if (found && context !== null) {
      // Committed before the fault acts: it precedes the request's own entry on every engine.
      const entry: NewJournalEntry = {
        merchantId: context.merchant.id,
        type: 'fault',
        paymentId: paymentIdInPath(path) ?? attributedPayment(req),
        data: { target: 'api', source: found.source, method: req.method, path, ...faultFields(found.fault) },
      };
      await deps.faults.store.transact((tx) => deps.journal.record(tx, entry));
    }
    return found;
  };
  return (req, res, next) => {
    const path = req.path;
    if (!applies(path)) {
      next();
      return;
    }
    decide(req, path).then(
      (found) => {
        if (!found) {
          next();
          return;
        }
        const { fault, source } = found;
        const act = () => {
          if (fault.drop) req.socket.destroy();
          else if (fault.status !== undefined) sendProblem(res, new SimulatedFault(fault.status, source), req.originalUrl);
          else next();
        };
        if (fault.latencyMs) setTimeout(act, fault.latencyMs);
        else act();
      },
      (error: unknown) => next(error),
    );
  };
}
