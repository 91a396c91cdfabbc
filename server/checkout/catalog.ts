import { quoteCharges, type Quote } from '../../domain/charges.js';
import {
  chargeRulesFor,
  type Checkout,
  type Gateway,
  type MethodGateway,
  type PaymentMethod,
  type TabId,
} from '../../domain/fixtures-schema.js';
import { ValidationProblem } from '../http/problems.js';
import { BoundedCache } from '../payments/bounded-cache.js';
import type { SelectedQuote } from '../payments/record.js';

/** One row of a method's gateway table, with its charges for this bill. */
export interface GatewayRowView {
  id: string;
  name: string;
  bnName: string;
  quote: SelectedQuote;
}

export interface MethodView {
  id: string;
  name: string;
  bnName: string;
  kind: PaymentMethod['kind'];
  gateways: GatewayRowView[];
}

export interface TabView {
  id: TabId;
  label: string;
  bnLabel: string;
  methods: MethodView[];
}

/** The table quoted for one bill: its tabs, their JSON, and each row's quote by its fixture entry (for select). */
interface QuotedTabs {
  tabs: TabView[];
  json: string;
  quotes: Map<MethodGateway, SelectedQuote>;
}

function toSelectedQuote(quote: Quote): SelectedQuote {
  const { billAmount, lateFee, serviceCharge, convenienceFee, discount, total } = quote;
  return { billAmount, lateFee, serviceCharge, convenienceFee, discount, total };
}

/**
 * The checkout page's catalog (fixtures checkout.json + gateways.json): tabs, methods, gateway
 * rows and their fee rules, and the quote of any row for a bill.
 */
export class CheckoutCatalog {
  private readonly methods = new Map<string, PaymentMethod>();
  private readonly gateways: Map<string, Gateway>;
  /** The whole table quoted per (amount, lateFee), and its JSON: the same bill is quoted on every GET. */
  private readonly tabsCache = new BoundedCache<QuotedTabs>(1000);

  constructor(
    private readonly checkout: Checkout,
    gateways: readonly Gateway[],
  ) {
    this.gateways = new Map(gateways.map((gateway) => [gateway.id, gateway]));
    for (const tab of checkout.tabs) for (const method of tab.methods) this.methods.set(method.id, method);
  }

  /** The discount note under the table, in English and Bangla. */
  get note(): { en: string; bn: string } {
    return this.checkout.note;
  }

  method(methodId: string): PaymentMethod | undefined {
    return this.methods.get(methodId);
  }

  allMethods(): PaymentMethod[] {
    return [...this.methods.values()];
  }

  methodName(methodId: string): string {
    return this.methods.get(methodId)?.name ?? methodId;
  }

  gatewayName(gatewayId: string): string {
    return this.gateways.get(gatewayId)?.name ?? gatewayId;
  }

  methodBnName(methodId: string): string {
    return this.methods.get(methodId)?.bnName ?? this.methodName(methodId);
  }

  gatewayBnName(gatewayId: string): string {
    return this.gateways.get(gatewayId)?.bnName ?? this.gatewayName(gatewayId);
  }

  private quoteRow(entry: MethodGateway, amount: string, lateFee: string): SelectedQuote {
    return toSelectedQuote(this.fullQuote(entry, amount, lateFee));
  }

  private fullQuote(entry: MethodGateway, amount: string, lateFee: string): Quote {
    const gateway = this.gateways.get(entry.gateway);
    if (!gateway) throw new Error(`checkout fixture names unknown gateway ${entry.gateway}`);
    return quoteCharges({ billAmount: amount, lateFee, ...chargeRulesFor(gateway, entry) });
  }

  /**
   * A row's quote with its two discounts apart (the instrument's, on the service charge; the
   * gateway's, on the convenience fee), for wire formats that report them separately (ekPay's
   * `pi_discount` and `discount`); null when the method has no such row.
   */
  detailedQuote(methodId: string, gatewayId: string, amount: string, lateFee: string): Quote | null {
    const entry = this.methods.get(methodId)?.gateways.find((candidate) => candidate.gateway === gatewayId);
    return entry ? this.fullQuote(entry, amount, lateFee) : null;
  }

  /** Every tab, method and gateway row with its quote for a bill of `amount` + `lateFee`. */
  tabs(amount: string, lateFee: string): TabView[] {
    return this.quotedTabs(amount, lateFee).tabs;
  }

  /** JSON.stringify(tabs(amount, lateFee)), kept with them: most of the text of every session view. */
  tabsJson(amount: string, lateFee: string): string {
    return this.quotedTabs(amount, lateFee).json;
  }

  private quotedTabs(amount: string, lateFee: string): QuotedTabs {
    return this.tabsCache.get(`${amount}|${lateFee}`, () => {
      const quotes = new Map<MethodGateway, SelectedQuote>();
      const tabs = this.quoteTabs(amount, lateFee, quotes);
      return { tabs, json: JSON.stringify(tabs), quotes };
    });
  }

  private quoteTabs(amount: string, lateFee: string, quotes: Map<MethodGateway, SelectedQuote>): TabView[] {
    const quoted = (entry: MethodGateway): SelectedQuote => {
      const quote = this.quoteRow(entry, amount, lateFee);
      quotes.set(entry, quote);
      return quote;
    };
    return this.checkout.tabs.map((tab) => ({
      id: tab.id,
      label: tab.label,
      bnLabel: tab.bnLabel,
      methods: tab.methods.map((method) => ({
        id: method.id,
        name: method.name,
        bnName: method.bnName,
        kind: method.kind,
        gateways: method.gateways.map((entry) => ({
          id: entry.gateway,
          name: this.gatewayName(entry.gateway),
          bnName: this.gatewayBnName(entry.gateway),
          quote: quoted(entry),
        })),
      })),
    }));
  }

  /**
   * The row the customer picked, quoted (the quote its row shows in the session's tabs, from the
   * same cache); 422 naming `method` or `gateway` when there is none.
   */
  quote(methodId: string, gatewayId: string, amount: string, lateFee: string): { method: PaymentMethod; quote: SelectedQuote } {
    const method = this.methods.get(methodId);
    if (!method) {
      throw ValidationProblem.single('method', 'unknown', `there is no payment method "${methodId}"; see the session's tabs`);
    }
    const entry = method.gateways.find((candidate) => candidate.gateway === gatewayId);
    if (!entry) {
      const offered = method.gateways.map((candidate) => candidate.gateway).join(', ');
      throw ValidationProblem.single('gateway', 'unknown', `${method.name} is offered through ${offered}, not "${gatewayId}"`);
    }
    const quote = this.quotedTabs(amount, lateFee).quotes.get(entry);
    if (!quote) throw new Error(`checkout fixture row ${methodId}/${gatewayId} is missing from the quoted tabs`);
    // A copy: the payment's selection must not share the cached table's object.
    return { method, quote: { ...quote } };
  }
}
