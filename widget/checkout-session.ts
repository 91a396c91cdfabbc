import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CheckoutApiError, CheckoutClient, type CheckoutClientOptions } from './api-client.js';
import { CountdownController } from './countdown.js';
import { emit, type BillpaySubmitDetail } from './events.js';
import { TERMINAL_STATUSES, findMethod, sameState, type AuthorizeStep, type Problem, type SessionView } from './session-view.js';

/** Never poll faster than this, whatever retryAfterMs says (0 included). */
const MIN_POLL_MS = 250;
/** Without an event stream, how often an open checkout asks whether something changed elsewhere. */
const LIVE_POLL_MS = 1000;

/**
 * The payment as the widget knows it: the latest session view from the server, the last API
 * problem, the countdown to the state's deadline, and the polling of a `wait` step. While the
 * payment is open it follows the server's event stream (`GET …/events`), so a change made
 * elsewhere (a cancel through the merchant API, a test-clock advance, expiry) shows without a
 * click; where EventSource is missing or the stream fails for good, it polls instead. It talks to
 * the checkout API one request at a time (responses apply in the order the customer acted) and
 * dispatches the `billpay-*` events for the transitions it sees. The element only renders it.
 */
export class CheckoutSession implements ReactiveController {
  session: SessionView | null = null;
  /** The first load failed: nothing to show but the problem and a retry. */
  loadProblem: Problem | null = null;
  /** The last action failed; shown above the current screen until the next success. */
  actionProblem: Problem | null = null;
  busy = false;
  readonly countdown: CountdownController;

