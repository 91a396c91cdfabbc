/**
 * The payment instrument a customer actually used, as far as the gateway can tell. The card-type
 * digit of a tracking number and the masked text on a slip are derived from it. It never holds a
 * full card number, CVV, PIN or OTP.
 */
export type Instrument =
  | {
      kind: 'card';
      /** Card scheme: visa, mastercard, amex, nexus (DBBL's domestic scheme), … */
      brand: string;
      /** Issuing bank's gateway id, e.g. DBBL, EBL, CITY. */
      issuer: string;
      funding: 'debit' | 'credit' | 'prepaid';
      /** Last four digits, for the slip. */
      last4: string;
    }
  | { kind: 'mobile_banking'; provider: string; /** masked wallet number */ account: string }
  | { kind: 'internet_banking'; bank: string; /** masked login */ account: string }
  | { kind: 'wallet'; provider: string; /** masked wallet id */ account: string };

export type InstrumentKind = Instrument['kind'];
