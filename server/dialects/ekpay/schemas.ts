/**
 * ekPay's request bodies (research gateway-apis.md §1.1, §1.5) and what a session keeps of them.
 * ekPay publishes no schema: these accept what the public integrations send (freelancernishad/
 * laravel-ekpay, jbhasan/Payment-By-Ekpay, …): extra fields are tolerated, and ids that PHP
 * code sends as numbers (`ord_id`, `ipn_channel`) are read as their text. Amounts are checked
 * by the domain's parseAmount in the route (positive, at most 2 decimals).
 */
import { z } from 'zod';
import { requiredOr } from './errors.js';

/** A string, or a number taken as its text (PHP's json_encode writes ints as numbers). */
const idText = (max: number) =>
  z
    .union([z.string(), z.number()])
    .transform((value) => String(value).trim())
    .pipe(z.string().min(1, 'must not be empty').max(max, `must be at most ${max} characters`));

const optionalText = (max: number) =>
  z
    .union([z.string(), z.number(), z.null()])
    .optional()
    .transform((value) => (value === null || value === undefined ? null : String(value).trim()))
    .pipe(z.string().max(max, `must be at most ${max} characters`).nullable());

const httpUrl = z.url({ protocol: /^https?$/, error: requiredOr('must be an http(s) URL') }).max(2048);

export const merInfoSchema = z.object({
  mer_reg_id: z.string().trim().min(1, 'must not be empty').max(64),
  mer_pas_key: z.string().min(1, 'must not be empty').max(128),
});

/** POST /ekpaypg/v1/merchant-api, after `mer_info` (checked first, to know the merchant). */
export const merchantApiBody = z.object({
  req_timestamp: optionalText(64),
  feed_uri: z.object({ s_uri: httpUrl, f_uri: httpUrl, c_uri: httpUrl }),
  cust_info: z
    .object({
      cust_id: optionalText(64),
      cust_name: optionalText(200),
      cust_mobo_no: optionalText(32),
      cust_email: optionalText(254),
      cust_mail_addr: optionalText(500),
      cust_country: optionalText(64),
    })
    .optional(),
  trns_info: z.object({
    trnx_id: idText(100),
    /** Read by parseAmount (a number is taken as its shortest decimal text). */
    trnx_amt: z.union([z.string(), z.number()]),
    trnx_currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((currency) => currency === 'BDT', 'must be BDT (the only currency ekPay takes)')
      .optional(),
    ord_id: optionalText(100),
    ord_det: optionalText(500),
  }),
  ipn_info: z
    .object({
      ipn_channel: optionalText(8),
      ipn_email: optionalText(254),
      ipn_uri: httpUrl.optional(),
    })
    .optional(),
  mac_addr: optionalText(64),
});
export type MerchantApiBody = z.output<typeof merchantApiBody>;

/** POST /ekpaypg/v1/get-status: no credentials (research §1.5). */
export const getStatusBody = z.object({
  trnx_id: idText(100),
  trans_date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
    .optional(),
});

/** The customer fields echoed in the IPN as the merchant sent them (null when not sent). */
export type EkpayCustInfo = Record<'cust_id' | 'cust_name' | 'cust_mobo_no' | 'cust_email' | 'cust_mail_addr', string | null>;

/** What an ekPay session keeps besides its payment (dialect_sessions.data). */
export interface EkpaySessionData {
  /** The merchant's mer_reg_id, echoed in the IPN's basic_Info. */
  merRegId: string;
  secureToken: string;
  /** ekPay's own transaction id (the IPN's trnx_info.trnx_id); the merchant's is the session's reference. */
  ekpayTrnxId: string;
  feedUri: { s_uri: string; f_uri: string; c_uri: string };
  ipnUri: string | null;
  ipnChannel: string | null;
  ipnEmail: string | null;
  custInfo: EkpayCustInfo;
  ordId: string | null;
  ordDet: string | null;
}
