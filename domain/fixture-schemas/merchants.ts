/** merchants.json: the merchants (utility portals), their keys and the bill-number layout they use. */
import { z } from 'zod';
import { noDuplicates } from '../no-duplicates.js';
import { comment, digits, itemKeys, merchantId, names, text } from './building-blocks.js';

/**
 * A merchant's credentials for one drop-in gateway API: `login` is what the gateway calls the
 * merchant's id (ekPay `mer_reg_id`, SSLCommerz `store_id`), `password` its secret (ekPay
 * `mer_pas_key`, SSLCommerz `store_passwd`).
 */
const dialectCredential = z.strictObject({
  login: z.string().regex(/^[A-Za-z0-9_.@-]{3,64}$/, 'expected 3-64 letters, digits or _ . @ -'),
  password: z.string().min(6).max(128),
});

/** The drop-in gateway APIs a merchant can be reached through (server/dialects/). */
export const DIALECT_IDS = ['ekpay', 'sslcommerz'] as const;
export type DialectId = (typeof DIALECT_IDS)[number];


const merchantSchema = z.strictObject({
  id: merchantId,
  ...names,
  shortName: text,
  bnShortName: text,
  /** A utility id of reference.json. */
  utility: z.string().regex(/^[A-Z]+$/, 'expected an upper-case utility id such as "DESCO"'),
  /** desco: MMYY + 8-digit account (seed 000); standard: YYMM + 9-digit account (seed 002). */
  billLayout: z.enum(['desco', 'standard']),
  secretKey: z.string().regex(/^sk_test_[A-Za-z0-9_]+$/, 'expected a test key "sk_test_…"'),
  webhookSecret: z.string().regex(/^whsec_[A-Za-z0-9_]+$/, 'expected "whsec_…"'),
  /** The office code of the tracking numbers of its orders (payments of purpose `order`); default "000". */
  officeCode: digits(3).default('000'),
  /** Credentials for each drop-in gateway API, by dialect (none: not reachable through it). */
  dialects: z.partialRecord(z.enum(DIALECT_IDS), dialectCredential).default({}),
});

export const merchantsFileSchema = z
  .strictObject({
    ...comment,
    merchants: z
      .array(merchantSchema)
      .min(1)
      .superRefine(noDuplicates('merchant id', itemKeys.merchant, { field: 'id' }))
      .superRefine(noDuplicates('secret key', (m) => m.secretKey, { field: 'secretKey', secret: true }))
      .superRefine((merchants, ctx) => {
        // A gateway login names one merchant: two merchants with one ekPay mer_reg_id could not be told apart.
        for (const dialect of DIALECT_IDS) {
          const loginOf = (m: MerchantFixture) => m.dialects[dialect]?.login ?? `\u0000${m.id}`;
          noDuplicates(`${dialect} login`, loginOf, { field: 'dialects' })(merchants, ctx);
        }
      }),
  })
  .transform((file) => file.merchants);

export type MerchantFixture = z.output<typeof merchantSchema>;
