import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../server/config.js';

describe('parseConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(parseConfig({})).toEqual({
      port: 4010,
      host: '127.0.0.1',
      dbFile: './data/billpay.sqlite',
      synchronous: 'normal',
      selectionSeconds: undefined,
      fastWebhooks: false,
      publicUrl: undefined,
      logLevel: 'info',
    });
  });

  it('reads every variable', () => {
    const config = parseConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      BILLPAY_DB: ':memory:',
      BILLPAY_SYNCHRONOUS: 'full',
      BILLPAY_SELECTION_SECONDS: '60',
      BILLPAY_FAST_WEBHOOKS: '1',
      BILLPAY_PUBLIC_URL: 'https://pay.example.test/',
      LOG_LEVEL: 'silent',
    });
    expect(config).toEqual({
      port: 0,
      host: '0.0.0.0',
      dbFile: ':memory:',
      synchronous: 'full',
      selectionSeconds: 60,
      fastWebhooks: true,
      publicUrl: 'https://pay.example.test',
      logLevel: 'silent',
    });
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', BILLPAY_SELECTION_SECONDS: '' }).port).toBe(4010);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['BILLPAY_SELECTION_SECONDS', '0'],
    ['BILLPAY_SYNCHRONOUS', 'off'],
    ['BILLPAY_SELECTION_SECONDS', '1.5'],
    ['BILLPAY_PUBLIC_URL', 'ftp://nope'],
    ['LOG_LEVEL', 'loud'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});
