import { html, nothing, type TemplateResult } from 'lit';
import type { Localization } from '../i18n/index.js';
import type { PaymentMethod, Quote } from '../session-view.js';

export interface GatewayTableProps {
  method: PaymentMethod;
  /** The gateway the server holds as selected for this method, if any. */
  selectedGateway: string | null;
  l: Localization;
  onSelect(methodId: string, gatewayId: string): void;
}

/**
 * The seed's gateway table (Gateway, Bill Amount, Service Charge, Convenience Fee, Total) with a
 * native radio per row: one group, so arrow keys move between rows and the browser tells screen
 * readers "2 of 5". A Late Payment Charge column appears when the bill has one, a Discount column
 * when some gateway discounts, so every row adds up on screen. On a narrow screen each row is a
 * card (CSS): the cells carry their column's name (`data-label`), and the explicit table roles
 * keep the table a table for screen readers whatever its display.
 */
export function renderGatewayTable(props: GatewayTableProps): TemplateResult {
  const { method, selectedGateway, l, onSelect } = props;
  const { t, name } = l;
  const shows = (key: keyof Quote) => method.gateways.some((gateway) => gateway.quote[key] !== '0.00');
  const amountColumns: Array<[keyof Quote, string]> = [
    ['billAmount', t.table.billAmount],
    ...(shows('lateFee') ? [['lateFee', t.summary.lateFee] as [keyof Quote, string]] : []),
    ['serviceCharge', t.table.serviceCharge],
    ['convenienceFee', t.table.convenienceFee],
    ...(shows('discount') ? [['discount', t.table.discount] as [keyof Quote, string]] : []),
    ['total', t.table.total],
  ];
  return html`
    <div class="table-scroll" part="table-wrapper">
      <table part="table" role="table">
        <caption part="table-caption">${t.table.caption(name(method))}</caption>
        <thead role="rowgroup">
          <tr part="table-head" role="row">
            <th scope="col" role="columnheader">${t.table.gateway}</th>
            ${amountColumns.map(
              ([key, label]) => html`<th scope="col" role="columnheader" class=${`amount ${key}`}>${label}</th>`,
            )}
          </tr>
        </thead>
        <tbody role="rowgroup">
          ${method.gateways.map((gateway) => {
            const selected = gateway.id === selectedGateway;
            const totalId = `total-${method.id}-${gateway.id}`;
            return html`
              <tr part=${selected ? 'row row-selected' : 'row'} class=${selected ? 'selected' : ''} role="row">
                <th scope="row" role="rowheader">
                  <label class="gateway">
                    <input
                      type="radio"
                      part="radio"
                      name="gateway"
                      .checked=${selected}
                      value=${gateway.id}
                      aria-describedby=${totalId}
                      @change=${() => onSelect(method.id, gateway.id)}
                    />
                    <span>${name(gateway)}</span>
                  </label>
                </th>
                ${amountColumns.map(
                  ([key, label]) => html`<td
                    role="cell"
                    class=${`amount ${key}`}
                    data-label=${label}
                    id=${key === 'total' ? totalId : nothing}
                  >
                    ${l.amount(gateway.quote[key])}
                  </td>`,
                )}
              </tr>
            `;
          })}
        </tbody>
      </table>
    </div>
  `;
}
