/** The part of autocannon's API the bench uses (the package ships no types). */
declare module 'autocannon' {
  export interface Histogram {
    average: number;
    p50: number;
    p99: number;
    max: number;
  }
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string;
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
    /** Called with each response's status and body. */
    onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
  }
  export interface Options {
    /** Several URLs share the connections round-robin (connection i goes to url[i % length]). */
    url: string | string[];
    connections?: number;
    duration?: number;
    /** Stop after this many requests (instead of after `duration`); noticed at the next sample. */
    amount?: number;
    /** Milliseconds between samples (default 1000). */
    sampleInt?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Request[];
  }
  export interface RequestCounts extends Histogram {
    /** Requests completed in the whole run. */
    total: number;
  }
  export interface Result {
    requests: RequestCounts;
    latency: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    statusCodeStats: Record<string, { count: number }>;
    start: Date;
    finish: Date;
  }
  export default function autocannon(options: Options): Promise<Result>;
}
