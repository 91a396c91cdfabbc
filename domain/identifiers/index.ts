export {
  ACCOUNT_NUMBER_LENGTH,
  formatAccountNumber,
  isValidAccountNumber,
  parseAccountNumber,
  type AccountNumber,
  type PartNames,
} from './account-number.js';
export { METER_NUMBER_LENGTH, formatMeterNumber, parseMeterNumber, type MeterNumber } from './meter-number.js';
export {
  BILL_NUMBER_LENGTH,
  formatBillNumber,
  parseBillNumber,
  type BillNumber,
  type BillNumberOptions,
} from './bill-number.js';
export {
  DESCO_ACCOUNT_NUMBER_LENGTH,
  DESCO_BILL_NUMBER_LENGTH,
  formatDescoBillNumber,
  parseDescoBillNumber,
  type DescoBillNumber,
  type DescoBillNumberOptions,
} from './desco-bill-number.js';
export { TWO_DIGIT_YEAR_WINDOW, expandTwoDigitYear } from './parts.js';
export type { BillPeriod } from './bill-layout.js';
