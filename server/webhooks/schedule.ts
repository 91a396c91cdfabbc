/**
 * When a webhook delivery is attempted. Each schedule lists the attempts' offsets from the first
 * one; after the last attempt fails the delivery is marked failed (and can still be redelivered
 * by hand). Attempts are spaced by the difference of consecutive offsets, measured from when the
 * previous attempt ended, so a slow receiver shifts the later ones a little.
 */

export interface RetrySchedule {
  name: 'standard' | 'fast';
  /** Offset of each attempt from the first, in ms; the length is the number of attempts. */
  attemptOffsetsMs: readonly number[];
  /** How often a dispatcher looks for due deliveries: fine enough for the schedule's gaps. */
  pollIntervalMs: number;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** 10 attempts over a day: at 0, 30 s, 2 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h and 24 h. */
export const STANDARD_RETRY_SCHEDULE: RetrySchedule = {
  name: 'standard',
  attemptOffsetsMs: [
    0,
    30 * SECOND,
    2 * MINUTE,
    10 * MINUTE,
    30 * MINUTE,
    HOUR,
    3 * HOUR,
    6 * HOUR,
    12 * HOUR,
    24 * HOUR,
  ],
  pollIntervalMs: SECOND,
};

/** For CI (`BILLPAY_FAST_WEBHOOKS=1`): 6 attempts at 0, 100, 200, 400, 800 and 1600 ms. */
export const FAST_RETRY_SCHEDULE: RetrySchedule = {
  name: 'fast',
  attemptOffsetsMs: [0, 100, 200, 400, 800, 1600],
  pollIntervalMs: 25,
};

export function retryScheduleFor(config: { fastWebhooks: boolean }): RetrySchedule {
  return config.fastWebhooks ? FAST_RETRY_SCHEDULE : STANDARD_RETRY_SCHEDULE;
}

/**
 * How long to wait after attempt number `attemptsMade` (1-based) failed, or null when that was
 * the last one. Attempts beyond the schedule (a manual redelivery of a failed delivery) get null.
 */
export function delayAfterFailedAttempt(schedule: RetrySchedule, attemptsMade: number): number | null {
  const offsets = schedule.attemptOffsetsMs;
  const previous = offsets[attemptsMade - 1];
  const next = offsets[attemptsMade];
  if (previous === undefined || next === undefined) return null;
  return next - previous;
}
