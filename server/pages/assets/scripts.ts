/**
 * The pages' browser code. Each is a separate same-origin file (never inline) so the CSP can keep
 * `script-src 'self'` without 'unsafe-inline'. Plain ES2020 that every evergreen browser runs as a
 * module; kept as strings so `tsc` ships them in dist/ with the routes that serve them.
 */

/** Slip page: the print button (an inline onclick would be blocked by the CSP). */
export const SLIP_JS = `
for (const button of document.querySelectorAll('[data-action="print"]')) {
  button.addEventListener('click', () => window.print());
}
`;

/**
 * Hosted checkout page: when the widget ends (paid, failed for good, cancelled, expired), the slip
 * stays and a notice counts down to the merchant ("Returning to DESCO in 15 s"), with "Return now"
 * and "Stay on this page" (which stops the countdown for good); at zero the browser goes to the
 * merchant's signed return URL with a plain GET navigation (never an auto-submitted cross-site
 * POST, which loses the merchant's session cookie). The URL is taken from the event when it
 * carries one (cancel, expire), else from the session view (success, failure), which holds it
 * once the payment is terminal. Pages without the countdown's elements (the demo portal's) get
 * the notice and the delayed return alone.
 */
export const HOSTED_CHECKOUT_JS = `
const checkout = document.querySelector('billpay-checkout');
const notice = document.getElementById('return-notice');
const link = document.getElementById('return-link');
const seconds = document.getElementById('return-seconds');
const stay = document.getElementById('return-stay');
const delayMs = Number(document.querySelector('[data-return-delay-ms]').dataset.returnDelayMs);
const numbers = new Intl.NumberFormat(document.documentElement.lang === 'bn' ? 'bn-BD' : 'en');
let returning = false;
let timer;

function isHttpUrl(value) {
  try {
    const { protocol } = new URL(value, location.href);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

async function returnUrlFromSession() {
  const paymentId = checkout.getAttribute('payment-id');
  const response = await fetch('/api/v1/checkout/' + encodeURIComponent(paymentId), {
    headers: { 'Billpay-Client-Secret': checkout.getAttribute('client-secret'), Accept: 'application/json' },
    cache: 'no-store',
  });
  if (!response.ok) return null;
  const session = await response.json();
  return session.returnUrl ?? null;
}

function countDown(url) {
  const deadline = performance.now() + delayMs;
  const tick = () => {
    const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
    if (seconds) seconds.textContent = numbers.format(left) + ' ' + seconds.dataset.unit;
    if (left === 0) location.assign(url);
    else timer = setTimeout(tick, 250);
  };
  tick();
}

if (stay) {
  stay.addEventListener('click', () => {
    clearTimeout(timer);
    document.getElementById('return-countdown').hidden = true;
    document.getElementById('return-staying').hidden = false;
    stay.hidden = true;
  });
}

async function returnToMerchant(event) {
  // A declined attempt is not the end: the customer may pick another method.
  if (event.type === 'billpay-failure' && !event.detail.final) return;
  if (returning) return;
  returning = true;
  const detail = event.detail ?? {};
  const url = 'returnUrl' in detail ? detail.returnUrl : await returnUrlFromSession().catch(() => null);
  // Only an http(s) address is followed: the page must never navigate to javascript: or data:.
  if (!url || !isHttpUrl(url)) {
    returning = false;
    return;
  }
  link.href = url;
  notice.hidden = false;
  countDown(url);
}

for (const name of ['billpay-success', 'billpay-failure', 'billpay-cancel', 'billpay-expire']) {
  checkout.addEventListener(name, returnToMerchant);
}
`;

/**
 * A page whose form must be sent on arrival (a drop-in gateway's return, which the real gateway
 * sends as an auto-submitted form POST): submits `form[data-auto-submit]` once. Without
 * JavaScript the form's own button does the same.
 */
export const AUTO_SUBMIT_JS = `
const form = document.querySelector('form[data-auto-submit]');
if (form) form.submit();
`;
