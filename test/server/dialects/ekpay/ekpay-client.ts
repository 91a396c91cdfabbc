/**
 * A small ekPay client written from the public integrations (research gateway-apis.md §1), the way
 * freelancernishad/laravel-ekpay's EkpayService and jbhasan/Payment-By-Ekpay's EkpayController
 * call the gateway: POST {base}/merchant-api with the credentials in the body, redirect the
 * customer to {base}?sToken=…&trnsID=…, read `transId` on the return URL, then POST
 * {base}/get-status and trust only `msg_code == 1020` with the amount and currency checked.
 * It speaks plain HTTP with fetch and imports nothing of the server: it is what a merchant has.
 */

export interface EkpayConfig {
  /** e.g. http://127.0.0.1:4010/ekpaypg/v1 (live: https://pg.ekpay.gov.bd/ekpaypg/v1) */
  apiUrl: string;
  merRegId: string;
  merPassKey: string;
  /** The merchant's IPN endpoint. */
  ipnUrl: string;
  whitelistIp?: string;
}

export interface TrnsInfo {
  trnx_id: string;
  trnx_amt: string | number;
  trnx_currency?: string;
  ord_id?: string | number;
  ord_det?: string;
}

export interface CustInfo {
  cust_id?: string;
  cust_name?: string;
  cust_mobo_no?: string;
  cust_email?: string;
  cust_mail_addr?: string;
  cust_country?: string;
}

export interface RedirectUrls {
  success: string;
  fail: string;
  cancel: string;
}

/** What merchant-api answers: a token, or the failure shape. */
export interface MerchantApiAnswer {
  secure_token?: string;
  msg_code: string;
  msg_det: string;
  [key: string]: unknown;
}

/** The IPN / get-status shape (§1.4); the failure shape has only msg_code and msg_det. */
export interface EkpayStatus {
  secure_token?: string;
  msg_code: string;
  msg_det: string;
  req_timestamp?: string;
  basic_Info?: Record<string, string | null>;
  cust_info?: Record<string, string | null>;
  trnx_info?: Record<string, string | null>;
  pi_det_info?: Record<string, string | null>;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2026-12-04 14:05:11 GMT+6", as the PHP clients build it (their servers run on Dhaka time). */
export function dhakaTimestamp(at = new Date()): string {
  const d = new Date(at.getTime() + 6 * 3600 * 1000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} GMT+6`;
}

async function postJson<T>(url: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as T };
}

export class EkpayClient {
  constructor(readonly config: EkpayConfig) {}

  /** The merchant-api body, as laravel-ekpay's initiatePayment builds it. */
  payload(trnsInfo: TrnsInfo, custInfo: CustInfo, redirect: RedirectUrls): Record<string, unknown> {
    return {
      mer_info: { mer_reg_id: this.config.merRegId, mer_pas_key: this.config.merPassKey },
      req_timestamp: dhakaTimestamp(),
      feed_uri: { c_uri: redirect.cancel, f_uri: redirect.fail, s_uri: redirect.success },
      cust_info: custInfo,
      trns_info: trnsInfo,
      ipn_info: { ipn_channel: '3', ipn_email: 'ops@example.com', ipn_uri: this.config.ipnUrl },
      mac_addr: this.config.whitelistIp ?? '1.1.1.1',
    };
  }

  /** POST {base}/merchant-api with any body (for the failure cases). */
  async merchantApi(body: unknown): Promise<MerchantApiAnswer> {
    const answer = await postJson<MerchantApiAnswer>(`${this.config.apiUrl}/merchant-api`, body);
    if (answer.status !== 200) throw new Error(`merchant-api answered HTTP ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /** initiatePayment: the token and the URL to send the customer to; throws like the PHP client when no token comes back. */
  async initiatePayment(
    trnsInfo: TrnsInfo,
    custInfo: CustInfo,
    redirect: RedirectUrls,
  ): Promise<{ secureToken: string; paymentUrl: string; trnxId: string }> {
    const answer = await this.merchantApi(this.payload(trnsInfo, custInfo, redirect));
    if (answer.secure_token === undefined || answer.msg_code !== '1000') {
      throw new Error(`ekPay secure token not received: ${JSON.stringify(answer)}`);
    }
    return {
      secureToken: answer.secure_token,
      paymentUrl: `${this.config.apiUrl}?sToken=${answer.secure_token}&trnsID=${trnsInfo.trnx_id}`,
      trnxId: trnsInfo.trnx_id,
    };
  }

  /** checkStatus: POST {base}/get-status, no credentials. */
  async checkStatus(trnxId: string, transDate: string): Promise<EkpayStatus> {
    const answer = await postJson<EkpayStatus>(`${this.config.apiUrl}/get-status`, { trnx_id: trnxId, trans_date: transDate });
    if (answer.status !== 200) throw new Error(`get-status answered HTTP ${answer.status}`);
    return answer.body;
  }

  /** jbhasan's orderValidate: paid only with msg_code 1020 and the amount and currency agreeing. */
  async orderValidate(trnxId: string, transDate: string, amount: string, currency = 'BDT'): Promise<boolean> {
    const status = await this.checkStatus(trnxId, transDate);
    return status.msg_code === '1020' && status.trnx_info?.trnx_amt === amount && status.trnx_info?.curr === currency;
  }
}

/** `$request->transId` on the merchant's return (or IPN) URL. */
export function readTransId(url: string): string | null {
  return new URL(url, 'http://merchant.invalid').searchParams.get('transId');
}
