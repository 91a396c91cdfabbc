/**
 * The floor under create-payment's ratio to the Express JSON echo: the echo (the same route,
 * body parser and answer as bench/target.ts's) that also does, per request, the storage a create
 * needs at least: one write unit of the built server's store (dist/, as `npm start` runs it)
 * that inserts the payment and its journal entry, committed in groups like the server's. Nothing
 * else of a create: no authentication, validation, idempotency, request log or routing of the
 * API. Create can at best cost what this does, so `echo / floor` bounds `create / echo` from above.
 *
 * Plain JavaScript, run by node itself: through tsx (as bench/target.ts runs) the store's code
 * would be transformed and cost more than the build's. Prints `{"port": …, "dbFile": …}` once
 * listening; its SQLite file is removed when it stops.
 *
 *   node bench/storage-floor.mjs [postgres://…]
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { v7 as uuidv7 } from 'uuid';
import { openStore } from '../dist/server/storage/open.js';

const MERCHANT = { id: 'bench-floor', name: 'Bench floor', shortName: 'Floor', utility: null, billLayout: 'standard', officeCode: '305' };
const SELECTION_MS = 5 * 60_000;

const [databaseUrl] = process.argv.slice(2);
let dbFile;
if (!databaseUrl) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'billpay-bench-'));
  dbFile = path.join(dir, 'floor.sqlite');
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
}
const store = await openStore(databaseUrl ?? dbFile, { logger: { warn: (fields, message) => console.error(message, fields) } });
await store.transact((tx) => tx.merchants.seed([{ ...MERCHANT, secretKey: 'sk_test_bench_floor', webhookSecrets: [] }], new Date()));

/** The row a create of bench/cases.ts's body stores (an application fee: no bill, no customer). */
function newPayment(body, now) {
  const id = `pay_${uuidv7().replaceAll('-', '')}`;
  const clientSecret = `${id}_secret_${randomBytes(18).toString('base64url')}`;
  return {
    id,
    merchantId: MERCHANT.id,
    reference: body.reference,
    purpose: body.purpose,
    status: 'awaiting_method',
    accountNo: null,
    billNo: null,
    billMonth: null,
    meterNo: null,
    officeCode: body.officeCode,
    meterSerial: null,
    costHead: null,
    billKey: null,
    amount: body.amount,
    lateFee: '0.00',
    customer: { name: null, mobile: null, email: null },
    returnUrls: { success: null, fail: null, cancel: null },
    webhookUrl: null,
    clientSecretSha256: createHash('sha256').update(clientSecret).digest('hex'),
    clientSecret,
    baseUrl: 'http://127.0.0.1',
    deadlineAt: new Date(now.getTime() + SELECTION_MS),
    selectionRemainingMs: null,
    attemptsUsed: 0,
    selection: null,
    auth: { step: null, triesLeft: null, instrumentId: null, pendingUntil: null },
    instrument: null,
    lastError: null,
    failureReason: null,
    trackingNumber: null,
    gatewayTransactionId: null,
    paidAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

const app = express();
app.post('/echo', express.json(), async (req, res, next) => {
  try {
    const now = new Date();
    const payment = newPayment(req.body, now);
    await store.transact(async (tx) => {
      await tx.payments.insert(payment);
      await tx.journal.append([
        { merchantId: MERCHANT.id, type: 'request', paymentId: payment.id, at: now, data: { method: 'POST', path: '/api/v1/payments', status: 201, ms: 1 } },
      ]);
    });
    res.json(req.body);
  } catch (error) {
    next(error);
  }
});
const server = app.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port, dbFile })));
process.on('SIGTERM', () => server.close(() => void store.close().then(() => process.exit(0))));
