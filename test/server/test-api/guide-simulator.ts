/**
 * Not part of the guide: the simulator the guide's example talks to. A portal's CI runs
 * `npx billpay-sim --port 4010 --fast-webhooks` before its tests; here the same start
 * (server/start.ts, real clock, fresh database) runs in-process, unless BILLPAY_URL already
 * names a running simulator.
 */
import { afterAll, beforeAll } from 'vitest';
import { parseConfig } from '../../../server/config.js';
import { startServer, type RunningServer } from '../../../server/start.js';
import { tempDbFile } from '../../helpers/temp-db.js';

const temp = tempDbFile();
const given = process.env.BILLPAY_URL;
let running: RunningServer | undefined;

beforeAll(async () => {
  if (given) return;
  const config = parseConfig({ PORT: '0', BILLPAY_DB: temp.file, BILLPAY_FAST_WEBHOOKS: '1', LOG_LEVEL: 'silent' });
  running = await startServer(config);
  process.env.BILLPAY_URL = running.url;
});

afterAll(async () => {
  await running?.stop();
  if (!given) delete process.env.BILLPAY_URL;
  temp.remove();
});
