/**
 * Each merchant's fault settings, stored rows read in the unit that needs them (never cached), so
 * a setting made through one instance is in force on every instance sharing the database at its
 * next request. The seeded draws of `probability` are counted in the settings' row
 * (`tx.faults.takeDraw`): instances drawing at once share one sequence, as one process would.
 * Changing or clearing a merchant's settings lifts the holds its webhook faults put on
 * deliveries, so nothing stays held by a setting that is gone.
 */
import type { ApiRoute } from '../http/routes.js';
import { ValidationProblem } from '../http/problems.js';
import type { Store, Tx } from '../storage/port.js';
import { matchesRoute, resolveRoutes, type ApiFault, type FaultSettings, type RouteMatcher } from './settings.js';

/** Test controls never get a merchant's API faults: a test must always be able to take them back. */
const TEST_CONTROLS = /^\/api\/v1\/test(?:\/|-instruments)/;

/** mulberry32's step, added to its state once per draw. */
const STEP = 0x6d2b79f5;

/**
 * Draw number `index` (0, 1, …) of mulberry32 seeded with `seed`, in [0, 1): the same seed gives
 * the same faults run after run. Its state after n draws is seed + n·STEP, so any draw is
 * computed directly from its index, which the database hands out.
 */
export function seededDraw(seed: number, index: number): number {
  const state = (seed + Math.imul(index + 1, STEP)) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}

export class FaultSettingsStore {
  /**
   * Route names resolved to matchers, by the names' JSON: derived from the declared routes only
   * (which never change while the server runs), never from a stored row.
   */
  private readonly matchers = new Map<string, RouteMatcher[]>();

  /** `routes`: the declared API routes, read when settings first name some (they are declared after this store). */
  constructor(
    /** Where the settings are read and written (the API fault middleware journals through it too). */
    readonly store: Store,
    private readonly routes: () => readonly ApiRoute[],
  ) {}

  /** The merchant's settings as stored now, or null. */
  get(merchantId: string): Promise<FaultSettings | null> {
    return this.store.read((tx) => tx.faults.get(merchantId));
  }

  /** Replaces the merchant's settings. Throws a 422 naming `api.routes[i]` for a route that is not declared. */
  async put(merchantId: string, settings: FaultSettings, at: Date): Promise<FaultSettings> {
    this.check(settings);
    await this.store.transact((tx) => this.putIn(tx, merchantId, settings, at));
    return settings;
  }

  /** `put` in the caller's unit (the settings already checked). */
  async putIn(tx: Tx, merchantId: string, settings: FaultSettings, at: Date): Promise<void> {
    await tx.faults.put(merchantId, settings, at);
    await tx.outbox.releaseHeld(merchantId);
  }

  /** Removes the merchant's settings; true when there were some. */
  clear(merchantId: string): Promise<boolean> {
    return this.store.transact((tx) => this.clearIn(tx, merchantId));
  }

  /** `clear` in the caller's unit (a reset). */
  async clearIn(tx: Tx, merchantId: string): Promise<boolean> {
    const had = await tx.faults.clear(merchantId);
    await tx.outbox.releaseHeld(merchantId);
    return had;
  }

  /**
   * The fault the merchant's `settings` (as the request's context read them) put on this
   * request, if any. A setting with probability below 1 takes the merchant's next draw (a write
   * unit of its own); others read nothing.
   */
  async faultOf(merchantId: string, settings: FaultSettings | null, method: string, path: string): Promise<ApiFault | null> {
    if (TEST_CONTROLS.test(path)) return null;
    const api = this.appliesTo(settings, method, path);
    if (!api) return null;
    if (api.probability !== undefined && api.probability < 1) {
      const index = await this.store.transact((tx) => tx.faults.takeDraw(merchantId));
      // Cleared in the meantime: no settings, no fault.
      if (index === null || seededDraw(api.seed ?? 1, index) >= api.probability) return null;
    }
    return {
      ...(api.latencyMs !== undefined ? { latencyMs: api.latencyMs } : {}),
      ...(api.status !== undefined ? { status: api.status } : {}),
      ...(api.drop ? { drop: true } : {}),
    };
  }

  /** The settings' API part when it covers this request (draws aside). */
  private appliesTo(settings: FaultSettings | null, method: string, path: string): FaultSettings['api'] | null {
    const api = settings?.api;
    if (!api) return null;
    if (api.routes && !matchesRoute(this.matchersOf(api.routes), method, path)) return null;
    return api;
  }

  /** Throws the 422 for a route name that is not declared. */
  private check(settings: FaultSettings): void {
    const names = settings.api?.routes;
    if (!names) return;
    const resolved = resolveRoutes(names, this.routes());
    if ('unknownIndex' in resolved) {
      const index = resolved.unknownIndex;
      throw ValidationProblem.single(
        `api.routes.${index}`,
        'unknown_route',
        `api.routes[${index}] "${names[index]}" is not an API route; use an operationId or "METHOD /path" from /openapi.json`,
      );
    }
  }

  private matchersOf(names: readonly string[]): RouteMatcher[] {
    const key = JSON.stringify(names);
    let matchers = this.matchers.get(key);
    if (!matchers) {
      const resolved = resolveRoutes(names, this.routes());
      // A stored name that no longer resolves matches nothing.
      matchers = 'unknownIndex' in resolved ? [] : resolved.matchers;
      // Names come from requests: keep the map small (a test run uses a handful of lists).
      if (this.matchers.size >= 256) this.matchers.clear();
      this.matchers.set(key, matchers);
    }
    return matchers;
  }
}
