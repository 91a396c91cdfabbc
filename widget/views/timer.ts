import { html, nothing, type TemplateResult } from 'lit';
import { splitSeconds, type CountdownController } from '../countdown.js';
import type { Localization } from '../i18n/index.js';
import type { PaymentStatus } from '../session-view.js';

/**
 * "Please select a payment method within 4 Min : 35 Sec". role=timer is not live, so screen
 * readers are not told every second; `timerAnnouncement` speaks once a minute instead.
 */
export function renderTimer(countdown: CountdownController, status: PaymentStatus, l: Localization) {
  const left = countdown.remainingSeconds;
  if (left === null) return nothing;
  const { t, digits } = l;
  const { minutes, seconds } = splitSeconds(left);
  const phrase = status === 'authorizing' ? t.timer.completeWithin : t.timer.selectWithin;
  const warning = countdown.warning;
  const part = warning ? 'timer timer-warning' : 'timer';
  return html`<p class=${warning ? 'timer warning' : 'timer'} part=${part} role="timer">
    ${phrase(digits(String(minutes)), digits(String(seconds).padStart(2, '0')))}
  </p>`;
}

/** What the countdown has to say: nothing, except once at each whole minute. */
export function timerAnnouncement(countdown: CountdownController, l: Localization): string {
  const minutes = countdown.running ? countdown.announcedMinutes : null;
  if (minutes === null) return '';
  return minutes === 1 ? l.t.timer.oneMinuteLeft : l.t.timer.minutesLeft(l.digits(String(minutes)));
}

/** The polite live region, rendered on every screen so that changing its text is announced. */
export function renderAnnouncement(text: string): TemplateResult {
  return html`<div class="visually-hidden" aria-live="polite" aria-atomic="true">${text}</div>`;
}
