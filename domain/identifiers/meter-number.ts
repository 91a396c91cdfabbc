/**
 * The 12-digit prepaid meter number (seed 002): utility (2 digits), manufacturer (2), meter type
 * (1), serial (7). Example: 050350143117 = a WZPDCO meter made by BSECO, single-phase smart
 * (online) keypad, serial 0143117. Unlike account numbers, every coded part must be known.
 */
import { defaultCatalog, type MeterType, type ReferenceCatalog } from '../catalog.js';
import { DomainError } from '../errors.js';
import { joinParts, layoutLength, namesOf, splitDigits } from './parts.js';

const FIELD = 'meterNo';
const LAYOUT = { utility: 2, manufacturer: 2, meterType: 1, serial: 7 } as const;
export const METER_NUMBER_LENGTH = layoutLength(LAYOUT);

interface Named {
  name: string;
  bnName?: string;
}

export interface MeterNumber {
  /** The 12 ASCII digits. */
  value: string;
  utility: { code: string; id: string } & Named;
  manufacturer: { code: string } & Named;
  meterType: { code: string; phases: MeterType['phases']; mode: MeterType['mode']; entry: MeterType['entry'] } & Named;
  /** The meter's 7-digit serial number. */
  serial: string;
}

const known = (entries: readonly { code: string; name: string }[]) =>
  entries.map((e) => `${e.code} ${e.name}`).join(', ');

export function parseMeterNumber(input: string, catalog: ReferenceCatalog = defaultCatalog): MeterNumber {
  const { value, parts } = splitDigits(input, FIELD, LAYOUT);
  const { utility: utilityCode, manufacturer: manufacturerCode, meterType: meterTypeCode } = parts;

  const utility = catalog.utilities.find((u) => u.meterCodes.includes(utilityCode));
  if (!utility) {
    const codes = catalog.utilities.flatMap((u) => u.meterCodes.map((code) => ({ code, name: u.id })));
    throw new DomainError(
      FIELD,
      'unknown_utility',
      `meter number starts with utility code ${utilityCode}, which no utility uses (known: ${known(codes)})`,
    );
  }
  const manufacturer = catalog.meterManufacturers.find((m) => m.code === manufacturerCode);
  if (!manufacturer) {
    throw new DomainError(
      FIELD,
      'unknown_manufacturer',
      `meter number has manufacturer code ${manufacturerCode} (digits 3-4), which is not a known meter maker ` +
        `(known: ${known(catalog.meterManufacturers)})`,
    );
  }
  const meterType = catalog.meterTypes.find((t) => t.code === meterTypeCode);
  if (!meterType) {
    throw new DomainError(
      FIELD,
      'unknown_meter_type',
      `meter number has meter type ${meterTypeCode} (digit 5), which is not a known meter type ` +
        `(known: ${known(catalog.meterTypes)})`,
    );
  }

  return {
    value,
    utility: { code: utilityCode, id: utility.id, ...namesOf(utility) },
    manufacturer: { code: manufacturerCode, ...namesOf(manufacturer) },
    meterType: {
      code: meterTypeCode,
      ...namesOf(meterType),
      phases: meterType.phases,
      mode: meterType.mode,
      entry: meterType.entry,
    },
    serial: parts.serial,
  };
}

/** The canonical 12 digits of a meter number, given as text or as parsed parts. */
export function formatMeterNumber(meter: MeterNumber | string, catalog: ReferenceCatalog = defaultCatalog): string {
  if (typeof meter === 'string') return parseMeterNumber(meter, catalog).value;
  const parts = meter as Partial<MeterNumber> | null | undefined;
  const digits = joinParts(FIELD, LAYOUT, {
    utility: parts?.utility?.code,
    manufacturer: parts?.manufacturer?.code,
    meterType: parts?.meterType?.code,
    serial: parts?.serial,
  });
  return parseMeterNumber(digits, catalog).value;
}