  private client: CheckoutClient | null = null;
  private startedWith: Omit<CheckoutClientOptions, 'signal'> | null = null;
  private abortController: AbortController | null = null;
  private queue: Promise<void> = Promise.resolve();
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private events: EventSource | null = null;
  private livePoll: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    /** Called after every session view is applied, with the one before it. */
    private readonly onSession: (view: SessionView, previous: SessionView | null) => void,
  ) {
    host.addController(this);
    this.countdown = new CountdownController(host, () => void this.refresh());
  }

  get started(): boolean {
    return this.client !== null;
  }

  get paymentId(): string {
    return this.startedWith?.paymentId ?? '';
  }

  /** (Re)starts on a payment, forgetting everything about the previous one, and loads it. */
  start(options: Omit<CheckoutClientOptions, 'signal'>): Promise<void> {
    this.stop();
    this.session = null;
    this.loadProblem = null;
    this.actionProblem = null;
    this.startedWith = options;
    this.abortController = new AbortController();
    this.client = new CheckoutClient({ ...options, signal: this.abortController.signal });
    this.host.requestUpdate();
    return this.refresh();
  }

  /** Aborts requests in flight and stops every timer. */
  stop(): void {
    this.abortController?.abort();
    this.abortController = null;
    this.client = null;
    this.queue = Promise.resolve();
    this.busy = false;
    clearTimeout(this.pollTimer);
    this.countdown.stop();
    this.unfollow();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** Resolves a URL the server gave (slip links) for use in the page. */
  resolve(url: string): string {
    return this.client?.resolve(url) ?? url;
  }

  /** Settles once every request queued so far has been answered. */
  settled(): Promise<void> {
    return this.queue;
  }

  refresh(): Promise<void> {
    return this.run((client) => client.session());
  }

  select(methodId: string, gatewayId: string): Promise<void> {
    return this.run((client) => client.select(methodId, gatewayId), (view) => this.announceSelection(view));
  }

  confirm(): Promise<void> {
    emit(this.host, 'billpay-submit', { paymentId: this.paymentId, step: 'confirm' });
    return this.run((client) => client.confirm());
  }

  authorize(step: AuthorizeStep, stepType: BillpaySubmitDetail['step']): Promise<void> {
    emit(this.host, 'billpay-submit', { paymentId: this.paymentId, step: stepType });
    return this.run((client) => client.authorize(step));
  }

  cancel(): Promise<void> {
    return this.run((client) => client.cancel());
  }

  private run(
    call: (client: CheckoutClient) => Promise<SessionView>,
    after?: (view: SessionView) => void,
  ): Promise<void> {
    const client = this.client;
    if (!client) return Promise.resolve();
    const current = () => client === this.client;
    this.queue = this.queue.then(async () => {
      if (!current()) return;
      this.busy = true;
      this.host.requestUpdate();
      try {
        const view = await call(client);
        if (!current()) return;
        this.actionProblem = null;
        this.apply(view);
        after?.(view);
      } catch (error) {
        if (current()) this.fail(error);
      } finally {
        if (current()) {
          this.busy = false;
          this.host.requestUpdate();
        }
      }
    });
    return this.queue;
  }

  private fail(error: unknown): void {
    const problem: Problem =
      error instanceof CheckoutApiError
        ? error.problem
        : { type: 'about:blank', title: 'Error', status: 0, detail: String(error) };
    if (this.session) this.actionProblem = problem;
    else this.loadProblem = problem;
    emit(this.host, 'billpay-error', { paymentId: this.paymentId, problem });
    // The payment moved on without us (expired, cancelled elsewhere): fetch where it is now.
    if (this.session && (problem.currentState || problem.status === 409)) void this.refresh();
  }

  private apply(view: SessionView): void {
    const previous = this.session;
    this.session = view;
    this.loadProblem = null;
    this.host.requestUpdate();

    clearTimeout(this.pollTimer);
    const waitingForGateway = view.status === 'authorizing' && (!view.nextAction || view.nextAction.type === 'wait');
    // While the gateway works, the server says when to ask again; nothing is the customer's to hurry.
    if (TERMINAL_STATUSES.includes(view.status) || waitingForGateway) this.countdown.stop();
    else this.countdown.sync(view.expiresAt, view.serverTime);
    if (waitingForGateway) {
      const retryAfterMs = Math.max(MIN_POLL_MS, view.nextAction?.retryAfterMs ?? 1000);
      this.pollTimer = setTimeout(() => void this.refresh(), retryAfterMs);
    }
    this.follow(view);
    this.announceTransition(view, previous);
    this.onSession(view, previous);
  }

  /** Opens the event stream (or the poll) while the payment is open; closes it at the end. */
  private follow(view: SessionView): void {
    const client = this.client;
    if (TERMINAL_STATUSES.includes(view.status) || !client) {
      this.unfollow();
      return;
    }
    if (this.events || this.livePoll !== undefined) return;
    if (typeof EventSource !== 'function') {
      this.livePoll = setInterval(() => void this.refresh(), LIVE_POLL_MS);
      return;
    }
    const events = new EventSource(client.eventsUrl());
    events.addEventListener('session', (event) => {
      const pushed = JSON.parse((event as MessageEvent<string>).data) as SessionView;
      // A push of what is on screen already, or one that crossed a newer answer, changes nothing.
      const current = this.session;
      if (current && (sameState(current, pushed) || Date.parse(pushed.serverTime) < Date.parse(current.serverTime))) return;
      void this.run(() => Promise.resolve(pushed));
    });
    events.onerror = () => {
      // EventSource retries by itself; CLOSED means it gave up (e.g. a 4xx, a proxy without streams).
      if (events.readyState !== EventSource.CLOSED || this.events !== events) return;
      this.events = null;
      this.livePoll = setInterval(() => void this.refresh(), LIVE_POLL_MS);
    };
    this.events = events;
  }

  private unfollow(): void {
    this.events?.close();
    this.events = null;
    clearInterval(this.livePoll);
    this.livePoll = undefined;
  }

  private announceSelection(view: SessionView): void {
    const selection = view.selection;
    const method = findMethod(view, selection?.method);
    const gateway = method?.gateways.find((g) => g.id === selection?.gateway);
    if (!selection || !method || !gateway) return;
    emit(this.host, 'billpay-method-select', {
      paymentId: view.id,
      method: { id: method.id, name: method.name },
      gateway: { id: gateway.id, name: gateway.name },
      quote: selection.quote,
    });
  }

  private announceTransition(view: SessionView, previous: SessionView | null): void {
    const paymentId = view.id;
    if (!previous) {
      emit(this.host, 'billpay-ready', { paymentId, status: view.status });
      return;
    }
    if (view.status === previous.status) return;
    const end = { paymentId, returnUrl: view.returnUrl };
    switch (view.status) {
      case 'succeeded':
        if (view.slip) emit(this.host, 'billpay-success', view.slip);
        break;
      case 'cancelled':
        emit(this.host, 'billpay-cancel', end);
        break;
      case 'expired':
        emit(this.host, 'billpay-expire', end);
        break;
      case 'failed':
        emit(this.host, 'billpay-failure', { ...end, error: view.lastError, attemptsLeft: 0, final: true });
        break;
      case 'awaiting_method':
        // Back to choosing after an attempt: declined, and the customer may try another method.
        if (previous.status === 'authorizing' && view.lastError) {
          emit(this.host, 'billpay-failure', {
            paymentId,
            error: view.lastError,
            attemptsLeft: view.attemptsLeft,
            final: false,
            returnUrl: null,
          });
        }
        break;
    }
  }
}
