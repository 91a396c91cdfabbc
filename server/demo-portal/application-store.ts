/**
 * New-connection applications as the portal keeps them (tables in migrations.ts): who applied at
 * which office, and each meter with its fees fixed when the application was made.
 */
import type { Database } from 'better-sqlite3';
import { statement } from '../storage/statements.js';
import type { ApplicationRequest, MeterFees, Phases } from './new-connection.js';

export interface ApplicationMeter extends MeterFees {
  meterSerial: number;
  phases: Phases;
  loadKw: string;
}

export interface Application {
  id: number;
  merchantId: string;
  applicantName: string;
  mobile: string;
  officeCode: string;
  createdAt: Date;
  meters: ApplicationMeter[];
}

/** A demo_portal_applications row, as both engines return it. */
export interface ApplicationRow {
  id: number;
  merchant_id: string;
  applicant_name: string;
  mobile: string;
  office_code: string;
  created_at: number;
}

/** A demo_portal_application_meters row, as both engines return it. */
export interface ApplicationMeterRow {
  meter_serial: number;
  phases: Phases;
  load_kw: string;
  application_fee: string;
  demand_note: string;
}

export const APPLICATION_COLUMNS = 'merchant_id, applicant_name, mobile, office_code, created_at';

/** A new demo_portal_applications row's values, in APPLICATION_COLUMNS' order (the id is the engine's). */
export function applicationValues(request: ApplicationRequest, at: Date) {
  return [request.merchantId, request.applicantName, request.mobile, request.officeCode, at.getTime()] as const;
}

export const APPLICATION_METER_COLUMNS = 'application_id, meter_serial, phases, load_kw, application_fee, demand_note';

/**
 * Each meter of the request with its fees (`fees[i]` is `meters[i]`'s): the values of its row after
 * the application's id, in APPLICATION_METER_COLUMNS' order. Throws for a meter without fees.
 */
export function meterValues(request: ApplicationRequest, fees: readonly MeterFees[]) {
  return request.meters.map((meter, index) => {
    const fee = fees[index];
    if (!fee) throw new Error(`no fees for meter ${meter.meterSerial}`);
    return [meter.meterSerial, meter.phases, meter.loadKw, fee.applicationFee, fee.demandNote] as const;
  });
}

export function toApplication(row: ApplicationRow, meters: readonly ApplicationMeterRow[]): Application {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    applicantName: row.applicant_name,
    mobile: row.mobile,
    officeCode: row.office_code,
    createdAt: new Date(row.created_at),
    meters: meters.map((m) => ({
      meterSerial: m.meter_serial,
      phases: m.phases,
      loadKw: m.load_kw,
      applicationFee: m.application_fee,
      demandNote: m.demand_note,
    })),
  };
}

export class ApplicationStore {
  constructor(private readonly db: Database) {}

  create(request: ApplicationRequest, fees: readonly MeterFees[], at: Date): number {
    const meters = meterValues(request, fees);
    return this.db.transaction(() => {
      const { lastInsertRowid } = statement(
        this.db,
        `INSERT INTO demo_portal_applications (${APPLICATION_COLUMNS}) VALUES (?, ?, ?, ?, ?)`,
      ).run(...applicationValues(request, at));
      const id = Number(lastInsertRowid);
      for (const values of meters) {
        statement(this.db, `INSERT INTO demo_portal_application_meters (${APPLICATION_METER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(id, ...values);
      }
      return id;
    })();
  }

  find(id: number): Application | null {
    const row = statement<[number], ApplicationRow>(this.db, 'SELECT * FROM demo_portal_applications WHERE id = ?').get(id);
    if (!row) return null;
    const meters = statement<[number], ApplicationMeterRow>(
      this.db,
      'SELECT * FROM demo_portal_application_meters WHERE application_id = ? ORDER BY meter_serial',
    ).all(id);
    return toApplication(row, meters);
  }

  /** Every application, newest first (the demo keeps few). */
  list(): Application[] {
    const ids = statement<[], { id: number }>(this.db, 'SELECT id FROM demo_portal_applications ORDER BY id DESC').all();
    return ids.map(({ id }) => this.find(id)).filter((a): a is Application => a !== null);
  }
}
