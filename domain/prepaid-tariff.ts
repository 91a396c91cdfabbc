/**
 * The energy a prepaid recharge buys under the fixtures' simple, simulated tariff
 * (fixtures/settings.json `prepaidTariff`): the recharge amount includes VAT at `vatPercent`;
 * what remains buys energy at `ratePerKwh` BDT per kWh. Real utilities also deduct demand charge
 * and meter rent and use stepped rates; the simulator keeps one rate so a test can check the figure.
 */
import { Decimal } from 'decimal.js';
import { parseAmount, parsePercent } from './money.js';

export interface PrepaidTariff {
  /** BDT per kWh, e.g. "7.50". */
  ratePerKwh: string;
  /** VAT included in the recharge amount, percent, e.g. "5". */
  vatPercent: string;
}

/** kWh bought by a recharge of `amount` ("500.00"), rounded down to 0.01 kWh (a meter never credits more than was paid for): "63.49". */
export function energyForRecharge(amount: string, tariff: PrepaidTariff): string {
  const paid = parseAmount(amount, 'amount');
  const vat = parsePercent(tariff.vatPercent, 'vatPercent');
  const rate = parseAmount(tariff.ratePerKwh, 'ratePerKwh');
  // Money Decimals (40 significant digits): the quotient is exact far below the 0.01 kWh kept.
  const energy = paid.times(100).dividedBy(vat.plus(100)).dividedBy(rate);
  return energy.toDecimalPlaces(2, Decimal.ROUND_DOWN).toFixed(2);
}
