import type { AuthorizeStep, Problem, SessionView, Slip } from './session-view.js';

/**
 * A failed checkout API call, carrying the server's problem+json. Network failures and answers
 * that are not problem+json are turned into a Problem too (status 0 for the network), so the
 * component has one shape to show and announce.
 */
export class CheckoutApiError extends Error {
  override readonly name = 'CheckoutApiError';

  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }

  get status(): number {
    return this.problem.status;
  }
}

export interface CheckoutClientOptions {
  /** Origin (and optional path prefix) of the gateway; '' means the page's own origin. */
  apiBase: string;
  paymentId: string;
  clientSecret: string;
  /** Sent as Accept-Language, so a server that localises texts (the note) can answer in it. */
  locale?: string;
  /** Aborts every request of this client, e.g. when the element leaves the page. */
  signal?: AbortSignal;
}

function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).title === 'string' &&
    typeof (value as Problem).status === 'number'
  );
}

async function problemFrom(response: Response): Promise<Problem> {
  const body: unknown = await response.json().catch(() => null);
  if (isProblem(body)) return body;
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
  };
}

/** The checkout API of one payment, authenticated by its client secret. */
export class CheckoutClient {
  private readonly baseUrl: string;

  constructor(private readonly options: CheckoutClientOptions) {
    const apiBase = options.apiBase.replace(/\/+$/, '');
    this.baseUrl = `${apiBase}/api/v1/checkout/${encodeURIComponent(options.paymentId)}`;
  }

  session(): Promise<SessionView> {
    return this.request('GET', '');
  }

  select(method: string, gateway: string): Promise<SessionView> {
    return this.request('POST', '/select', { method, gateway });
  }

  confirm(): Promise<SessionView> {
    return this.request('POST', '/confirm', {});
  }

  authorize(step: AuthorizeStep): Promise<SessionView> {
    return this.request('POST', '/authorize', step);
  }

  cancel(): Promise<SessionView> {
    return this.request('POST', '/cancel', {});
  }

  slip(): Promise<Slip> {
    return this.request('GET', '/slip');
  }

  /** The session's event stream; the secret goes in the query, as EventSource sends no headers. */
  eventsUrl(): string {
    return `${this.baseUrl}/events?clientSecret=${encodeURIComponent(this.options.clientSecret)}`;
  }

  /** Resolves a URL the server gave (slip links) against the API base, for links in the widget. */
  resolve(url: string): string {
    const base = this.options.apiBase || globalThis.location?.origin || 'http://localhost';
    return new URL(url, base.endsWith('/') ? base : `${base}/`).href;
  }

  private async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      'Billpay-Client-Secret': this.options.clientSecret,
    };
    if (this.options.locale) headers['Accept-Language'] = this.options.locale;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.options.signal,
        credentials: 'omit',
      });
    } catch (error) {
      if (this.options.signal?.aborted) throw error;
      throw new CheckoutApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    if (!response.ok) throw new CheckoutApiError(await problemFrom(response));
    return (await response.json()) as T;
  }
}
