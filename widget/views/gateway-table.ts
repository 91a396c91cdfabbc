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
 * readers "2 of 5". A Discount column appears only when some gateway discounts.
 */
export function renderGatewayTable(props: GatewayTableProps): TemplateResult {
  const { method, selectedGateway, l, onSelect } = props;
  const { t, digits, name } = l;
  const showDiscount = method.gateways.some((gateway) => gateway.quote.discount !== '0.00');
  const amountColumns: Array<[keyof Quote, string]> = [
    ['billAmount', t.table.billAmount],
    ['serviceCharge', t.table.serviceCharge],
    ['convenienceFee', t.table.convenienceFee],
    ...(showDiscount ? [['discount', t.table.discount] as [keyof Quote, string]] : []),
    ['total', t.table.total],
  ];
  return html`
    <div class="table-scroll" part="table-wrapper">
      <table part="table">
        <caption part="table-caption">${t.table.caption(name(method))}</caption>
        <thead>
          <tr part="table-head">
            <th scope="col">${t.table.gateway}</th>
            ${amountColumns.map(([, label]) => html`<th scope="col" class="amount">${label}</th>`)}
          </tr>
        </thead>
        <tbody>
          ${method.gateways.map((gateway) => {
            const selected = gateway.id === selectedGateway;
            const totalId = `total-${method.id}-${gateway.id}`;
            return html`
              <tr part=${selected ? 'row row-selected' : 'row'} class=${selected ? 'selected' : ''}>
                <th scope="row">
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
                  ([key]) => html`<td class="amount" id=${key === 'total' ? totalId : nothing}>
                    ${digits(gateway.quote[key])}
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
