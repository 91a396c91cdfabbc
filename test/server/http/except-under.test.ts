import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { exceptUnder } from '../../../server/http/except-under.js';

/** An app whose inner router answers every path; exceptUnder keeps it away from /api. */
function app(): express.Express {
  const inner = express.Router();
  inner.use((req, res) => {
    res.json({ by: 'inner', path: req.path });
  });
  const outer = express();
  outer.use(exceptUnder('/api', inner));
  outer.use((req, res) => {
    res.json({ by: 'rest', path: req.path });
  });
  return outer;
}

describe('exceptUnder', () => {
  it('passes the prefix and everything below it on, untouched', async () => {
    for (const path of ['/api', '/api/', '/api/v1/payments', '/api/v1/checkout/pay_1?x=1']) {
      const res = await request(app()).get(path);
      expect(res.body.by, path).toBe('rest');
    }
  });

  it('runs the handler for every other path, including look-alikes', async () => {
    for (const path of ['/', '/apix', '/apiary/x', '/demo/api/x', '/slips/api']) {
      const res = await request(app()).get(path);
      expect(res.body.by, path).toBe('inner');
    }
  });

  it('refuses a prefix that is not a bare path', () => {
    expect(() => exceptUnder('api', (_req, _res, next) => next())).toThrow();
    expect(() => exceptUnder('/api/', (_req, _res, next) => next())).toThrow();
  });
});
