import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFormBody } from '../../../../server/dialects/sslcommerz/form.js';

/** Names and values as merchants send them: Bangla, empty, and the characters forms encode. */
const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', 'রহিম', 'ঢাকা-১০০০', 'a&b=c+d', '100%', ' lead and trail ', 'line\r\nbreak'),
);
const name = fc.oneof(fc.constantFrom('cus_name', 'tran_id', 'value_a'), text.filter((value) => value !== ''));
const pairs = fc.array(fc.tuple(name, text), { maxLength: 20 });

/** PHP's $_POST, less empty values: the last value of a name wins, and an empty one removes it. */
function expected(entries: readonly (readonly [string, string])[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [key, value] of entries) {
    if (value === '') delete fields[key];
    else fields[key] = value;
  }
  return fields;
}

async function multipart(entries: readonly (readonly [string, string])[]): Promise<{ contentType: string; body: Buffer }> {
  const form = new FormData();
  for (const [key, value] of entries) form.append(key, value);
  const request = new Request('http://form.test/', { method: 'POST', body: form });
  return { contentType: request.headers.get('content-type') as string, body: Buffer.from(await request.arrayBuffer()) };
}

describe('SSLCommerz form bodies', () => {
  it('read a urlencoded body as PHP would, without the empty values', async () => {
    await fc.assert(
      fc.asyncProperty(pairs, async (entries) => {
        const body = Buffer.from(new URLSearchParams(entries.map(([key, value]) => [key, value])).toString());
        const fields = await addFormBody('urlencoded', 'application/x-www-form-urlencoded', body, {});
        expect({ ...fields }).toEqual(expected(entries));
      }),
      { numRuns: 200 },
    );
  });

  it('read a multipart body (as fetch writes one) to the same fields', async () => {
    await fc.assert(
      fc.asyncProperty(pairs, async (entries) => {
        const { contentType, body } = await multipart(entries);
        const fields = await addFormBody('multipart', contentType, body, {});
        expect({ ...fields }).toEqual(expected(entries));
      }),
      { numRuns: 200 },
    );
  });

  it('lets a body value override the query and an empty one remove it', async () => {
    const body = Buffer.from('tran_id=&cus_name=Body');
    const fields = await addFormBody('urlencoded', 'application/x-www-form-urlencoded', body, { tran_id: 'Q1', cus_name: 'Query', store_id: 's' });
    expect(fields).toEqual({ cus_name: 'Body', store_id: 's' });
  });
});
