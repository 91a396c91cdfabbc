import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LATENCY_MS } from '../../../server/faults/settings.js';
import { parseSimulateHeader } from '../../../server/faults/simulate-header.js';
import { ValidationProblem } from '../../../server/http/problems.js';

describe('parseSimulateHeader', () => {
  it.each([
    ['latency=800ms', { latencyMs: 800 }],
    ['latency=800', { latencyMs: 800 }],
    ['latency=2s', { latencyMs: 2000 }],
    ['status=503', { status: 503 }],
    ['drop', { drop: true }],
    [' Latency = 50ms , STATUS=429 ', { latencyMs: 50, status: 429 }],
    ['latency=10ms,drop', { latencyMs: 10, drop: true }],
  ])('reads %j', (header, fault) => {
    expect(parseSimulateHeader(header)).toEqual(fault);
  });

  it('is no fault when absent or blank', () => {
    expect(parseSimulateHeader(undefined)).toBeNull();
    expect(parseSimulateHeader('  ')).toBeNull();
  });

  it.each([
    ['status=200', 'status'],
    ['status=600', 'status'],
    ['status=5xx', 'status'],
    ['latency=-1ms', 'latency'],
    ['latency=fast', 'latency'],
    [`latency=${MAX_LATENCY_MS + 1}ms`, 'at most'],
    ['drop, status=503', 'exclude'],
    ['drop=yes', 'unknown fault'],
    ['timeout=1s', 'unknown fault'],
    ['latency', 'unknown fault'],
    ['latency=1ms,,', 'unknown fault'],
  ])('refuses %j with a 422 naming the header', (header, words) => {
    try {
      parseSimulateHeader(header);
      expect.unreachable('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationProblem);
      const problem = error as ValidationProblem;
      expect(problem.status).toBe(422);
      expect(problem.errors[0]?.field).toBe('Billpay-Simulate');
      expect(problem.message).toContain(words);
    }
  });

  it('reads back any combination it can be given (property)', () => {
    const fault = fc.record(
      {
        latencyMs: fc.integer({ min: 0, max: MAX_LATENCY_MS }),
        status: fc.integer({ min: 400, max: 599 }),
        drop: fc.constant(true as const),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fault.filter((f) => Object.keys(f).length > 0 && !(f.drop && f.status !== undefined)),
        (f) => {
          const parts = [
            ...(f.latencyMs !== undefined ? [`latency=${f.latencyMs}ms`] : []),
            ...(f.status !== undefined ? [`status=${f.status}`] : []),
            ...(f.drop ? ['drop'] : []),
          ];
          expect(parseSimulateHeader(parts.join(', '))).toEqual(f);
        },
      ),
    );
  });

  it('throws nothing but a ValidationProblem, whatever the header (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (header) => {
        try {
          parseSimulateHeader(header);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationProblem);
        }
      }),
    );
  });
});
