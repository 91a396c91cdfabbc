import { html, nothing, type TemplateResult } from 'lit';
import type { Localization } from '../i18n/index.js';
import type { StepType } from '../step-form.js';
import { field } from './common.js';

/** Display names of the brands detectCardBrand (domain/card-number.ts) returns. */
const CARD_BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: 'VISA',
  mastercard: 'MasterCard',
  amex: 'American Express',
  nexus: 'DBBL Nexus',
};

export interface StepProps {
  type: StepType;
  /** Wallet or bank the step belongs to (bKash, DBBL, …), for titles and labels. */
  provider: string;
  l: Localization;
  fieldErrors: Readonly<Record<string, string>>;
  /** Brand detected in the card number typed so far (visa, mastercard, amex, nexus). */
  cardBrand: string | null;
  /** The total being paid, formatted ("11.12 BDT"): the paying button says it. */
  total: string | null;
  /** The URL of a method's (or card brand's) tile image. */
  artUrl(methodId: string): string;
  onCardNumberInput(event: InputEvent): void;
  onSubmit(event: SubmitEvent): void;
  onCancel(): void;
}

function stepTitle({ type, provider, l }: StepProps): string {
  const { steps } = l.t;
  switch (type) {
    case 'card':
      return steps.cardTitle;
    case 'wallet_number':
      return steps.walletTitle(provider);
    case 'otp':
      return steps.otpTitle(provider);
    case 'pin':
      return steps.pinTitle(provider);
    case 'bank_login':
      return steps.bankTitle(provider);
  }
}

/** The inputs of each step, by API field name (what step-form.ts reads back). */
function stepFields(props: StepProps): TemplateResult {
  const { type, l, fieldErrors: errors } = props;
  const { steps } = l.t;
  const numeric = { inputmode: 'numeric' } as const;
  switch (type) {
    case 'card':
      return html`
        ${field({
          name: 'cardNumber',
          label: steps.cardNumber,
          autocomplete: 'cc-number',
          ...numeric,
          maxlength: 23,
          error: errors.cardNumber,
          hint: props.cardBrand ? steps.cardBrand(CARD_BRAND_NAMES[props.cardBrand] ?? props.cardBrand) : nothing,
          onInput: props.onCardNumberInput,
        })}
        <div class="field-pair">
          ${field({
            name: 'expiry',
            label: steps.expiry,
            autocomplete: 'cc-exp',
            ...numeric,
            maxlength: 7,
            error: errors.expiry,
          })}
          ${field({
            name: 'cvc',
            label: steps.cvc,
            type: 'password',
            autocomplete: 'cc-csc',
            ...numeric,
            maxlength: 4,
            error: errors.cvc,
          })}
        </div>
        ${field({ name: 'holder', label: steps.holder, autocomplete: 'cc-name', error: errors.holder })}
      `;
    case 'wallet_number':
      return field({
        name: 'walletNumber',
        label: steps.walletNumber,
        type: 'tel',
        autocomplete: 'tel-national',
        inputmode: 'tel',
        maxlength: 14,
        error: errors.walletNumber,
      });
    case 'otp':
      return field({
        name: 'otp',
        label: steps.otp,
        autocomplete: 'one-time-code',
        ...numeric,
        maxlength: 8,
        error: errors.otp,
      });
    case 'pin':
      return field({
        name: 'pin',
        label: steps.pin,
        type: 'password',
        autocomplete: 'off',
        ...numeric,
        maxlength: 6,
        error: errors.pin,
      });
    case 'bank_login':
      return html`
        ${field({ name: 'username', label: steps.username, autocomplete: 'username', error: errors.username })}
        ${field({
          name: 'password',
          label: steps.password,
          type: 'password',
          autocomplete: 'current-password',
          error: errors.password,
        })}
      `;
  }
}

/**
 * The instrument step the server asked for (`nextAction`): card details; wallet number, OTP,
 * PIN; internet-banking login. What is typed stays in the inputs: the element reads the form on
 * submit and never keeps a card number, CVV, PIN or OTP in its state.
 */
export function renderStep(props: StepProps): TemplateResult {
  const { type, l, total, cardBrand } = props;
  const pays = type === 'card' || type === 'pin';
  const submitLabel = !pays ? l.t.steps.submit : total ? l.t.payAmount(total) : l.t.steps.pay;
  // The detected brand's logo on the card form's button; decorative, the hint names the brand.
  const logo =
    type === 'card' && cardBrand
      ? html`<img part="button-logo" src=${props.artUrl(cardBrand)} alt="" width="32" height="20" />`
      : nothing;
  return html`
    <form class="step" part="form" novalidate aria-labelledby="step-title" @submit=${props.onSubmit}>
      <h2 id="step-title" part="step-title">${stepTitle(props)}</h2>
      ${stepFields(props)}
      <div class="actions" part="actions">
        <button type="submit" class="primary" part="submit-button">${logo}<span>${submitLabel}</span></button>
        <button type="button" class="secondary" part="cancel-button" @click=${props.onCancel}>
          ${l.t.cancel}
        </button>
      </div>
    </form>
  `;
}

/** `wait`: the gateway is working; the element polls and this says so politely. */
export function renderProcessing(l: Localization): TemplateResult {
  return html`<div class="processing" part="processing" role="status" tabindex="-1">
    <span class="spinner" aria-hidden="true"></span>
    <p>${l.t.steps.processing}</p>
  </div>`;
}
