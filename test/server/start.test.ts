import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.js';
import { FixturesError } from '../../server/fixtures/load.js';
import { startServer } from '../../server/start.js';
import { tempDbFile } from '../helpers/temp-db.js';
import { openEventStream } from './journal/event-stream.js';

const temp = tempDbFile();
afterAll(() => temp.remove());

const config = (dbFile: string) => parseConfig({ PORT: '0', BILLPAY_DB: dbFile, LOG_LEVEL: 'silent' });

describe('startServer', () => {
  it('refuses bad fixtures before creating the database', async () => {
    const fixtures = path.join(path.dirname(temp.file), 'fixtures');
    fs.mkdirSync(fixtures);
    fs.writeFileSync(path.join(fixtures, 'settings.json'), '{ "maxAttempts": 0 }');
    const dbFile = path.join(path.dirname(temp.file), 'never', 'billpay.sqlite');
    await expect(startServer(config(dbFile), { fixturesOverrides: fixtures })).rejects.toThrow(FixturesError);
    expect(fs.existsSync(path.dirname(dbFile))).toBe(false);
  });

  it('stops promptly with an event stream open: the stream ends, the database closes', async () => {
    const running = await startServer(config(temp.file));
    const stream = await openEventStream(`${running.url}/api/v1/test/events`, { Authorization: 'Bearer sk_test_desco_demo' });
    expect(stream.status).toBe(200);
    await running.stop();
    await stream.ended;
    // The server ended the stream itself (closeAll), rather than the grace period cutting it.
    expect(running.services.liveEvents.size).toBe(0);
    await expect(fetch(`${running.url}/api/v1/test-instruments`)).rejects.toThrow();
  });
});
