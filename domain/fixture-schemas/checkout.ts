/**
 * checkout.json: the tabs, their payment methods and each method's gateway rows (which may
 * override the gateway's fee rules), and the discount note.
 */
import { z } from 'zod';
import type { QuoteInput } from '../charges.js';
import { noDuplicates } from '../no-duplicates.js';
import { comment, gatewayId, methodId, names, text } from './building-blocks.js';
import { chargeRuleSchema, discountRuleSchema, type Gateway } from './gateways.js';

export const METHOD_KINDS = ['card', 'mobile_banking', 'internet_banking', 'wallet'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

/** Each tab holds methods of one kind. */
export const TAB_KINDS = {
  cards: 'card',
  mobile_banking: 'mobile_banking',
  internet_banking: 'internet_banking',
  wallets: 'wallet',
} as const satisfies Record<string, MethodKind>;
export type TabId = keyof typeof TAB_KINDS;

const methodGatewaySchema = z.strictObject({
  gateway: gatewayId,
  serviceCharge: chargeRuleSchema.optional(),
  convenienceFee: chargeRuleSchema.optional(),
  // null: this method gets no such discount even if the gateway gives one.
  instrumentDiscount: discountRuleSchema.nullable().optional(),
  gatewayDiscount: discountRuleSchema.nullable().optional(),
});

const methodSchema = z.strictObject({
  id: methodId,
  ...names,
  kind: z.enum(METHOD_KINDS),
  /** The first step after Pay Now. */
  nextAction: z.enum(['card', 'wallet_number', 'bank_login']),
  gateways: z.array(methodGatewaySchema).min(1).superRefine(noDuplicates('gateway', (g) => g.gateway, { field: 'gateway' })),
});

const tabSchema = z
  .strictObject({
    id: z.enum(Object.keys(TAB_KINDS) as [TabId, ...TabId[]]),
    label: text,
    bnLabel: text,
    methods: z.array(methodSchema).min(1),
  })
  .superRefine((tab, ctx) => {
    const kind = TAB_KINDS[tab.id];
    tab.methods.forEach((method, index) => {
      if (method.kind !== kind) {
        ctx.addIssue({ code: 'custom', path: ['methods', index, 'kind'], message: `the ${tab.id} tab holds ${kind} methods, not ${method.kind}` });
      }
    });
  });

export const checkoutFileSchema = z
  .strictObject({
    ...comment,
    tabs: z.array(tabSchema).min(1).superRefine(noDuplicates('tab id', (t) => t.id, { field: 'id' })),
    note: z.strictObject({ en: text, bn: text }),
  })
  .superRefine((checkout, ctx) => {
    // A method id is unique across all tabs, which noDuplicates (one list at a time) cannot see.
    const seen = new Set<string>();
    checkout.tabs.forEach((tab, tabIndex) =>
      tab.methods.forEach((method, index) => {
        if (seen.has(method.id)) {
          ctx.addIssue({ code: 'custom', path: ['tabs', tabIndex, 'methods', index, 'id'], message: `duplicate method id "${method.id}"` });
        }
        seen.add(method.id);
      }),
    );
  })
  .transform(({ tabs, note }) => ({ tabs, note }));

export type Checkout = z.output<typeof checkoutFileSchema>;
export type CheckoutTab = Checkout['tabs'][number];
export type PaymentMethod = z.output<typeof methodSchema>;
export type MethodGateway = z.output<typeof methodGatewaySchema>;

/** The fee rules of one gateway-table row: the gateway's, with the method's overrides applied. */
export function chargeRulesFor(gateway: Gateway, entry: MethodGateway): Omit<QuoteInput, 'billAmount' | 'lateFee'> {
  const pick = <Rule>(override: Rule | null | undefined, fallback: Rule | undefined) =>
    override === undefined ? fallback : (override ?? undefined);
  const rules = {
    serviceCharge: entry.serviceCharge ?? gateway.serviceCharge,
    convenienceFee: pick(entry.convenienceFee, gateway.convenienceFee),
    instrumentDiscount: pick(entry.instrumentDiscount, gateway.instrumentDiscount),
    gatewayDiscount: pick(entry.gatewayDiscount, gateway.gatewayDiscount),
  };
  // Absent rules stay absent (not `undefined` keys), so the result compares and serialises cleanly.
  return Object.fromEntries(Object.entries(rules).filter(([, rule]) => rule !== undefined)) as typeof rules;
}
