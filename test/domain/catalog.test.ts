import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCatalog, descoOfficeForAccount, referenceCatalogSchema } from '../../domain/catalog.js';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/reference.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const issuesOf = (catalog: unknown) => referenceCatalogSchema.safeParse(catalog).error?.issues.map((issue) => issue.message) ?? [];

describe('defaultCatalog', () => {
  it('is the fixture, validated', () => {
    expect(referenceCatalogSchema.parse(fixture)).toEqual(defaultCatalog);
  });

  it("has seed 002's utilities and their meter codes", () => {
    const codes = Object.fromEntries(defaultCatalog.utilities.map((u) => [u.id, u.meterCodes]));
    expect(codes).toEqual({ BPDB: ['01'], DPDC: ['02'], DESCO: ['03', '06'], BREB: ['04'], WZPDCO: ['05'], NESCO: ['11'] });
    for (const utility of defaultCatalog.utilities) expect(utility.bnName).toMatch(/[\u0980-\u09FF]/);
  });

  it("has seed 002's meter makers and the six meter types", () => {
    expect(defaultCatalog.meterManufacturers.map((m) => `${m.code} ${m.name}`)).toEqual([
      '01 Hexing Electrical Co.',
      '02 Shenzhen Inhemeter Co. (Ideal)',
      '03 Bangladesh Smart Electrical Co. (BSECO)',
    ]);
    expect(defaultCatalog.meterTypes.map((t) => [t.code, t.phases, t.mode, t.entry])).toEqual([
      ['1', 1, 'offline', 'keypad'],
      ['2', 1, 'offline', 'card'],
      ['3', 3, 'offline', 'keypad'],
      ['4', 3, 'offline', 'card'],
      ['5', 1, 'smart', 'keypad'],
      ['6', 3, 'smart', 'keypad'],
    ]);
  });

  it('has several WZPDCO circles for a demo, and the office of the seed tracking numbers (305)', () => {
    expect(defaultCatalog.circles.map((c) => c.name)).toEqual(expect.arrayContaining(['Khulna', 'Jessore', 'Barisal', 'Kushtia']));
    const kushtia = defaultCatalog.circles.find((c) => c.digit === '3');
    expect(kushtia?.offices.some((o) => o.code === '05')).toBe(true);
  });
});

describe('descoOfficeForAccount', () => {
  it('finds the S&D division of DESCO account 12345678 (seed 000)', () => {
    expect(descoOfficeForAccount('12345678')).toMatchObject({ name: 'S&D Division Gulshan', officeCode: '901' });
  });

  it('answers undefined for unknown prefixes and for anything but 8 digits', () => {
    expect(descoOfficeForAccount('99345678')).toBeUndefined();
    expect(descoOfficeForAccount('1234567')).toBeUndefined();
    expect(descoOfficeForAccount(12345678 as never)).toBeUndefined();
  });
});

describe('referenceCatalogSchema', () => {
  it('refuses a meter code claimed by two utilities', () => {
    const utilities = [...defaultCatalog.utilities, { id: 'XYZ', name: 'Another', meterCodes: ['05'] }];
    expect(issuesOf({ ...fixture, utilities })).toContainEqual(expect.stringMatching(/meter code "05" already belongs to WZPDCO/));
  });

  it('refuses a repeated circle digit and a repeated office code', () => {
    const khulna = defaultCatalog.circles[0]!;
    expect(issuesOf({ ...fixture, circles: [khulna, khulna] })).toContainEqual(expect.stringMatching(/duplicate circle digit "1"/));
    const twiceOffice = { ...khulna, offices: [khulna.offices[0]!, khulna.offices[0]!] };
    expect(issuesOf({ ...fixture, circles: [twiceOffice] })).toContainEqual(expect.stringMatching(/duplicate office code/));
  });

  it('refuses a DESCO office code that is already a WZPDCO office', () => {
    const descoOffices = [{ accountPrefix: '55', officeCode: '104', name: 'Clash' }];
    expect(issuesOf({ ...fixture, descoOffices })).toContainEqual(expect.stringMatching(/"104" is already a WZPDCO office/));
  });

  it('refuses malformed codes and unknown keys', () => {
    const meterTypes = [{ code: '7', name: 'Two-phase', phases: 2, mode: 'smart', entry: 'keypad' }];
    expect(issuesOf({ ...fixture, meterTypes })).not.toHaveLength(0);
    const meterManufacturers = [{ code: '4', name: 'One digit' }];
    expect(issuesOf({ ...fixture, meterManufacturers })).toContainEqual(expect.stringMatching(/exactly 2 ASCII digits/));
    expect(issuesOf({ ...fixture, circle: [] })).not.toHaveLength(0);
  });
});
