/**
 * What the bench and the profiler share: the target servers (each in its own process, see
 * target.ts), the load of each case, and the CPU time a target has used.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Options } from 'autocannon';

export const MERCHANT_KEY = 'sk_test_wzpdco_demo';

export type TargetKind = 'baseline' | 'billpay';

export interface Target {
  url: string;
  child: ChildProcess;
}

/** Starts target.ts as `kind`, with `nodeFlags` (e.g. --cpu-prof) before the script. */
export async function startTarget(kind: TargetKind, nodeFlags: readonly string[] = []): Promise<Target> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.join(import.meta.dirname, 'target.ts'), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [line] = (await once(lines, 'line')) as [string];
  lines.close();
  return { url: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}`, child };
}

export async function stopTarget(target: Target): Promise<void> {
  const exited = once(target.child, 'exit');
  target.child.kill('SIGTERM');
  await exited;
}

/** The bare Express hello-world the others are measured against. */
export function helloCase(url: string): Options {
  return { url: `${url}/` };
}

/** Creates application-fee payments; every create needs its own reference (unique per merchant). */
export function createPaymentCase(url: string): Options {
  let sequence = 0;
  return {
    url,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/payments',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` },
        setupRequest(request) {
          sequence += 1;
          const body = { purpose: 'application_fee', reference: `bench-${process.pid}-${sequence}`, amount: '11.00', officeCode: '305' };
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  };
}

/** Reads the session view of one payment (the widget's poll), the tabs of an 11.00 bill included. */
export async function checkoutGetCase(url: string): Promise<Options> {
  const res = await fetch(`${url}/api/v1/payments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MERCHANT_KEY}` },
    body: JSON.stringify({ purpose: 'application_fee', reference: `bench-checkout-${process.pid}`, amount: '11.00', officeCode: '305' }),
  });
  if (res.status !== 201) throw new Error(`creating the checkout case's payment: ${res.status} ${await res.text()}`);
  const payment = (await res.json()) as { id: string; clientSecret: string };
  return { url: `${url}/api/v1/checkout/${payment.id}`, headers: { 'billpay-client-secret': payment.clientSecret } };
}

/**
 * User + system CPU time the process has used, in microseconds, from /proc (Linux); undefined
 * where there is none. Per request, it is the server's own cost, which a busy machine inflates
 * far less than it lowers req/s.
 */
export function processCpuMicros(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * (1e6 / CLOCK_TICKS_PER_SECOND) : undefined;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
