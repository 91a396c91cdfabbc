import type { DialectCredentials, DialectId, DialectLogin } from '../../dialects/credentials.js';
import type { DialectSession } from '../../dialects/sessions.js';

/** The drop-in gateway APIs' credentials and sessions (server/dialects/). */
export interface DialectRepository {
  /** Makes the merchant's credentials those given (dialects not named are removed). */
  storeCredentials(merchantId: string, credentials: DialectCredentials): Promise<void>;
  /** Whose a dialect login is, with its password's hash; null for an unknown login. */
  login(dialect: DialectId, login: string): Promise<DialectLogin | null>;
  /** The merchant's login and signing key for a dialect, or null when it has none. */
  account(dialect: DialectId, merchantId: string): Promise<{ login: string; signingKey: string | null } | null>;
  /** The session of a payment just created, with the gateway keys that find it. */
  insertSession(session: DialectSession<unknown>, keys: readonly string[]): Promise<void>;
  /** Another gateway identifier of the payment (e.g. SSLCommerz's val_id once paid). */
  addKey(dialect: DialectId, key: string, paymentId: string): Promise<void>;
  updateSessionData(paymentId: string, data: unknown): Promise<void>;
  /** The session of a payment, or null for a payment not created through a dialect. */
  session<Data>(paymentId: string): Promise<DialectSession<Data> | null>;
  /** The session a gateway identifier names (a key, or the payment key of paymentKeyOf), or null. */
  sessionByKey<Data>(dialect: DialectId, key: string): Promise<DialectSession<Data> | null>;
  /**
   * The newest session of the dialect with this merchant reference: of one merchant, or of any
   * merchant with credentials for the dialect when `merchantId` is null.
   */
  sessionByReference<Data>(dialect: DialectId, reference: string, merchantId: string | null): Promise<DialectSession<Data> | null>;
}
