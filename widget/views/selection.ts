import { html, nothing, type TemplateResult } from 'lit';
import type { Localization } from '../i18n/index.js';
import type { MethodTab, PaymentMethod, SessionView } from '../session-view.js';
import { renderGatewayTable } from './gateway-table.js';
import { tabKeyTarget } from './tab-keys.js';

export interface SelectionProps {
  session: SessionView;
  l: Localization;
  activeTab: string;
  /** The method the customer picked in the active tab (before or after choosing a gateway). */
  chosenMethod: string | null;
  onTabActivate(tabId: string): void;
  onMethodChoose(methodId: string): void;
  onGatewaySelect(methodId: string, gatewayId: string): void;
  onPayNow(): void;
  onCancel(): void;
  /** The URL of a method's tile image (served by the gateway: /assets/methods/<id>.svg). */
  artUrl(methodId: string): string;
}

/** The method shown in a tab: the one chosen there, or the only one the tab has. */
export function methodShownIn(tab: MethodTab, chosenMethod: string | null): PaymentMethod | null {
  return (
    tab.methods.find((method) => method.id === chosenMethod) ??
    (tab.methods.length === 1 ? tab.methods[0]! : null)
  );
}

function renderTabs(props: SelectionProps): TemplateResult {
  const { session, l, activeTab, onTabActivate } = props;
  const tabIds = session.tabs.map((tab) => tab.id);
  const onKeydown = (event: KeyboardEvent) => {
    const target = tabKeyTarget(event.key, tabIds, activeTab);
    if (target === null) return;
    event.preventDefault();
    onTabActivate(target);
  };
  return html`
    <div class="tabs" part="tabs" role="tablist" aria-label=${l.t.tabs.label} @keydown=${onKeydown}>
      ${session.tabs.map((tab) => {
        const active = tab.id === activeTab;
        return html`<button
          type="button"
          role="tab"
          id=${`tab-${tab.id}`}
          part=${active ? 'tab tab-active' : 'tab'}
          aria-selected=${active ? 'true' : 'false'}
          aria-controls=${`panel-${tab.id}`}
          tabindex=${active ? 0 : -1}
          @click=${() => onTabActivate(tab.id)}
        >
          ${l.t.tabs[tab.id] ?? tab.label}
        </button>`;
      })}
    </div>
  `;
}

/** Each method a tile (its logo and name) around a native radio: one group, arrow keys move. */
function renderMethods(tab: MethodTab, shown: PaymentMethod | null, props: SelectionProps): TemplateResult {
  return html`
    <fieldset class="methods" part="methods">
      <legend>${props.l.t.methodsLegend}</legend>
      ${tab.methods.map(
        (method) => html`<label class="method" part=${method === shown ? 'method method-active' : 'method'}>
          <input
            type="radio"
            part="radio"
            name=${`method-${tab.id}`}
            value=${method.id}
            .checked=${method === shown}
            @change=${() => props.onMethodChoose(method.id)}
          />
          <img part="method-logo" src=${props.artUrl(method.id)} alt="" width="64" height="40" />
          <span>${props.l.name(method)}</span>
        </label>`,
      )}
    </fieldset>
  `;
}

function renderPanel(tab: MethodTab, props: SelectionProps): TemplateResult {
  const { session, l, chosenMethod, onGatewaySelect } = props;
  const shown = methodShownIn(tab, chosenMethod);
  const selection = session.selection;
  return html`
    <div
      class="panel"
      part="tab-panel"
      role="tabpanel"
      id=${`panel-${tab.id}`}
      aria-labelledby=${`tab-${tab.id}`}
    >
      ${tab.methods.length === 0
        ? html`<p>${l.t.noMethods}</p>`
        : html`${renderMethods(tab, shown, props)}
          ${shown
            ? renderGatewayTable({
                method: shown,
                selectedGateway: selection?.method === shown.id ? selection.gateway : null,
                l,
                onSelect: onGatewaySelect,
              })
            : nothing}`}
    </div>
  `;
}

/** The chosen row's total, when the row belongs to the method on screen. */
export function payableTotal(session: SessionView, activeTab: string, chosenMethod: string | null): string | null {
  const tab = session.tabs.find((candidate) => candidate.id === activeTab);
  const shown = tab ? methodShownIn(tab, chosenMethod) : null;
  const selection = session.selection;
  return selection && selection.method === shown?.id ? selection.quote.total : null;
}

/** The gateway page proper: tabs, the active tab's methods and gateway table, note, the total, Pay / Cancel. */
export function renderSelection(props: SelectionProps): TemplateResult {
  const { session, l, activeTab, onPayNow, onCancel } = props;
  const total = payableTotal(session, activeTab, props.chosenMethod);
  return html`
    ${renderTabs(props)}
    ${session.tabs.map((tab) =>
      tab.id === activeTab
        ? renderPanel(tab, props)
        : // Inactive panels stay in the tree (empty) so every tab's aria-controls resolves.
          html`<div role="tabpanel" id=${`panel-${tab.id}`} aria-labelledby=${`tab-${tab.id}`} hidden></div>`,
    )}
    ${renderNote(session, l)}
    ${total
      ? html`<p class="payable" part="payable">
          <span>${l.t.totalPayable}</span> <strong part="payable-amount">${l.money(total)}</strong>
        </p>`
      : nothing}
    <div class="actions" part="actions">
      <button type="button" class="primary" part="pay-button" @click=${onPayNow}>
        ${total ? l.t.payAmount(l.money(total)) : l.t.payNow}
      </button>
      <button type="button" class="secondary" part="cancel-button" @click=${onCancel}>
        ${l.t.cancel}
      </button>
    </div>
  `;
}

/** The discount note in the page's language (the server sends both). */
function renderNote(session: SessionView, l: Localization): TemplateResult | typeof nothing {
  const note = l.locale === 'bn' ? session.bnNote ?? session.note : session.note;
  return note ? html`<p class="note" part="note">*${note}</p>` : nothing;
}
