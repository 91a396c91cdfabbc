import { describe, expect, it } from 'vitest';
import { findMerchantBySecretKey, getMerchant, seedMerchants, type MerchantSeed } from '../../../server/payments/merchants.js';
import type { Database } from '../../../server/storage/database.js';
import { freshDatabaseEachTest } from '../../helpers/temp-db.js';

let db: Database;
freshDatabaseEachTest((opened) => {
  db = opened.db;
});

const seed = (id: string, name: string): MerchantSeed => ({
  id,
  name,
  shortName: id,
  utility: null,
  billLayout: 'standard',
  officeCode: '000',
  secretKey: `sk_test_${id}`,
  webhookSecrets: [],
});

describe('merchant lookups (remembered per database)', () => {
  it('find a merchant by key and by id, and nothing for a key no merchant has', () => {
    seedMerchants(db, [seed('a', 'Alpha')], new Date());
    expect(findMerchantBySecretKey(db, 'sk_test_a')?.name).toBe('Alpha');
    expect(getMerchant(db, 'a')?.name).toBe('Alpha');
    expect(findMerchantBySecretKey(db, 'sk_test_a ')).toBeNull();
    expect(getMerchant(db, 'b')).toBeNull();
  });

  it('find a merchant added after a failed lookup, and see a merchant changed by seeding again', () => {
    seedMerchants(db, [seed('a', 'Alpha')], new Date());
    expect(findMerchantBySecretKey(db, 'sk_test_b')).toBeNull();
    expect(findMerchantBySecretKey(db, 'sk_test_a')?.name).toBe('Alpha');
    seedMerchants(db, [seed('a', 'Alpha Power'), seed('b', 'Beta')], new Date());
    expect(findMerchantBySecretKey(db, 'sk_test_b')?.id).toBe('b');
    expect(findMerchantBySecretKey(db, 'sk_test_a')?.name).toBe('Alpha Power');
    expect(getMerchant(db, 'a')?.name).toBe('Alpha Power');
  });
});
