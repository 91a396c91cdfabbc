/**
 * Reads a V8 .cpuprofile (what `node --cpu-prof` writes) into time per function: self time
 * (samples where the function itself was running) and total time (samples where it was anywhere
 * on the stack, counted once per sample even when it recurses).
 */

export interface CallFrame {
  functionName: string;
  url: string;
  /** 0-based. */
  lineNumber: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  /** Microseconds on the monotonic clock (CLOCK_MONOTONIC on Linux, like process.hrtime). */
  startTime: number;
  endTime: number;
  /** The node running at each sample. */
  samples: number[];
  /** Microseconds since the previous sample (the first: since startTime). */
  timeDeltas: number[];
}

export interface FrameTime {
  frame: string;
  selfMicros: number;
  totalMicros: number;
}

export interface ProfileSummary {
  /** Busiest first by self time. */
  frames: FrameTime[];
  /** Time covered by the samples counted, idle included. */
  sampledMicros: number;
  idleMicros: number;
}

export interface SummaryOptions {
  /** Files under this directory are named relative to it. */
  root?: string;
  /** Only samples taken in [from, to] (monotonic microseconds, as process.hrtime gives). */
  window?: { from: number; to: number };
}

const IDLE = '(idle)';

/** "name file:line", with paths made short: relative to `root`, or from the package in node_modules. */
export function frameLabel(frame: CallFrame, root?: string): string {
  let where = frame.url;
  const inPackage = where.lastIndexOf('/node_modules/');
  if (inPackage >= 0) where = where.slice(inPackage + '/node_modules/'.length);
  else if (root) where = where.replace(`file://${root.endsWith('/') ? root : `${root}/`}`, '');
  const name = frame.functionName || '(anonymous)';
  return where ? `${name} ${where}:${frame.lineNumber + 1}` : name;
}

export function summarizeProfile(profile: CpuProfile, options: SummaryOptions = {}): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const labels = new Map(profile.nodes.map((node) => [node.id, frameLabel(node.callFrame, options.root)]));

  // Time per sampled node; a sample's delta is the time up to it, so it is charged to that sample.
  const timeAtNode = new Map<number, number>();
  let clock = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    clock += delta;
    if (options.window && (clock < options.window.from || clock > options.window.to)) return;
    timeAtNode.set(nodeId, (timeAtNode.get(nodeId) ?? 0) + delta);
  });

  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let sampledMicros = 0;
  for (const [nodeId, micros] of timeAtNode) {
    sampledMicros += micros;
    const label = labels.get(nodeId) ?? '?';
    self.set(label, (self.get(label) ?? 0) + micros);
    const onStack = new Set<string>();
    for (let id: number | undefined = nodeId; id !== undefined && byId.has(id); id = parentOf.get(id)) {
      onStack.add(labels.get(id) ?? '?');
    }
    for (const frame of onStack) total.set(frame, (total.get(frame) ?? 0) + micros);
  }

  const frames = [...total.keys()]
    .map((frame) => ({ frame, selfMicros: self.get(frame) ?? 0, totalMicros: total.get(frame) ?? 0 }))
    .sort((a, b) => b.selfMicros - a.selfMicros || b.totalMicros - a.totalMicros);
  return { frames, sampledMicros, idleMicros: self.get(IDLE) ?? 0 };
}
