import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WIDGET_DECLARATIONS, requireFreshWidgetBuild } from './checkout-page.js';

/**
 * The widget's type declarations as a consumer meets them: a small TypeScript file in its own
 * project imports 'billpay-sim/widget' (this package, linked into its node_modules) and is
 * typechecked against the built dist/widget/types through package.json "exports". The
 * `@ts-expect-error` lines fail the check if a type degrades to `any` or the API opens up.
 */

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSC = join(REPO_ROOT, 'node_modules/.bin/tsc');

const CONSUMER = `
import {
  BillpayCheckout,
  type BillpayEventDetails,
  type BillpayFailureDetail,
  type Locale,
  type PaymentStatus,
  type SessionView,
  type Slip,
} from 'billpay-sim/widget';

// The element class, and the tag name mapped to it (HTMLElementTagNameMap).
const element: BillpayCheckout = document.createElement('billpay-checkout');
element.paymentId = 'pay_123';
element.clientSecret = 'secret';
element.apiBase = 'https://gateway.example';
element.locale = 'bn' satisfies Locale;
const status: PaymentStatus | null = element.status;
const refreshed: Promise<void> = element.refresh();
const isElement: boolean = element instanceof BillpayCheckout;

// Event details, through the HTMLElementEventMap augmentation.
element.addEventListener('billpay-success', (event) => {
  const slip: Slip = event.detail;
  const trackingNumber: string = event.detail.trackingNumber;
});
element.addEventListener('billpay-failure', (event) => {
  const detail: BillpayFailureDetail = event.detail;
  const final: boolean = detail.final;
});
element.addEventListener('billpay-method-select', (event) => {
  const total: string = event.detail.quote.total;
});
const cancelled: BillpayEventDetails['billpay-cancel'] = { paymentId: 'pay_123', returnUrl: null };
const view: SessionView['status'] = 'awaiting_method';

// @ts-expect-error a slip has no attemptsLeft: the detail is typed, not any
element.addEventListener('billpay-success', (event) => event.detail.attemptsLeft);
// @ts-expect-error status is read from the server, not set
element.status = 'succeeded';
// @ts-expect-error the element's UI state is private
element.activeTab = 'cards';
`;

/** How a consumer's project may resolve packages: Node's own ESM rules, or a bundler's. */
const CONSUMER_SETTINGS = {
  nodenext: { module: 'NodeNext', moduleResolution: 'NodeNext' },
  bundler: { module: 'ESNext', moduleResolution: 'Bundler' },
};

let consumerDir: string;

beforeAll(() => {
  requireFreshWidgetBuild([WIDGET_DECLARATIONS]);
  consumerDir = mkdtempSync(join(tmpdir(), 'billpay-widget-consumer-'));
  mkdirSync(join(consumerDir, 'node_modules'));
  symlinkSync(REPO_ROOT, join(consumerDir, 'node_modules', 'billpay-sim'), 'dir');
  writeFileSync(join(consumerDir, 'package.json'), JSON.stringify({ type: 'module', private: true }));
  writeFileSync(join(consumerDir, 'consumer.ts'), CONSUMER);
});

afterAll(() => {
  if (consumerDir) rmSync(consumerDir, { recursive: true, force: true });
});

describe("types of import … from 'billpay-sim/widget'", () => {
  it.each(Object.keys(CONSUMER_SETTINGS) as (keyof typeof CONSUMER_SETTINGS)[])(
    'typecheck a consumer with %s module resolution',
    (settings) => {
      const tsconfig = `tsconfig.${settings}.json`;
      const compilerOptions = {
        ...CONSUMER_SETTINGS[settings],
        target: 'ES2022',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        strict: true,
        noEmit: true,
        types: [],
        // Our declarations are checked too, not only used.
        skipLibCheck: false,
      };
      writeFileSync(join(consumerDir, tsconfig), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));

      const result = spawnSync(TSC, ['-p', tsconfig, '--pretty', 'false'], { cwd: consumerDir, encoding: 'utf8' });

      expect(result.error).toBeUndefined();
      expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
      expect(result.status).toBe(0);
    },
  );
});
