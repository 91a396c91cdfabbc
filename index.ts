/**
 * The library entry: `import { … } from 'billpay-sim'`. Everything here is pure (no Express, no
 * DOM), so a portal's own code and tests can decode identifiers, quote charges and verify
 * webhooks exactly as the simulator does.
 */
export { DomainError, isDomainError } from './domain/errors.js';
export { toAsciiDigits, toBanglaDigits } from './domain/digits.js';
export type { Instrument, InstrumentKind } from './domain/instrument.js';

export {
  MAX_AMOUNT,
  formatAmount,
  parseAmount,
  roundMoney,
} from './domain/money.js';
export {
  quoteCharges,
  type ChargeRule,
  type DiscountRule,
  type Quote,
  type QuoteInput,
} from './domain/charges.js';

export * from './domain/identifiers/index.js';
export {
  costHeads,
  formatTrackingNumber,
  parseTrackingNumber,
  type CostHead,
  type TrackingNumber,
  type TrackingNumberParts,
} from './domain/tracking-number.js';
export {
  cardTypeDigit,
  defaultCardTypeRules,
  describeCardType,
  type CardTypeRule,
} from './domain/card-type.js';
export { formatDhakaDateTime, toDhakaParts } from './domain/dhaka-time.js';
export { defaultCatalog, type ReferenceCatalog } from './domain/catalog.js';
export { detectCardBrand, luhnValid, maskCardNumber, type CardBrand } from './domain/card-number.js';

export {
  SIGNATURE_HEADER,
  WebhookSignatureError,
  signWebhookPayload,
  verifyWebhookSignature,
} from './server/webhooks/signature.js';
export {
  buildReturnUrl,
  signReturnParams,
  verifyReturnUrl,
  type ReturnParams,
  type ReturnStatus,
  type ReturnUrls,
} from './server/webhooks/return-url.js';
