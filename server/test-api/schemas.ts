import { z } from 'zod';
import { METHOD_KINDS, TEST_OUTCOMES } from '../../domain/fixtures-schema.js';

export const advanceClockBody = z
  .strictObject({
    seconds: z
      .number()
      .int()
      .min(0)
      .max(366 * 24 * 3600)
      .describe("how far to move this merchant's clock forward"),
  })
  .meta({ id: 'AdvanceClock' });

export const clockSchema = z
  .object({
    merchantId: z.string(),
    now: z.string().describe("the merchant's clock"),
    offsetSeconds: z.number().describe('how far it is ahead of real time'),
  })
  .meta({ id: 'TestClock' });

export const testInstrumentSchema = z.object({
  method: z.string(),
  kind: z.enum(METHOD_KINDS),
  label: z.string(),
  outcome: z.enum(TEST_OUTCOMES),
  cardTypeDigit: z.int(),
  number: z.string().optional(),
  expiry: z.string().optional(),
  cvc: z.string().optional(),
  walletNumber: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  otp: z.string().optional(),
  pin: z.string().optional(),
});

export const testInstrumentListSchema = z
  .object({ object: z.literal('list'), data: z.array(testInstrumentSchema) })
  .meta({ id: 'TestInstrumentList' });
