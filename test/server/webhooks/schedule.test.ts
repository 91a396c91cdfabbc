import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  delayAfterFailedAttempt,
  FAST_RETRY_SCHEDULE,
  retryScheduleFor,
  STANDARD_RETRY_SCHEDULE,
  type RetrySchedule,
} from '../../../server/webhooks/schedule.js';

/** Replays a delivery that always fails: the time of each attempt, measured from the first. */
function attemptTimes(schedule: RetrySchedule): number[] {
  const times = [0];
  for (let made = 1; ; made++) {
    const delay = delayAfterFailedAttempt(schedule, made);
    if (delay === null) return times;
    times.push(times.at(-1)! + delay);
  }
}

describe('retry schedules', () => {
  it('standard: the documented 10 attempts over a day', () => {
    const minutes = attemptTimes(STANDARD_RETRY_SCHEDULE).map((ms) => ms / 60_000);
    expect(minutes).toEqual([0, 0.5, 2, 10, 30, 60, 180, 360, 720, 1440]);
  });

  it('fast: 6 attempts within two seconds', () => {
    expect(attemptTimes(FAST_RETRY_SCHEDULE)).toEqual([0, 100, 200, 400, 800, 1600]);
  });

  it.each([STANDARD_RETRY_SCHEDULE, FAST_RETRY_SCHEDULE])('$name: gaps never shrink and start at 0', (schedule) => {
    const offsets = schedule.attemptOffsetsMs;
    expect(offsets[0]).toBe(0);
    const gaps = offsets.slice(1).map((offset, i) => offset - offsets[i]!);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(i === 0 ? 1 : gaps[i - 1]!));
    // Polling much coarser than the first gap would make the schedule a fiction.
    expect(schedule.pollIntervalMs).toBeLessThanOrEqual(gaps[0]!);
  });

  it('gives up after the last attempt, and for any attempt count beyond it', () => {
    const anySchedule = fc.constantFrom(STANDARD_RETRY_SCHEDULE, FAST_RETRY_SCHEDULE);
    fc.assert(
      fc.property(anySchedule, fc.integer({ min: 0, max: 1000 }), (schedule, beyond) => {
        expect(delayAfterFailedAttempt(schedule, schedule.attemptOffsetsMs.length + beyond)).toBeNull();
        expect(delayAfterFailedAttempt(schedule, schedule.attemptOffsetsMs.length - 1)).not.toBeNull();
      }),
    );
  });

  it('is chosen by BILLPAY_FAST_WEBHOOKS', () => {
    expect(retryScheduleFor({ fastWebhooks: true })).toBe(FAST_RETRY_SCHEDULE);
    expect(retryScheduleFor({ fastWebhooks: false })).toBe(STANDARD_RETRY_SCHEDULE);
  });
});
