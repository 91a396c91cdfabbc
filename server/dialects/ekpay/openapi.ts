/**
 * The ekPay endpoints in /openapi.json, under their own tag. Request bodies come from the
 * validating zod schemas; answers are written out here (they are ekPay's shapes, not ours).
 */
import { z } from 'zod';
import type { DialectOpenApi } from '../layer.js';
import { EKPAY_CODES } from './errors.js';
import { getStatusBody, merchantApiBody, merInfoSchema } from './schemas.js';

type Json = Record<string, unknown>;

const TAG = 'ekPay (drop-in)';

function requestSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
}

const amount = { type: 'string', examples: ['11.17'] };
const nullableString = { type: ['string', 'null'] };

const FAILURE: Json = {
  type: 'object',
  description: `ekPay's failure shape (HTTP 200, no secure_token). msg_code: ${EKPAY_CODES.malformedBody} body not a JSON object, ${EKPAY_CODES.invalidField} missing or invalid field (msg_det names field and rule), ${EKPAY_CODES.authentication} wrong mer_reg_id / mer_pas_key, ${EKPAY_CODES.duplicateTransaction} trnx_id already used, ${EKPAY_CODES.invalidAmount} invalid trnx_amt, ${EKPAY_CODES.transactionNotFound} unknown trnx_id (get-status), ${EKPAY_CODES.unknownEndpoint} unknown endpoint (HTTP 404), ${EKPAY_CODES.unavailable} try again.`,
  properties: { msg_code: { type: 'string', examples: [EKPAY_CODES.invalidField] }, msg_det: { type: 'string' } },
  required: ['msg_code', 'msg_det'],
};

const IPN: Json = {
  type: 'object',
  description: `The IPN shape. msg_code ${EKPAY_CODES.paid} paid, ${EKPAY_CODES.failed} failed or expired, ${EKPAY_CODES.cancelled} cancelled, ${EKPAY_CODES.inProgress} not ended yet (get-status only).`,
  properties: {
    secure_token: { type: 'string' },
    msg_code: { type: 'string', enum: [EKPAY_CODES.paid, EKPAY_CODES.failed, EKPAY_CODES.cancelled, EKPAY_CODES.inProgress] },
    msg_det: { type: 'string', examples: ['Transaction completed successfully'] },
    req_timestamp: { type: 'string', examples: ['2026-12-04 14:07:40 GMT+6'] },
    basic_Info: {
      type: 'object',
      properties: {
        mer_reg_id: { type: 'string' },
        ipn_info: nullableString,
        redirect_to: nullableString,
        dgtl_sign: { type: 'string', description: 'simulator-specific: hex SHA-256 of "mer_reg_id|mer_trnx_id|trnx_amt|msg_code"' },
        ord_desc: nullableString,
        remarks: { type: 'string' },
      },
    },
    cust_info: { type: 'object', additionalProperties: nullableString },
    scroll_no: { type: 'null' },
    trnx_info: {
      type: 'object',
      properties: {
        trnx_amt: amount,
        trnx_id: { type: 'string', description: "ekPay's transaction id" },
        mer_trnx_id: { type: 'string', description: "the merchant's trnx_id" },
        curr: { const: 'BDT' },
        pi_trnx_id: { ...nullableString, description: "the instrument's transaction id, once paid" },
        pi_charge: { ...amount, description: 'Service Charge' },
        ekpay_charge: { ...amount, description: 'Convenience Fee' },
        pi_discount: { ...amount, description: 'instrument discount (on the service charge)' },
        discount: { ...amount, description: 'gateway discount (on the convenience fee)' },
        promo_discount: amount,
        total_ser_chrg: { ...amount, description: 'pi_charge + ekpay_charge' },
        total_pabl_amt: { ...amount, description: 'the total the customer pays' },
      },
    },
    pi_det_info: {
      type: 'object',
      properties: {
        pay_timestamp: nullableString,
        pi_name: nullableString,
        pi_type: { type: ['string', 'null'], enum: ['Cards', 'Mobile Banking', 'Internet Banking', 'Wallets', null] },
        pi_number: { ...nullableString, description: 'masked' },
        pi_gateway: nullableString,
        card_holder_name: { type: 'null' },
      },
    },
  },
  required: ['msg_code', 'msg_det', 'trnx_info'],
};

const json = (schema: Json) => ({ 'application/json': { schema } });
const html = { 'text/html': { schema: { type: 'string' } } };

/** Built when /openapi.json is first asked for, not at start (zod's JSON Schema conversion is slow). */
export function ekpayOpenApi(): DialectOpenApi {
  return {
    tag: {
      name: TAG,
      description:
        "ekPay's own API at its own paths (base URL http://<host>/ekpaypg/v1), reconstructed from integrators' code: see docs/drop-in/ekpay.md.",
    },
    paths: {
      '/ekpaypg/v1/merchant-api': {
        post: {
          operationId: 'ekpayMerchantApi',
          summary: 'Creates a payment session (mer_reg_id / mer_pas_key in the body) and answers its secure_token',
          tags: [TAG],
          security: [],
          requestBody: {
            required: true,
            content: json(requestSchema(merchantApiBody.extend({ mer_info: merInfoSchema }))),
          },
          responses: {
            200: {
              description: `msg_code ${EKPAY_CODES.created} with secure_token, or the failure shape`,
              content: json({
                oneOf: [
                  {
                    type: 'object',
                    properties: {
                      secure_token: { type: 'string', description: 'a JWT (HS512)' },
                      msg_code: { const: EKPAY_CODES.created },
                      msg_det: { type: 'string' },
                    },
                    required: ['secure_token', 'msg_code', 'msg_det'],
                  },
                  FAILURE,
                ],
              }),
            },
          },
        },
      },
      '/ekpaypg/v1': {
        get: {
          operationId: 'ekpayHostedPage',
          summary: 'The hosted payment page of a session (the redirect target)',
          tags: [TAG],
          security: [],
          parameters: [
            { name: 'sToken', in: 'query', required: true, schema: { type: 'string' }, description: 'the secure_token' },
            { name: 'trnsID', in: 'query', required: true, schema: { type: 'string' }, description: "the merchant's trnx_id" },
            { name: 'lang', in: 'query', required: false, schema: { enum: ['en', 'bn'] } },
          ],
          responses: {
            200: { description: 'the checkout page', content: html },
            404: { description: 'no session has this sToken and trnsID (an HTML page saying so)', content: html },
          },
        },
      },
      '/ekpaypg/v1/get-status': {
        post: {
          operationId: 'ekpayGetStatus',
          summary: "A session's status in the IPN shape, by the merchant's trnx_id (no credentials)",
          tags: [TAG],
          security: [],
          requestBody: { required: true, content: json(requestSchema(getStatusBody)) },
          responses: {
            200: { description: 'the IPN shape, or the failure shape', content: json({ oneOf: [IPN, FAILURE] }) },
          },
        },
      },
    },
  };
}
