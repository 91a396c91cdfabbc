/** The SSLCommerz drop-in endpoints in /openapi.json, hand-written (they answer in SSLCommerz's shapes). */
import type { DialectOpenApi } from '../layer.js';
import { VERIFY_KEYS } from './verify-sign.js';
import { MANDATORY_FIELDS } from './init.js';

const TAG = 'SSLCommerz (drop-in)';

const text = { type: 'string' } as const;
const json = (schema: Record<string, unknown>, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const query = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: text,
});
const credentials = [
  query('store_id', "the store's id (demo: descotest, wzpdcotest)", true),
  query('store_passwd', "the store's password (demo: descotest@ssl, wzpdcotest@ssl)", true),
  query('v', 'API version, 1 (ignored)'),
  query('format', 'json (ignored: the answer is always JSON)'),
];

const transactionFields = {
  type: 'object',
  description: 'The research 2.3 field set (status VALID, VALIDATED, PENDING, FAILED, CANCELLED, EXPIRED)',
  properties: Object.fromEntries([...VERIFY_KEYS, 'card_category', 'validated_on', 'APIConnect'].map((key) => [key, text])),
  additionalProperties: true,
};

const initRequest = {
  type: 'object',
  required: ['store_id', 'store_passwd', ...MANDATORY_FIELDS],
  properties: Object.fromEntries(
    ['store_id', 'store_passwd', ...MANDATORY_FIELDS, 'ipn_url', 'num_of_item', 'value_a', 'value_b', 'value_c', 'value_d'].map(
      (key) => [key, text],
    ),
  ),
  additionalProperties: { type: 'string', description: 'other documented fields are kept or ignored; empty strings count as absent' },
};

/** GET and POST (parameters in the query string, as the official client sends them). */
function queryOperations(operationId: string, summary: string, parameters: unknown[], response: Record<string, unknown>) {
  const operation = (method: string) => ({
    tags: [TAG],
    operationId: `${operationId}${method}`,
    summary,
    parameters: [...parameters, ...credentials],
    responses: { 200: response },
  });
  return { get: operation('Get'), post: operation('Post') };
}

/** Built when /openapi.json is first asked for, not at start (zod's JSON Schema conversion is slow). */
export function sslcommerzOpenApi(): DialectOpenApi {
  return {
    tag: {
      name: TAG,
      description:
        "SSLCommerz v4 at its own paths, for integrations written against SSLCommerz (sslcommerz-lts): base URL and store credentials changed, nothing else. Every answer is HTTP 200 JSON in SSLCommerz's shape (FAILED + failedreason, APIConnect INVALID_REQUEST / INACTIVE / FAILED). See docs/drop-in/sslcommerz.md.",
    },
    paths: {
      '/gwprocess/v4/api.php': {
        post: {
          tags: [TAG],
          operationId: 'sslcommerzInitSession',
          summary: 'Creates a session (a payment of purpose order) and answers its GatewayPageURL',
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': { schema: initRequest },
              'application/x-www-form-urlencoded': { schema: initRequest },
            },
          },
          responses: {
            200: json(
              {
                type: 'object',
                required: ['status'],
                properties: {
                  status: { enum: ['SUCCESS', 'FAILED'] },
                  failedreason: text,
                  sessionkey: text,
                  GatewayPageURL: text,
                  redirectGatewayURL: text,
                  store_name: text,
                  gw: { type: 'object' },
                  desc: { type: 'array' },
                },
              },
              'SUCCESS with the session, or FAILED with failedreason (missing field named, "Store Credential Error Or Store is De-active", amount outside 10.00-500000.00, duplicate tran_id)',
            ),
          },
        },
      },
      '/validator/api/validationserverAPI.php': queryOperations(
        'sslcommerzValidate',
        'Validates a val_id: VALID the first time, VALIDATED after, INVALID_TRANSACTION for a val_id the store does not have',
        [query('val_id', 'from the return POST or the IPN', true)],
        json(transactionFields, 'the transaction, or status INVALID_TRANSACTION'),
      ),
      '/validator/api/merchantTransIDvalidationAPI.php': queryOperations(
        'sslcommerzMerchantTransaction',
        'Transaction query by tran_id (element list) or sessionkey (flat); refund initiate (bank_tran_id, refund_amount, refund_remarks, refe_id) and refund query (refund_ref_id)',
        [
          query('tran_id', "the merchant's transaction id: answers { APIConnect, no_of_trans_found, element: [...] }"),
          query('sessionkey', 'the session key: answers the transaction, flat'),
          query('bank_tran_id', 'refund initiate: the paid transaction'),
          query('refund_amount', 'refund initiate: BDT, up to what was paid'),
          query('refund_remarks', 'refund initiate: the reason'),
          query('refe_id', "refund initiate: the merchant's refund reference (repeating it repeats the refund's answer)"),
          query('refund_trans_id', 'refund initiate: optional'),
          query('refund_ref_id', 'refund query: from the initiate answer'),
        ],
        json(
          { type: 'object', properties: { APIConnect: { enum: ['DONE', 'INVALID_REQUEST', 'FAILED', 'INACTIVE'] } }, additionalProperties: true },
          'APIConnect DONE with the answer of the mode, or INVALID_REQUEST / INACTIVE with errorReason',
        ),
      ),
      '/EasyCheckOut/{sessionkey}': {
        get: {
          tags: [TAG],
          operationId: 'sslcommerzCheckoutPage',
          summary: "The hosted checkout page of a session (GatewayPageURL); ?lang=bn for Bangla",
          parameters: [{ name: 'sessionkey', in: 'path', required: true, schema: text }, query('lang', 'en or bn')],
          responses: { 200: { description: 'HTML page' }, 404: { description: 'HTML page: no such session' } },
        },
      },
      '/gwprocess/v4/return/{paymentId}': {
        get: {
          tags: [TAG],
          operationId: 'sslcommerzReturnPage',
          summary:
            "Where the hosted page sends the browser when the payment ends: a form that POSTs the signed field set to success_url, fail_url or cancel_url",
          parameters: [
            { name: 'paymentId', in: 'path', required: true, schema: text },
            query('sig', 'the signature the session view handed out', true),
            query('lang', 'en or bn'),
          ],
          responses: { 200: { description: 'HTML page with an auto-submitted form' }, 404: { description: 'HTML page: link not valid' } },
        },
      },
    },
  };
}
