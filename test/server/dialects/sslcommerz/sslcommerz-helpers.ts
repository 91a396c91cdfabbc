/**
 * What the SSLCommerz drop-in tests share: the official client (sslcommerz-lts, unchanged) pointed
 * at a test server the one documented way, an init request like its README's, and SSLCommerz's
 * own PHP verify_sign helper, ported independently of the server's module.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

export const DESCO_STORE = { id: 'descotest', password: 'descotest@ssl' } as const;
export const WZPDCO_STORE = { id: 'wzpdcotest', password: 'wzpdcotest@ssl' } as const;

type Answer = Record<string, unknown>;

/** The methods of sslcommerz-lts 1.2.0 we call (it ships no types). */
export interface SslcommerzClient {
  initURL: string;
  validationURL: string;
  refundURL: string;
  refundQueryURL: string;
  transactionQueryBySessionIdURL: string;
  transactionQueryByTransactionIdURL: string;
  init(data: Record<string, unknown>): Promise<Answer>;
  validate(data: { val_id: string }): Promise<Answer>;
  initiateRefund(data: { refund_amount: string; refund_remarks: string; bank_tran_id: string; refe_id: string }): Promise<Answer>;
  refundQuery(data: { refund_ref_id: string }): Promise<Answer>;
  transactionQueryBySessionId(data: { sessionkey: string }): Promise<Answer>;
  transactionQueryByTransactionId(data: { tran_id: string }): Promise<Answer>;
}

const SSLCommerzPayment = createRequire(import.meta.url)('sslcommerz-lts') as new (
  storeId: string,
  password: string,
  live: boolean,
) => SslcommerzClient;

/**
 * The client as an integration constructs it, then pointed at the simulator the one documented
 * way (docs/drop-in/sslcommerz.md): its host is hard-coded, so the URL fields are overwritten.
 */
export function sslcommerzClient(baseUrl: string, store: { id: string; password: string } = DESCO_STORE): SslcommerzClient {
  const client = new SSLCommerzPayment(store.id, store.password, false);
  client.initURL = `${baseUrl}/gwprocess/v4/api.php`;
  client.validationURL = `${baseUrl}/validator/api/validationserverAPI.php?`;
  client.refundURL = `${baseUrl}/validator/api/merchantTransIDvalidationAPI.php?`;
  client.refundQueryURL = `${baseUrl}/validator/api/merchantTransIDvalidationAPI.php?`;
  client.transactionQueryBySessionIdURL = `${baseUrl}/validator/api/merchantTransIDvalidationAPI.php?`;
  client.transactionQueryByTransactionIdURL = `${baseUrl}/validator/api/merchantTransIDvalidationAPI.php?`;
  return client;
}

let tranSeq = 0;
/** A tran_id no other test uses (at most 30 characters). */
export function uniqueTranId(): string {
  tranSeq += 1;
  return `T${process.pid}${tranSeq}${Math.random().toString(36).slice(2, 8)}`.slice(0, 30);
}

/** The init data of sslcommerz-lts's README example, with a fresh tran_id and the given URLs. */
export function initData(urls: { success: string; fail: string; cancel: string; ipn?: string }, overrides: Record<string, unknown> = {}) {
  return {
    total_amount: 100,
    currency: 'BDT',
    tran_id: uniqueTranId(),
    success_url: urls.success,
    fail_url: urls.fail,
    cancel_url: urls.cancel,
    ipn_url: urls.ipn ?? '',
    shipping_method: 'Courier',
    product_name: 'Computer.',
    product_category: 'Electronic',
    product_profile: 'general',
    cus_name: 'Customer Name',
    cus_email: 'customer@example.com',
    cus_add1: 'Dhaka',
    cus_add2: 'Dhaka',
    cus_city: 'Dhaka',
    cus_state: 'Dhaka',
    cus_postcode: '1000',
    cus_country: 'Bangladesh',
    cus_phone: '01711111111',
    cus_fax: '01711111111',
    ship_name: 'Customer Name',
    ship_add1: 'Dhaka',
    ship_add2: 'Dhaka',
    ship_city: 'Dhaka',
    ship_state: 'Dhaka',
    ship_postcode: 1000,
    ship_country: 'Bangladesh',
    value_a: 'order-42',
    value_b: 'a&b=c d',
    ...overrides,
  };
}

/**
 * SSLCommerz's PHP helper (SslCommerzNotification::SSLCOMMERZ_hash_verify), line by line:
 * the keys of verify_key, their posted values, store_passwd = md5(password), ksort, join, md5.
 */
export function phpHashVerify(post: Record<string, string>, storePassword: string): boolean {
  if (!post.verify_sign || !post.verify_key) return false;
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  const newData: Record<string, string> = {};
  for (const key of post.verify_key.split(',')) newData[key] = post[key] ?? '';
  newData.store_passwd = md5(storePassword);
  const keys = Object.keys(newData).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hashString = keys.map((key) => `${key}=${newData[key]}`).join('&');
  return md5(hashString) === post.verify_sign;
}

/** A urlencoded body as PHP's $_POST sees it. */
export function formFields(body: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body));
}
