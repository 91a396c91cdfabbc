import type { Merchant } from './merchants.js';

/**
 * The names of the merchants this instance has met, for views built where no unit is at hand
 * (a transition's lazy view). A merchant's name never changes once created, so remembering it
 * is safe across instances; an instance learns a merchant created elsewhere at its first request
 * for it (the request context reads the merchant), and falls back to the id before that.
 */
export class KnownMerchants {
  private readonly names = new Map<string, string>();

  constructor(merchants: Iterable<Pick<Merchant, 'id' | 'name'>> = []) {
    for (const merchant of merchants) this.remember(merchant);
  }

  remember(merchant: Pick<Merchant, 'id' | 'name'>): void {
    this.names.set(merchant.id, merchant.name);
  }

  name(merchantId: string): string {
    return this.names.get(merchantId) ?? merchantId;
  }
}
