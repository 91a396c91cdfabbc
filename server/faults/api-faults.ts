/**
 * Injects API faults before a request reaches its route: the Billpay-Simulate header's (for that
 * request) or the merchant's settings (PUT /api/v1/test/faults). A fault waits `latencyMs`, then
 * answers a problem+json with the asked status (type …/simulated-fault), drops the connection
 * without an answer, or lets the request through. Every injected fault is written to the journal
 * of the request's merchant before it acts, so a dropped request is still explained there.
 */
import type { Request, RequestHandler } from 'express';
import { sendProblem } from '../http/error-handler.js';
import { ApiProblem } from '../http/problems.js';
import type { Journal } from '../journal/journal.js';
import { attributedPayment, paymentIdInPath, type RequestMerchantResolver } from '../journal/request-merchant.js';
import type { FaultSettingsStore } from './settings-store.js';
import type { ApiFault } from './settings.js';
import { parseSimulateHeader, SIMULATE_HEADER } from './simulate-header.js';

export class SimulatedFault extends ApiProblem {
  constructor(status: number, source: FaultSource) {
    const cause = source === 'header' ? `the ${SIMULATE_HEADER} header` : "the merchant's fault settings (/api/v1/test/faults)";
    super(status, 'simulated-fault', 'Simulated fault', `status ${status} injected by ${cause}`);
  }
}

export type FaultSource = 'header' | 'settings';

export interface ApiFaultDeps {
  faults: FaultSettingsStore;
  journal: Journal;
  merchantOf: RequestMerchantResolver;
}

function faultFields(fault: ApiFault): Record<string, unknown> {
  return {
    ...(fault.latencyMs !== undefined ? { latencyMs: fault.latencyMs } : {}),
    ...(fault.status !== undefined ? { status: fault.status } : {}),
    ...(fault.drop ? { drop: true } : {}),
  };
}

/** The header's fault wins over the merchant's settings: it is the more specific ask. */
function faultFor(req: Request, path: string, deps: ApiFaultDeps): { fault: ApiFault; source: FaultSource } | null {
  const fromHeader = parseSimulateHeader(req.get(SIMULATE_HEADER));
  if (fromHeader) return { fault: fromHeader, source: 'header' };
  if (!deps.faults.hasApiFaults()) return null;
  const merchantId = deps.merchantOf(req);
  const fromSettings = merchantId === null ? null : deps.faults.apiFaultFor(merchantId, req.method, path);
  return fromSettings ? { fault: fromSettings, source: 'settings' } : null;
}

/**
 * `applies` picks the paths it acts on: by default our API. A drop-in gateway API mounts its own
 * after it has read the gateway's credentials from the body (it knows the merchant only then).
 */
export function apiFaults(deps: ApiFaultDeps, applies: (path: string) => boolean = (path) => path.startsWith('/api/')): RequestHandler {
  return (req, res, next) => {
    const path = req.path;
    if (!applies(path)) {
      next();
      return;
    }
    // Fast path: no header and no merchant with API faults (the usual case) costs one lookup.
    if (req.get(SIMULATE_HEADER) === undefined && !deps.faults.hasApiFaults()) {
      next();
      return;
    }
    let found: ReturnType<typeof faultFor>;
    try {
      found = faultFor(req, path, deps);
    } catch (error) {
      next(error);
      return;
    }
    if (!found) {
      next();
      return;
    }
    const { fault, source } = found;
    const merchantId = deps.merchantOf(req);
    if (merchantId !== null) {
      deps.journal.record({
        merchantId,
        type: 'fault',
        paymentId: paymentIdInPath(path) ?? attributedPayment(req),
        data: { target: 'api', source, method: req.method, path, ...faultFields(fault) },
      });
    }
    const act = () => {
      if (fault.drop) req.socket.destroy();
      else if (fault.status !== undefined) sendProblem(res, new SimulatedFault(fault.status, source), req.originalUrl);
      else next();
    };
    if (fault.latencyMs) setTimeout(act, fault.latencyMs);
    else act();
  };
}
