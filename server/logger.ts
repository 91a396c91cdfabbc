import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths pino blanks out wherever they appear in a log line. Secrets never reach a log: API keys,
 * client secrets, and anything a customer types to pay (card number, CVC, OTP, PIN, password).
 */
export const REDACTED_PATHS = [
  'authorization',
  'req.headers.authorization',
  'req.headers["billpay-client-secret"]',
  'clientSecret',
  '*.clientSecret',
  'card',
  '*.card',
  'number',
  '*.number',
  'cvc',
  '*.cvc',
  'otp',
  '*.otp',
  'pin',
  '*.pin',
  'password',
  '*.password',
];

export function createLogger(level: string = 'info'): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

/** For tests and tools: a logger that writes nothing. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
