/** gateways.json: the gateways and the fee rules of their gateway-table rows. */
import { z } from 'zod';
import type { ChargeRule, DiscountRule } from '../charges.js';
import { noDuplicates } from '../no-duplicates.js';
import { amountString, comment, gatewayId, itemKeys, names, percentString, text, validAmountOrUndefined } from './building-blocks.js';

export const chargeRuleSchema = z
  .strictObject({
    percent: percentString,
    flat: amountString,
    min: amountString.optional(),
    max: amountString.optional(),
  })
  .superRefine((rule, ctx) => {
    const min = validAmountOrUndefined(rule.min);
    const max = validAmountOrUndefined(rule.max);
    if (min && max && min.greaterThan(max)) {
      ctx.addIssue({ code: 'custom', path: ['min'], message: 'min must not exceed max' });
    }
  }) satisfies z.ZodType<ChargeRule>;

export const discountRuleSchema = z.strictObject({
  percent: percentString,
  flat: amountString,
  max: amountString.optional(),
}) satisfies z.ZodType<DiscountRule>;

const gatewaySchema = z.strictObject({
  id: gatewayId,
  kind: z.enum(['bank', 'mobile_banking', 'wallet']),
  ...names,
  fullName: text,
  bnFullName: text,
  // The rules of the gateway's table row; a method's gateway entry (checkout.json) may override each.
  serviceCharge: chargeRuleSchema,
  convenienceFee: chargeRuleSchema.optional(),
  instrumentDiscount: discountRuleSchema.optional(),
  gatewayDiscount: discountRuleSchema.optional(),
});

export const gatewaysFileSchema = z
  .strictObject({
    ...comment,
    gateways: z.array(gatewaySchema).min(1).superRefine(noDuplicates('gateway id', itemKeys.gateway, { field: 'id' })),
  })
  .transform((file) => file.gateways);

export type Gateway = z.output<typeof gatewaySchema>;
