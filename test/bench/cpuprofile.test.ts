import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { frameLabel, summarizeProfile, type CpuProfile, type ProfileNode } from '../../bench/cpuprofile.js';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

/**
 * (root) -> handle -> create -> insert
 *                  -> recurse -> recurse (the same function twice on one stack)
 *        -> (idle)
 */
const nodes: ProfileNode[] = [
  { id: 1, callFrame: frame('(root)'), children: [2, 6] },
  { id: 2, callFrame: frame('handle', 'file:///repo/node_modules/router/index.js', 149), children: [3, 5] },
  { id: 3, callFrame: frame('create', 'file:///repo/server/payments/merchant-api.ts', 40), children: [4] },
  { id: 4, callFrame: frame('insert', 'file:///repo/server/payments/repository.ts', 9) },
  { id: 5, callFrame: frame('recurse', 'file:///repo/x.ts'), children: [7] },
  { id: 6, callFrame: frame('(idle)') },
  { id: 7, callFrame: frame('recurse', 'file:///repo/x.ts') },
];

function profile(samples: number[], timeDeltas: number[]): CpuProfile {
  return { nodes, startTime: 1_000, endTime: 1_000 + timeDeltas.reduce((a, b) => a + b, 0), samples, timeDeltas };
}

describe('summarizeProfile', () => {
  it('charges self time to the running function and total time to every function on its stack', () => {
    const summary = summarizeProfile(profile([4, 4, 3, 6, 2], [10, 10, 5, 100, 1]), { root: '/repo' });
    const byName = Object.fromEntries(summary.frames.map((f) => [f.frame, f]));
    expect(byName['insert server/payments/repository.ts:10']).toEqual({ frame: 'insert server/payments/repository.ts:10', selfMicros: 20, totalMicros: 20 });
    expect(byName['create server/payments/merchant-api.ts:41']).toMatchObject({ selfMicros: 5, totalMicros: 25 });
    expect(byName['handle router/index.js:150']).toMatchObject({ selfMicros: 1, totalMicros: 26 });
    expect(summary.idleMicros).toBe(100);
    expect(summary.sampledMicros).toBe(126);
    expect(summary.frames[0]?.frame).toBe('(idle)');
  });

  it('counts a recursive function once per sample in its total time', () => {
    const summary = summarizeProfile(profile([7, 7], [3, 4]), { root: '/repo' });
    expect(summary.frames.find((f) => f.frame === 'recurse x.ts:1')).toMatchObject({ selfMicros: 7, totalMicros: 7 });
  });

  it('counts only the samples inside the window', () => {
    // Samples at 1010, 1020, 1025, 1125, 1126.
    const summary = summarizeProfile(profile([4, 4, 3, 6, 2], [10, 10, 5, 100, 1]), { window: { from: 1_015, to: 1_125 } });
    expect(summary.sampledMicros).toBe(10 + 5 + 100);
    expect(summary.idleMicros).toBe(100);
  });

  it('never gives a function more total than all samples, nor less total than self', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(1, 2, 3, 4, 5, 6, 7), fc.integer({ min: 0, max: 1_000 }))), (pairs) => {
        const summary = summarizeProfile(profile(pairs.map(([id]) => id), pairs.map(([, delta]) => delta)));
        const selfSum = summary.frames.reduce((sum, f) => sum + f.selfMicros, 0);
        expect(selfSum).toBe(summary.sampledMicros);
        for (const f of summary.frames) {
          expect(f.totalMicros).toBeGreaterThanOrEqual(f.selfMicros);
          expect(f.totalMicros).toBeLessThanOrEqual(summary.sampledMicros);
        }
      }),
    );
  });
});

describe('frameLabel', () => {
  it('names files relative to the root, packages from node_modules, built-ins as they are', () => {
    expect(frameLabel(frame('f', 'file:///repo/server/a.ts', 4), '/repo')).toBe('f server/a.ts:5');
    expect(frameLabel(frame('', 'file:///repo/node_modules/express/lib/response.js', 0), '/repo')).toBe('(anonymous) express/lib/response.js:1');
    expect(frameLabel(frame('end', 'node:_http_outgoing', 1033))).toBe('end node:_http_outgoing:1034');
    expect(frameLabel(frame('(garbage collector)'))).toBe('(garbage collector)');
  });
});
