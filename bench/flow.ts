/**
 * A customer's whole checkout, step by step, under load: `count` payments are created, then each
 * is selected (VISA through EBL), confirmed and authorized with the approved test card, one
 * phase after another, 10 connections each (spread over the instances when there are several,
 * see measure.ts). A phase's figures are its measurement: the server's CPU time per request
 * (every thread of its processes) reads issue 13's goal directly (each step at most 1.3x
 * create's cost); its req/s is `requestsPerSecond` (bench/port.ts compares it before and after the
 * storage port).
 */
import type { Request } from 'autocannon';
import { MERCHANT_KEY } from './cases.js';
import { measure, SETTINGS, type Measurement, type Servers } from './measure.js';

export const FLOW_STEPS = ['create', 'select', 'confirm', 'authorize'] as const;
export type FlowStep = (typeof FLOW_STEPS)[number];

/** One round's measurement of each step. */
export type FlowRound = Record<FlowStep, Measurement>;

interface Opened {
  id: string;
  clientSecret: string;
}

/** The bench's approved Visa (fixtures/test-instruments.json): authorize succeeds in one step. */
const CARD = { number: '4111111111111111', expiry: '12/30', cvc: '123', holder: 'Bench' };

/** Runs `amount` requests of `step` built by `build(i)` for i = 0, 1, ... */
function phase(
  servers: Servers,
  step: FlowStep,
  amount: number,
  build: (index: number) => Request,
  onBody?: (body: string) => void,
): Promise<Measurement> {
  let next = 0;
  const request: Request = {
    setupRequest: (request) => ({ ...request, ...build(next++) }),
    ...(onBody ? { onResponse: (_status: number, body: string) => onBody(body) } : {}),
  };
  return measure({ url: servers.targets[0].url, amount, requests: [request] }, servers, `flow, ${step}`);
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
  servers: Servers,
  count: number,
  round: number,
  last: FlowStep = 'authorize',
  around: (step: FlowStep, run: () => Promise<Measurement>) => Promise<Measurement> = (_step, run) => run(),
): Promise<Partial<FlowRound>> {
  const opened: Opened[] = [];
  const measured: Partial<FlowRound> = {};
  measured.create = await around('create', () =>
    phase(
      servers,
      'create',
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
    measured[step] = await around(step, () => phase(servers, step, count, (index) => stepRequest(step, opened[index] as Opened)));
  }
  return measured;
}

/** One round of the whole flow: each step's measurement. */
export async function measureCheckoutFlow(servers: Servers, count: number, round: number): Promise<FlowRound> {
  return (await runCheckoutFlow(servers, count, round)) as FlowRound;
}

/**
 * The flow on each of `sides` in turn, SETTINGS.flowRounds rounds of SETTINGS.flowPayments fresh
 * payments (after a warm-up round on each that is not counted): each side's rounds.
 */
export async function measureFlowInRounds(sides: readonly Servers[]): Promise<FlowRound[][]> {
  for (const servers of sides) await measureCheckoutFlow(servers, Math.min(500, SETTINGS.flowPayments), 0);
  const rounds = sides.map(() => [] as FlowRound[]);
  for (let round = 1; round <= SETTINGS.flowRounds; round += 1) {
    for (const [side, servers] of sides.entries()) rounds[side]?.push(await measureCheckoutFlow(servers, SETTINGS.flowPayments, round));
  }
  return rounds;
}
