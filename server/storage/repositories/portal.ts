import type { Application } from '../../demo-portal/application-store.js';
import type { GatewayPayment } from '../../demo-portal/gateway-client.js';
import type { ApplicationRequest, MeterFees } from '../../demo-portal/new-connection.js';
import type { PortalPayment, ReceivedWebhookEvent } from '../../demo-portal/store.js';

/**
 * The demo portal's own records (server/demo-portal/): the payments it created and what it was
 * told about them, the webhook events it received, and new-connection applications. The portal is
 * a merchant like any other: nothing here reads the gateway's tables.
 */
export interface PortalRepository {
  insertPayment(payment: PortalPayment, at: Date): Promise<void>;
  findPayment(paymentId: string): Promise<PortalPayment | null>;
  /** The payments made for one payable (newest first): at most one paid, perhaps one in progress. */
  paymentsFor(merchantId: string, payableKey: string): Promise<PortalPayment[]>;
  /**
   * Holds one payable of a merchant until the unit ends, then answers its payments as `paymentsFor`
   * does. A unit that starts by locking a payable waits for any other holding it (on any instance)
   * and then reads what that one committed, so "record a payment unless one is there" holds across
   * instances. On SQLite units run one at a time: there it is a plain read.
   */
  lockPayable(merchantId: string, payableKey: string): Promise<PortalPayment[]>;
  /**
   * Records what the gateway said about a payment the portal created. A payment that has ended
   * stays ended: a late, replayed or concurrent message about another step cannot change it.
   * Returns the record as it now is, or null for a payment the portal does not know.
   */
  applyGatewayView(payment: GatewayPayment, at: Date): Promise<PortalPayment | null>;
  /** Remembers a received webhook event: true for the one call that recorded it, false for a redelivery. */
  recordWebhookEvent(event: ReceivedWebhookEvent, at: Date): Promise<boolean>;
  /** The events received about a payment, in the order received. */
  webhookEvents(paymentId: string): Promise<ReceivedWebhookEvent[]>;
  /** A new application with its meters' fees (`fees[i]` is `request.meters[i]`'s); its id, the engine's. */
  createApplication(request: ApplicationRequest, fees: readonly MeterFees[], at: Date): Promise<number>;
  findApplication(id: number): Promise<Application | null>;
  /** Every application, newest first (the demo keeps few). */
  applications(): Promise<Application[]>;
}
