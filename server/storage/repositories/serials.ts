/** The tracking-number serials: 000-999 per office and second, shared by every merchant. */
export interface SerialRepository {
  /**
   * The next free serial for `officeCode` in the second of `at`, and that second; once a second's
   * thousand serials are used up, the next second's. Each serial is handed out once, whichever
   * instance asks. The office's row stays locked until the unit ends (PostgreSQL): allocate last.
   */
  allocate(officeCode: string, at: Date): Promise<{ serial: number; at: Date }>;
}
