import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { CountdownController, secondsLeft, splitSeconds } from '../../widget/countdown.js';

function fakeHost() {
  const controllers: ReactiveController[] = [];
  const host: ReactiveControllerHost & { updates: number } = {
    updates: 0,
    addController: (controller) => void controllers.push(controller),
    removeController: () => undefined,
    requestUpdate() {
      host.updates += 1;
    },
    updateComplete: Promise.resolve(true),
  };
  return host;
}

const SERVER_NOW = '2026-11-22T06:42:00.000Z';
const inSeconds = (seconds: number) => new Date(Date.parse(SERVER_NOW) + seconds * 1000).toISOString();

describe('splitSeconds and secondsLeft', () => {
  it('split 275 s as 4 Min : 35 Sec and never go below zero', () => {
    expect(splitSeconds(275)).toEqual({ minutes: 4, seconds: 35 });
    expect(splitSeconds(-3)).toEqual({ minutes: 0, seconds: 0 });
    expect(secondsLeft(-1)).toBe(0);
  });

  it('round remaining time up, so 0 appears only when time is over', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_600_000 }), (ms) => {
        const left = secondsLeft(ms);
        const { minutes, seconds } = splitSeconds(left);
        return left >= 1 && left * 1000 >= ms && (left - 1) * 1000 < ms && minutes * 60 + seconds === left;
      }),
    );
  });
});

describe('CountdownController', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    // The browser's wall clock is years off the server's: it must not matter.
    vi.setSystemTime(new Date('2001-01-01T00:00:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  it('counts the server-given length down, whatever the browser clock says', () => {
    const countdown = new CountdownController(fakeHost(), () => undefined);
    countdown.sync(inSeconds(275), SERVER_NOW);
    expect(countdown.remainingSeconds).toBe(275);
    vi.advanceTimersByTime(35_000);
    expect(countdown.remainingSeconds).toBe(240);
    expect(countdown.warning).toBe(false);
  });

  it('re-renders once a second, announces each minute boundary and warns in the last minute', () => {
    const host = fakeHost();
    const countdown = new CountdownController(host, () => undefined);
    countdown.sync(inSeconds(150), SERVER_NOW);
    expect(countdown.announcedMinutes).toBeNull();
    vi.advanceTimersByTime(30_500);
    expect(countdown.announcedMinutes).toBe(2);
    expect(host.updates).toBeGreaterThanOrEqual(30);
    expect(host.updates).toBeLessThanOrEqual(31);
    vi.advanceTimersByTime(60_000);
    expect(countdown.remainingSeconds).toBe(60);
    expect(countdown.announcedMinutes).toBe(1);
    expect(countdown.warning).toBe(true);
  });

  it('calls onExpire exactly once when it reaches zero', () => {
    const onExpire = vi.fn();
    const countdown = new CountdownController(fakeHost(), onExpire);
    countdown.sync(inSeconds(3), SERVER_NOW);
    vi.advanceTimersByTime(2_000);
    expect(onExpire).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(onExpire).toHaveBeenCalledTimes(1);
    expect(countdown.remainingSeconds).toBe(0);
  });

  it('re-syncs to the latest response and stops without a deadline', () => {
    const countdown = new CountdownController(fakeHost(), () => undefined);
    countdown.sync(inSeconds(300), SERVER_NOW);
    vi.advanceTimersByTime(10_000);
    countdown.sync(inSeconds(100), SERVER_NOW);
    expect(countdown.remainingSeconds).toBe(100);
    countdown.sync(null, SERVER_NOW);
    expect(countdown.running).toBe(false);
    expect(countdown.remainingSeconds).toBeNull();
  });

  it('stops ticking while the host is disconnected and resumes after', () => {
    const host = fakeHost();
    const countdown = new CountdownController(host, () => undefined);
    countdown.sync(inSeconds(100), SERVER_NOW);
    countdown.hostDisconnected();
    vi.advanceTimersByTime(5_000);
    expect(host.updates).toBe(0);
    countdown.hostConnected();
    vi.advanceTimersByTime(1_100);
    expect(host.updates).toBeGreaterThan(0);
    expect(countdown.remainingSeconds).toBe(94);
  });
});
