/**
 * The shape of every fixtures/*.json file and the aggregate `Fixtures`: the one module other code
 * imports them from. Pure: reading the files is server/fixtures/load.ts's job.
 *
 * domain/fixture-schemas/ holds the pieces: building-blocks.ts (ids, amounts, item keys), one
 * module per file's schema, and cross-file-checks.ts (ids one file uses that another defines, bill
 * and meter numbers that must belong to their account).
 */
import type { z } from 'zod';
import { cardTypeRulesSchema, type CardTypeRules } from './card-type.js';
import { referenceCatalogSchema, type ReferenceCatalog } from './catalog.js';
import { accountsFileSchema, type AccountFixture } from './fixture-schemas/accounts.js';
import { checkoutFileSchema, type Checkout } from './fixture-schemas/checkout.js';
import { gatewaysFileSchema, type Gateway } from './fixture-schemas/gateways.js';
import { merchantsFileSchema, type MerchantFixture } from './fixture-schemas/merchants.js';
import { settingsFileSchema, type Settings } from './fixture-schemas/settings.js';
import { testInstrumentsFileSchema, type TestInstruments } from './fixture-schemas/test-instruments.js';

export { itemKeys } from './fixture-schemas/building-blocks.js';
export { gatewaysFileSchema, type Gateway } from './fixture-schemas/gateways.js';
export {
  METHOD_KINDS,
  TAB_KINDS,
  chargeRulesFor,
  checkoutFileSchema,
  type Checkout,
  type CheckoutTab,
  type MethodGateway,
  type MethodKind,
  type PaymentMethod,
  type TabId,
} from './fixture-schemas/checkout.js';
export {
  TEST_OUTCOMES,
  testInstrumentsFileSchema,
  type TestBankLogin,
  type TestCard,
  type TestInstruments,
  type TestOutcome,
  type TestWallet,
} from './fixture-schemas/test-instruments.js';
export { merchantsFileSchema, type MerchantFixture } from './fixture-schemas/merchants.js';
export { accountsFileSchema, type AccountFixture, type BillFixture } from './fixture-schemas/accounts.js';
export { settingsFileSchema, type Settings } from './fixture-schemas/settings.js';
export { findCrossFileIssues, type FixtureIssue } from './fixture-schemas/cross-file-checks.js';

export interface Fixtures {
  reference: ReferenceCatalog;
  cardTypes: CardTypeRules;
  gateways: Gateway[];
  checkout: Checkout;
  testInstruments: TestInstruments;
  merchants: MerchantFixture[];
  accounts: AccountFixture[];
  settings: Settings;
}

/** Each part of Fixtures, its file and its schema: the one table the loader works from. */
export const FIXTURE_FILES = {
  reference: { file: 'reference.json', schema: referenceCatalogSchema },
  cardTypes: { file: 'card-types.json', schema: cardTypeRulesSchema },
  gateways: { file: 'gateways.json', schema: gatewaysFileSchema },
  checkout: { file: 'checkout.json', schema: checkoutFileSchema },
  testInstruments: { file: 'test-instruments.json', schema: testInstrumentsFileSchema },
  merchants: { file: 'merchants.json', schema: merchantsFileSchema },
  accounts: { file: 'accounts.json', schema: accountsFileSchema },
  settings: { file: 'settings.json', schema: settingsFileSchema },
} as const satisfies { [Part in keyof Fixtures]: { file: string; schema: z.ZodType<Fixtures[Part]> } };

export type FixturePart = keyof Fixtures;
