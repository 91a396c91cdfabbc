/**
 * A customer's whole checkout, step by step, under load: `count` payments are created, then each
 * is selected (VISA through EBL), confirmed and authorized with the approved test card, one
 * phase after another, 10 connections each. A phase's figure is the server's CPU time per
 * request (every thread of its process), so issue 13's goal reads directly: each step at most
 * 1.3x create's cost.
 */
import autocannon, { type Request } from 'autocannon';
import { MERCHANT_KEY, processCpuMicros, type Target } from './cases.js';

export const FLOW_STEPS = ['create', 'select', 'confirm', 'authorize'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];

/** Server CPU µs per request, per step. */
export type FlowCpu = Record<FlowStep, number>;

interface Opened {
  id: string;
  clientSecret: string;
}

const CONNECTIONS = 10;
/** The bench's approved Visa (fixtures/test-instruments.json): authorize succeeds in one step. */
const CARD = { number: '4111111111111111', expiry: '12/30', cvc: '123', holder: 'Bench' };

/** Runs `amount` requests built by `build(i)` for i = 0, 1, ...; returns CPU µs per request. */
async function phase(target: Target, amount: number, build: (index: number) => Request, onBody?: (body: string) => void): Promise<number> {
  let next = 0;
  const cpuBefore = processCpuMicros(target.child.pid);
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    amount,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...build(next++) }),
        ...(onBody ? { onResponse: (_status: number, body: string) => onBody(body) } : {}),
      },
    ],
  });
  const cpuAfter = processCpuMicros(target.child.pid);
  if (result.errors > 0 || result.non2xx > 0) {
    throw new Error(`flow: ${result.errors} errors, ${result.non2xx} non-2xx (${JSON.stringify(result.statusCodeStats)})`);
  }
  if (cpuBefore === undefined || cpuAfter === undefined) return Number.NaN;
  return (cpuAfter - cpuBefore) / result.requests.total;
}

/** The request of checkout step `step` for `payment`. */
function stepRequest(step: Exclude<FlowStep, 'create'>, payment: Opened): Request {
  const body = step === 'select' ? { method: 'visa', gateway: 'EBL' } : step === 'authorize' ? { card: CARD } : {};
  return {
    method: 'POST',
    path: `/api/v1/checkout/${payment.id}/${step}`,
    headers: { 'content-type': 'application/json', 'billpay-client-secret': payment.clientSecret },
    body: JSON.stringify(body),
  };
}

/**
 * Runs the flow's steps over `count` fresh payments (references carry `round`, so rounds never
 * collide), up to and including `last`; later steps use the payments in the order the creates
 * answered. `around(step, run)` wraps each step (the profiler marks its window with it).
 */
export async function runCheckoutFlow(
  target: Target,
  count: number,
  round: number,
  last: FlowStep = 'authorize',
  around: (step: FlowStep, run: () => Promise<number>) => Promise<number> = (_step, run) => run(),
): Promise<Partial<FlowCpu>> {
  const opened: Opened[] = [];
  const cpu: Partial<FlowCpu> = {};
  cpu.create = await around('create', () =>
    phase(
      target,
      count,
      (index) => ({
        method: 'POST',
        path: '/api/v1/payments',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` },
        body: JSON.stringify({ purpose: 'application_fee', reference: `flow-${process.pid}-${round}-${index}`, amount: '11.00', officeCode: '305' }),
      }),
      (body) => {
        const { id, clientSecret } = JSON.parse(body) as Opened;
        opened.push({ id, clientSecret });
      },
    ),
  );
  if (opened.length < count) throw new Error(`flow: ${opened.length} of ${count} creates answered`);
  for (const step of ['select', 'confirm', 'authorize'] as const) {
    if (FLOW_STEPS.indexOf(step) > FLOW_STEPS.indexOf(last)) break;
    cpu[step] = await around(step, () => phase(target, count, (index) => stepRequest(step, opened[index] as Opened)));
  }
  return cpu;
}

/** One round of the whole flow: each step's server CPU µs per request. */
export async function measureCheckoutFlow(target: Target, count: number, round: number): Promise<FlowCpu> {
  return (await runCheckoutFlow(target, count, round)) as FlowCpu;
}
