/**
 * New-connection applications (seed 001): an applicant asks one S&D office for up to 5 meters,
 * then pays, per meter, the application fee and afterwards the demand note. Each fee is its own
 * gateway payment whose tracking number ends `|<meter serial>|<cost head>` (seed 002).
 *
 * The fee figures are the portal's demo schedule, not a utility's tariff.
 */
import { Decimal } from 'decimal.js';
import { defaultCatalog, type ReferenceCatalog } from '../../domain/catalog.js';
import { normalizeDigits, toAsciiDigits } from '../../domain/digits.js';
import { DomainError } from '../../domain/errors.js';
import type { MerchantFixture } from '../../domain/fixtures-schema.js';
import { formatAmount, parseAmount, roundMoney, sumMoney } from '../../domain/money.js';
import { MAX_METERS_PER_APPLICATION } from '../../domain/tracking-number.js';
import { checked } from './checked.js';

export type Phases = 1 | 3;
export type FeeKind = 'application_fee' | 'demand_note';
export const FEE_KINDS: readonly FeeKind[] = ['application_fee', 'demand_note'];

/** The demo fee schedule (BDT). Demand note = meter and service cost + security deposit per kW. */
export const NEW_CONNECTION_FEES = {
  applicationFee: { 1: '300.00', 3: '600.00' },
  meterAndService: { 1: '2500.00', 3: '6000.00' },
  securityDepositPerKw: '400.00',
} as const satisfies {
  applicationFee: Record<Phases, string>;
  meterAndService: Record<Phases, string>;
  securityDepositPerKw: string;
};

/** Sanctioned load per meter: more than 0, at most 100 kW, at most 2 decimals. */
const MAX_LOAD_KW = 100;
const LOAD_NOTATION = /^\d{1,3}(?:\.\d{1,2})?$/;

export interface MeterRequest {
  meterSerial: number;
  phases: Phases;
  /** Canonical decimal text, e.g. "2" or "7.5". */
  loadKw: string;
}

export interface MeterFees {
  applicationFee: string;
  demandNote: string;
}

export function feesForMeter(phases: Phases, loadKw: string): MeterFees {
  const fees = NEW_CONNECTION_FEES;
  const deposit = roundMoney(parseAmount(fees.securityDepositPerKw, 'securityDepositPerKw').times(loadKw));
  return {
    applicationFee: fees.applicationFee[phases],
    demandNote: formatAmount(sumMoney(parseAmount(fees.meterAndService[phases], 'meterAndService'), deposit)),
  };
}

/** An office an applicant can apply at, with the merchant that collects its fees. */
export interface OfficeChoice {
  /** "<merchantId>:<officeCode>", the form's value. */
  key: string;
  merchantId: string;
  /** The 3-digit office code tracking numbers carry. */
  officeCode: string;
  name: string;
  bnName: string | undefined;
}

/**
 * The offices of every demo merchant: WZPDCO's circle offices (circle digit + office code, as in
 * its account numbers) and DESCO's S&D divisions (their simulator office codes).
 */
export function officeChoices(
  merchants: readonly MerchantFixture[],
  catalog: ReferenceCatalog = defaultCatalog,
): OfficeChoice[] {
  return merchants.flatMap((merchant) => {
    const offices =
      merchant.utility === 'DESCO'
        ? catalog.descoOffices.map((o) => ({ officeCode: o.officeCode, name: o.name, bnName: o.bnName }))
        : merchant.utility === 'WZPDCO'
          ? catalog.circles.flatMap((c) =>
              c.offices.map((o) => ({ officeCode: c.digit + o.code, name: o.name, bnName: o.bnName })),
            )
          : [];
    return offices.map((office) => ({ key: `${merchant.id}:${office.officeCode}`, merchantId: merchant.id, ...office }));
  });
}

export interface ApplicationRequest {
  merchantId: string;
  officeCode: string;
  applicantName: string;
  mobile: string;
  meters: MeterRequest[];
}

/** The form as posted: `office`, `applicantName`, `mobile`, and `phases1`/`load1` … `phases5`/`load5`. */
export type ApplicationForm = Record<string, string | undefined>;

export type ApplicationParse =
  | { ok: true; application: ApplicationRequest }
  | { ok: false; errors: DomainError[] };

function parseLoad(text: string, field: string): string {
  const compact = toAsciiDigits(text.trim());
  if (!LOAD_NOTATION.test(compact)) {
    throw new DomainError(field, 'format', `${field} must be a load in kW with at most 2 decimals, e.g. "2" or "7.5"`);
  }
  const load = new Decimal(compact);
  if (load.isZero() || load.greaterThan(MAX_LOAD_KW)) {
    throw new DomainError(field, 'range', `${field} must be more than 0 and at most ${MAX_LOAD_KW} kW`);
  }
  return load.toString();
}

function parseMobile(text: string): string {
  const digits = normalizeDigits(text, 'mobile');
  if (!/^01[3-9][0-9]{8}$/.test(digits)) {
    throw new DomainError('mobile', 'format', 'mobile must be an 11-digit Bangladeshi mobile number, e.g. 01712345678');
  }
  return digits;
}

function parseApplicantName(text: string): string {
  const name = text.trim();
  if (name.length === 0) throw new DomainError('applicantName', 'required', 'applicantName is required');
  if (name.length > 100) throw new DomainError('applicantName', 'length', 'applicantName may have at most 100 characters');
  return name;
}

/** Reads form row `row`; a row with neither phases nor load is unused (null). */
function parseMeterRow(form: ApplicationForm, row: number): Omit<MeterRequest, 'meterSerial'> | null {
  const phasesText = form[`phases${row}`]?.trim() ?? '';
  const loadText = form[`load${row}`]?.trim() ?? '';
  if (phasesText === '' && loadText === '') return null;
  if (phasesText !== '1' && phasesText !== '3') {
    throw new DomainError(`phases${row}`, 'required', `meter ${row} needs single- or three-phase`);
  }
  return { phases: Number(phasesText) as Phases, loadKw: parseLoad(loadText, `load${row}`) };
}

/**
 * Checks an application form and collects every field's error (not just the first), so the page
 * can show each next to its field. The filled rows become meters 1, 2, … in order: the meter
 * serial of the tracking number.
 */
export function parseApplicationForm(form: ApplicationForm, offices: readonly OfficeChoice[]): ApplicationParse {
  const errors: DomainError[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    const result = checked(read);
    if (result.error) errors.push(result.error);
    return result.value ?? undefined;
  };
  const office = attempt(() => {
    const choice = offices.find((o) => o.key === form.office);
    if (!choice) throw new DomainError('office', 'required', 'choose the office to apply at');
    return choice;
  });
  const applicantName = attempt(() => parseApplicantName(form.applicantName ?? ''));
  const mobile = attempt(() => parseMobile(form.mobile ?? ''));
  const meters: MeterRequest[] = [];
  for (let row = 1; row <= MAX_METERS_PER_APPLICATION; row += 1) {
    const meter = attempt(() => parseMeterRow(form, row));
    if (meter) meters.push({ meterSerial: meters.length + 1, ...meter });
  }
  const rowErrors = errors.some((e) => /^(phases|load)\d$/.test(e.field));
  if (meters.length === 0 && !rowErrors) {
    errors.push(new DomainError('meters', 'required', 'an application needs at least one meter'));
  }
  if (errors.length > 0 || !office || applicantName === undefined || mobile === undefined) return { ok: false, errors };
  return {
    ok: true,
    application: { merchantId: office.merchantId, officeCode: office.officeCode, applicantName, mobile, meters },
  };
}
