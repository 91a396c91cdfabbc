import { normalizeDigits, requireLength } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';
import {
  DESCO_ACCOUNT_NUMBER_LENGTH,
  parseAccountNumber,
  parseBillNumber,
  parseDescoBillNumber,
  parseMeterNumber,
} from '../../domain/identifiers/index.js';
import { costHeadForPurpose } from '../../domain/tracking-number.js';
import { officeCodeOfAccount } from '../../domain/catalog.js';
import type { Merchant } from './merchants.js';
import type { Purpose } from './record.js';
import type { CreatePaymentBody } from './schemas.js';

/** What a payment is for, after its identifiers have been checked against each other. */
export interface ResolvedBill {
  accountNo: string | null;
  billNo: string | null;
  /** "2022-06" for postpaid bills. */
  billMonth: string | null;
  meterNo: string | null;
  officeCode: string | null;
  meterSerial: number | null;
  costHead: number | null;
  /** Two payments with the same key pay the same bill (postpaid bills only). */
  billKey: string | null;
}

/** The 3-digit office a prepaid meter is served by (its account's), for the tracking number. */
export type OfficeOfMeter = (meterNo: string) => string;

type IdentifierField = 'accountNo' | 'billNo' | 'meterNo' | 'officeCode' | 'meterSerial';

/** Which identifiers each purpose takes; any other is refused, so a misplaced field is noticed. */
const FIELDS_BY_PURPOSE: Readonly<Record<Purpose, readonly IdentifierField[]>> = {
  postpaid_bill: ['accountNo', 'billNo', 'officeCode'],
  prepaid_recharge: ['meterNo', 'officeCode'],
  application_fee: ['officeCode', 'meterSerial'],
  demand_note: ['officeCode', 'meterSerial'],
  estimate: ['officeCode', 'meterSerial'],
  order: ['officeCode'],
};

function required(body: CreatePaymentBody, field: 'accountNo' | 'billNo' | 'meterNo' | 'officeCode'): string {
  const value = body[field];
  if (value === undefined) throw new DomainError(field, 'required', `${field} is required for purpose ${body.purpose}`);
  return value;
}

function parseOfficeCode(value: string): string {
  const digits = normalizeDigits(value, 'officeCode');
  requireLength(digits, 3, 'officeCode');
  return digits;
}

/** A given officeCode must agree with the one the identifiers imply. */
function checkOfficeCode(body: CreatePaymentBody, derived: string): string {
  if (body.officeCode !== undefined && parseOfficeCode(body.officeCode) !== derived) {
    throw new DomainError('officeCode', 'account_mismatch', `officeCode ${body.officeCode} differs from the account's office ${derived}`);
  }
  return derived;
}

function resolvePostpaid(body: CreatePaymentBody, merchant: Merchant): ResolvedBill {
  const accountInput = required(body, 'accountNo');
  const billInput = required(body, 'billNo');
  let accountNo: string;
  let bill: { value: string; billMonth: string };
  if (merchant.billLayout === 'desco') {
    accountNo = normalizeDigits(accountInput, 'accountNo');
    requireLength(accountNo, DESCO_ACCOUNT_NUMBER_LENGTH, 'accountNo');
    bill = parseDescoBillNumber(billInput, { accountNo });
  } else {
    accountNo = parseAccountNumber(accountInput).value;
    bill = parseBillNumber(billInput, { accountNo });
  }
  const officeCode = checkOfficeCode(body, officeCodeOfAccount(accountNo, merchant.billLayout));
  return {
    accountNo,
    billNo: bill.value,
    billMonth: bill.billMonth,
    meterNo: null,
    officeCode,
    meterSerial: null,
    costHead: null,
    billKey: bill.value,
  };
}

function resolvePrepaid(body: CreatePaymentBody, merchant: Merchant, officeOfMeter: OfficeOfMeter): ResolvedBill {
  const meter = parseMeterNumber(required(body, 'meterNo'));
  if (merchant.utility !== null && meter.utility.id !== merchant.utility) {
    throw new DomainError(
      'meterNo',
      'utility_mismatch',
      `meter ${meter.value} belongs to ${meter.utility.id}, but this merchant collects for ${merchant.utility}`,
    );
  }
  return {
    accountNo: null,
    billNo: null,
    billMonth: null,
    meterNo: meter.value,
    officeCode: body.officeCode === undefined ? officeOfMeter(meter.value) : parseOfficeCode(body.officeCode),
    meterSerial: null,
    costHead: null,
    billKey: null,
  };
}

/** A payment named by its office alone: a new-connection fee (with its meter and cost head) or an order. */
function resolveByOffice(body: CreatePaymentBody, meterSerial: number | null, costHead: number | null): ResolvedBill {
  return {
    accountNo: null,
    billNo: null,
    billMonth: null,
    meterNo: null,
    officeCode: parseOfficeCode(required(body, 'officeCode')),
    meterSerial,
    costHead,
    billKey: null,
  };
}

/**
 * Checks the identifiers a purpose needs with the domain codecs, and against each other (a bill
 * number's account part must be the account; a meter must be the merchant's utility's).
 * `officeOfMeter` gives the office of a prepaid recharge that names none.
 * Throws DomainError naming the field and rule.
 */
export function resolveBill(body: CreatePaymentBody, merchant: Merchant, officeOfMeter: OfficeOfMeter): ResolvedBill {
  const allowed = FIELDS_BY_PURPOSE[body.purpose];
  for (const field of ['accountNo', 'billNo', 'meterNo', 'officeCode', 'meterSerial'] as const) {
    if (body[field] !== undefined && !allowed.includes(field)) {
      throw new DomainError(field, 'not_allowed', `${field} does not apply to purpose ${body.purpose}`);
    }
  }
  switch (body.purpose) {
    case 'postpaid_bill':
      return resolvePostpaid(body, merchant);
    case 'prepaid_recharge':
      return resolvePrepaid(body, merchant, officeOfMeter);
    case 'order':
      return resolveByOffice(body, null, null);
    default:
      return resolveByOffice(body, body.meterSerial ?? 1, costHeadForPurpose(body.purpose) ?? null);
  }
}
