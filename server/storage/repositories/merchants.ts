import type { Merchant, MerchantSeed } from '../../payments/merchants.js';

/** Merchants, their API key (as a hash) and their webhook secrets. */
export interface MerchantRepository {
  /**
   * Makes each seed's row match it (insert or update) and makes its listed webhook secrets
   * active; `ephemeral` marks merchants made through the test API, which may be deleted.
   */
  seed(seeds: readonly MerchantSeed[], at: Date, options?: { ephemeral?: boolean }): Promise<void>;
  /** The merchant whose secret key hashes to `keySha256` (sha256Hex), or null. */
  findBySecretKeySha256(keySha256: string): Promise<Merchant | null>;
  get(merchantId: string): Promise<Merchant | null>;
  /** True for a merchant made through the test API, false for a seeded one, null for none. */
  isEphemeral(merchantId: string): Promise<boolean | null>;
  /** Deletes the merchant's row; what hangs off it must be gone already, or cascade. */
  delete(merchantId: string): Promise<void>;
  listIds(): Promise<string[]>;
  /** The merchant's active webhook secrets, newest first (sign with the first, accept any). */
  webhookSecrets(merchantId: string): Promise<string[]>;
}
