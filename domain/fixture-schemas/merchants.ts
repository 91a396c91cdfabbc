/** merchants.json: the merchants (utility portals), their keys and the bill-number layout they use. */
import { z } from 'zod';
import { noDuplicates } from '../no-duplicates.js';
import { comment, itemKeys, merchantId, names, text } from './building-blocks.js';

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
});

export const merchantsFileSchema = z
  .strictObject({
    ...comment,
    merchants: z
      .array(merchantSchema)
      .min(1)
      .superRefine(noDuplicates('merchant id', itemKeys.merchant, { field: 'id' }))
      .superRefine(noDuplicates('secret key', (m) => m.secretKey, { field: 'secretKey', secret: true })),
  })
  .transform((file) => file.merchants);

export type MerchantFixture = z.output<typeof merchantSchema>;
