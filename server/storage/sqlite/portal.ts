import type { Database } from 'better-sqlite3';
import { ApplicationStore } from '../../demo-portal/application-store.js';
import { PortalStore } from '../../demo-portal/store.js';
import type { PortalRepository } from '../repositories/portal.js';

/** The demo portal's records on SQLite: today's stores (server/demo-portal/), unchanged. */
export function sqlitePortal(db: Database): PortalRepository {
  const payments = new PortalStore(db);
  const applications = new ApplicationStore(db);
  return {
    insertPayment: async (payment, at) => payments.insertPayment(payment, at),
    findPayment: async (paymentId) => payments.findPayment(paymentId),
    paymentsFor: async (merchantId, payableKey) => payments.paymentsFor(merchantId, payableKey),
    // Units run one after another in this one process: nothing else can hold the payable.
    lockPayable: async (merchantId, payableKey) => payments.paymentsFor(merchantId, payableKey),
    applyGatewayView: async (payment, at) => payments.applyGatewayView(payment, at),
    recordWebhookEvent: async (event, at) => payments.recordWebhookEvent(event, at),
    webhookEvents: async (paymentId) => payments.webhookEvents(paymentId),
    createApplication: async (request, fees, at) => applications.create(request, fees, at),
    findApplication: async (id) => applications.find(id),
    applications: async () => applications.list(),
  };
}
