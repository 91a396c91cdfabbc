import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Whole minutes and seconds of a countdown, as the seed prints "4 Min : 35 Sec". */
export function splitSeconds(totalSeconds: number): { minutes: number; seconds: number } {
  const clamped = Math.max(0, Math.floor(totalSeconds));
  return { minutes: Math.floor(clamped / 60), seconds: clamped % 60 };
}

/** Remaining whole seconds, rounded up so "0" only shows once the time is really over. */
export function secondsLeft(remainingMs: number): number {
  return Math.max(0, Math.ceil(remainingMs / 1000));
}

/** The remaining time from which the countdown visibly warns (and announces one minute left). */
export const WARNING_SECONDS = 60;

/**
 * Counts down to the server's deadline of the current state. The length of the countdown is
 * `expiresAt - serverTime` of the latest response, measured from when that response arrived on
 * the browser's monotonic clock: the browser's wall clock (often wrong, and unrelated to a
 * merchant's test clock) never enters. Re-synced on every response.
 *
 * The host re-renders once a second; `announcedMinutes` changes only when a whole minute is
 * crossed, so a polite live region bound to it speaks once a minute instead of every second.
 */
export class CountdownController implements ReactiveController {
  /** Whole minutes left at the last minute boundary crossed; null until one is crossed. */
  announcedMinutes: number | null = null;

  private deadline: number | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private expiredNotified = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onExpire: () => void,
  ) {
    host.addController(this);
  }

  /** Starts (or corrects) the countdown from a response; a null deadline stops it. */
  sync(expiresAt: string | null, serverTime: string): void {
    const length = expiresAt === null ? NaN : Date.parse(expiresAt) - Date.parse(serverTime);
    if (Number.isNaN(length)) {
      this.stop();
      return;
    }
    this.deadline = performance.now() + length;
    this.expiredNotified = false;
    this.announcedMinutes = null;
    this.schedule();
  }

  stop(): void {
    this.deadline = null;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.deadline !== null;
  }

  /** Whole seconds left, or null when no countdown runs. */
  get remainingSeconds(): number | null {
    return this.deadline === null ? null : secondsLeft(this.deadline - performance.now());
  }

  get warning(): boolean {
    const left = this.remainingSeconds;
    return left !== null && left <= WARNING_SECONDS;
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  hostConnected(): void {
    if (this.deadline !== null) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.deadline === null) return;
    const remainingMs = this.deadline - performance.now();
    // Wake just after the displayed second changes, not on a drifting fixed interval.
    const untilNextSecond = remainingMs > 0 ? (remainingMs % 1000 || 1000) + 5 : 0;
    this.timer = setTimeout(() => this.tick(), untilNextSecond);
  }

  private tick(): void {
    const left = this.remainingSeconds;
    if (left === null) return;
    if (left > 0 && left % 60 === 0) this.announcedMinutes = left / 60;
    this.host.requestUpdate();
    if (left === 0) {
      if (!this.expiredNotified) {
        this.expiredNotified = true;
        this.onExpire();
      }
      return;
    }
    this.schedule();
  }
}
