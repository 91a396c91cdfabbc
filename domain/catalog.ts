/**
 * Reference data behind the utility's numbers (seed 002): utilities and their meter codes, meter
 * manufacturers and types, WZPDCO's circles > offices > substations > feeders (what the digits of
 * a 9-digit account number name), and DESCO's S&D divisions. The data lives in
 * fixtures/reference.json; this module validates it and types it.
 */
import { z } from 'zod';
import data from '../fixtures/reference.json' with { type: 'json' };
import { DomainError } from './errors.js';
import { noDuplicates } from './no-duplicates.js';

const digitsCode = (length: number) =>
  z.string().regex(new RegExp(`^[0-9]{${length}}$`), `must be exactly ${length} ASCII digits`);

const names = {
  name: z.string().min(1),
  bnName: z.string().min(1).optional(),
};

/** An array whose items must not repeat `key`, so a code can never name two things. */
function uniqueList<Item extends z.ZodType>(item: Item, what: string, key: (value: z.output<Item>) => string) {
  return z.array(item).superRefine(noDuplicates(what, key));
}

const feederSchema = z.strictObject({ digit: digitsCode(1), ...names });

const substationSchema = z.strictObject({
  digit: digitsCode(1),
  ...names,
  feeders: uniqueList(feederSchema, 'feeder digit', (f) => f.digit).default([]),
});

const officeSchema = z.strictObject({
  code: digitsCode(2),
  ...names,
  substations: uniqueList(substationSchema, 'substation digit', (s) => s.digit).default([]),
});

const circleSchema = z.strictObject({
  digit: digitsCode(1),
  ...names,
  offices: uniqueList(officeSchema, 'office code', (o) => o.code),
});

const utilitySchema = z.strictObject({
  id: z.string().regex(/^[A-Z]+$/, 'must be upper-case letters'),
  ...names,
  /** The seed's short Bangla name (e.g. ওজোপাডিকো). */
  bnShortName: z.string().min(1).optional(),
  /** First two digits of this utility's prepaid meter numbers. */
  meterCodes: z.array(digitsCode(2)).min(1),
});

const meterManufacturerSchema = z.strictObject({ code: digitsCode(2), ...names });

const meterTypeSchema = z.strictObject({
  code: digitsCode(1),
  ...names,
  phases: z.union([z.literal(1), z.literal(3)]),
  mode: z.enum(['offline', 'smart']),
  entry: z.enum(['keypad', 'card']),
});

const descoOfficeSchema = z.strictObject({
  /** First two digits of the 8-digit DESCO accounts this division serves. */
  accountPrefix: digitsCode(2),
  /** The 3-digit office code of tracking numbers for this division's payments. */
  officeCode: digitsCode(3),
  ...names,
});

export const referenceCatalogSchema = z
  .strictObject({
    $comment: z.string().optional(),
    utilities: uniqueList(utilitySchema, 'utility id', (u) => u.id),
    meterManufacturers: uniqueList(meterManufacturerSchema, 'manufacturer code', (m) => m.code),
    meterTypes: uniqueList(meterTypeSchema, 'meter type code', (t) => t.code),
    /** WZPDCO's circles: the first digit of a 9-digit account number. */
    circles: uniqueList(circleSchema, 'circle digit', (c) => c.digit),
    descoOffices: uniqueList(descoOfficeSchema, 'DESCO account prefix', (o) => o.accountPrefix),
  })
  .superRefine((catalog, ctx) => {
    const meterCodeOwner = new Map<string, string>();
    catalog.utilities.forEach((utility, index) => {
      for (const code of utility.meterCodes) {
        const owner = meterCodeOwner.get(code);
        if (owner) {
          const message = `meter code "${code}" already belongs to ${owner}`;
          ctx.addIssue({ code: 'custom', path: ['utilities', index, 'meterCodes'], message });
        }
        meterCodeOwner.set(code, utility.id);
      }
    });
    // Tracking numbers carry only the office code, so DESCO's codes must not shadow WZPDCO's.
    const wzpdcoOfficeCodes = new Set(catalog.circles.flatMap((c) => c.offices.map((o) => c.digit + o.code)));
    catalog.descoOffices.forEach((office, index) => {
      if (wzpdcoOfficeCodes.has(office.officeCode)) {
        const message = `office code "${office.officeCode}" is already a WZPDCO office`;
        ctx.addIssue({ code: 'custom', path: ['descoOffices', index, 'officeCode'], message });
      }
    });
  });

export type ReferenceCatalog = z.output<typeof referenceCatalogSchema>;
export type Utility = ReferenceCatalog['utilities'][number];
export type MeterManufacturer = ReferenceCatalog['meterManufacturers'][number];
export type MeterType = ReferenceCatalog['meterTypes'][number];
export type Circle = ReferenceCatalog['circles'][number];
export type DescoOffice = ReferenceCatalog['descoOffices'][number];

// Parsed once, at import: compiling zod's fast path (jit) for one parse costs more than it saves.
export const defaultCatalog: ReferenceCatalog = referenceCatalogSchema.parse(data, { jitless: true });

/**
 * The DESCO S&D division serving an 8-digit DESCO account (by its first two digits), or
 * undefined when the catalog does not know it.
 */
export function descoOfficeForAccount(
  accountNo: string,
  catalog: ReferenceCatalog = defaultCatalog,
): DescoOffice | undefined {
  if (typeof accountNo !== 'string' || !/^[0-9]{8}$/.test(accountNo)) return undefined;
  return catalog.descoOffices.find((office) => accountNo.startsWith(office.accountPrefix));
}

/**
 * The 3-digit office code a tracking number carries for a consumer account: for DESCO (8-digit
 * accounts) the `officeCode` of its S&D division in `descoOffices`, the same table the portal
 * names the division from; for the standard 9-digit layout the account's first three digits
 * (circle and office, seed 002). A DESCO account whose prefix names no division is refused.
 */
export function officeCodeOfAccount(
  accountNo: string,
  billLayout: 'desco' | 'standard',
  catalog: ReferenceCatalog = defaultCatalog,
): string {
  if (billLayout === 'standard') return accountNo.slice(0, 3);
  const office = descoOfficeForAccount(accountNo, catalog);
  if (!office) {
    const known = catalog.descoOffices.map((o) => o.accountPrefix).join(', ');
    throw new DomainError('accountNo', 'unknown_office', `DESCO account ${accountNo} names no S&D division: its first two digits must be one of ${known}`);
  }
  return office.officeCode;
}
