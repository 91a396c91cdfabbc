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

  it('takes any path for BILLPAY_DB, colons included, or a postgres:// URL, but says another URL is neither', () => {
    expect(parseConfig({ BILLPAY_DB: 'C:/data/billpay.sqlite' }).dbFile).toBe('C:/data/billpay.sqlite');
    expect(parseConfig({ BILLPAY_DB: ':memory:' }).dbFile).toBe(':memory:');
    expect(parseConfig({ BILLPAY_DB: './ci/run:1.sqlite' }).dbFile).toBe('./ci/run:1.sqlite');
    expect(parseConfig({ BILLPAY_DB: 'postgres://u@db/billpay' }).dbFile).toBe('postgres://u@db/billpay');
    expect(parseConfig({ BILLPAY_DB: 'postgresql://u@db:5433/billpay' }).dbFile).toBe('postgresql://u@db:5433/billpay');
    expect(() => parseConfig({ BILLPAY_DB: 'mysql://u@db/billpay' })).toThrow(
      /BILLPAY_DB: must be a SQLite file path, :memory:, or a postgres:\/\/ URL/,
    );
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
    ['BILLPAY_DB', 'mysql://localhost/billpay'],
    ['BILLPAY_DB', 'file:///tmp/billpay.sqlite'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => parseConfig({ [name]: value })).toThrow(name);
  });
});
