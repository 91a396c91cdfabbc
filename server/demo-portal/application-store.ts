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

export class ApplicationStore {
  constructor(private readonly db: Database) {}

  create(request: ApplicationRequest, fees: readonly MeterFees[], at: Date): number {
    return this.db.transaction(() => {
      const { lastInsertRowid } = statement(
        this.db,
        `INSERT INTO demo_portal_applications (merchant_id, applicant_name, mobile, office_code, created_at)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(request.merchantId, request.applicantName, request.mobile, request.officeCode, at.getTime());
      const id = Number(lastInsertRowid);
      request.meters.forEach((meter, index) => {
        const fee = fees[index];
        if (!fee) throw new Error(`no fees for meter ${meter.meterSerial}`);
        statement(
          this.db,
          `INSERT INTO demo_portal_application_meters
             (application_id, meter_serial, phases, load_kw, application_fee, demand_note) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(id, meter.meterSerial, meter.phases, meter.loadKw, fee.applicationFee, fee.demandNote);
      });
      return id;
    })();
  }

  find(id: number): Application | null {
    const row = statement<
      [number],
      { id: number; merchant_id: string; applicant_name: string; mobile: string; office_code: string; created_at: number }
    >(this.db, 'SELECT * FROM demo_portal_applications WHERE id = ?').get(id);
    if (!row) return null;
    const meters = statement<
      [number],
      { meter_serial: number; phases: Phases; load_kw: string; application_fee: string; demand_note: string }
    >(this.db, 'SELECT * FROM demo_portal_application_meters WHERE application_id = ? ORDER BY meter_serial')
      .all(id)
      .map((m) => ({
        meterSerial: m.meter_serial,
        phases: m.phases,
        loadKw: m.load_kw,
        applicationFee: m.application_fee,
        demandNote: m.demand_note,
      }));
    return {
      id: row.id,
      merchantId: row.merchant_id,
      applicantName: row.applicant_name,
      mobile: row.mobile,
      officeCode: row.office_code,
      createdAt: new Date(row.created_at),
      meters,
    };
  }

  /** Every application, newest first (the demo keeps few). */
  list(): Application[] {
    const ids = statement<[], { id: number }>(this.db, 'SELECT id FROM demo_portal_applications ORDER BY id DESC').all();
    return ids.map(({ id }) => this.find(id)).filter((a): a is Application => a !== null);
  }
}
