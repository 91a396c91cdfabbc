/**
 * Each merchant's fault settings: kept in SQLite (so a restart keeps them) and in memory, because
 * the API fault middleware consults them on every request and must cost nothing while no
 * merchant has any. Changing or clearing a merchant's settings lifts the holds its webhook
 * faults put on deliveries, so nothing stays held by a setting that is gone.
 */
import type { Database } from 'better-sqlite3';
import type { ApiRoute } from '../http/routes.js';
import { ValidationProblem } from '../http/problems.js';
import { statement } from '../storage/statements.js';
import { releaseHeldDeliveries } from '../webhooks/outbox.js';
import {
  matchesRoute,
  resolveRoutes,
  type ApiFault,
  type FaultSettings,
  type RouteMatcher,
} from './settings.js';

interface ActiveFaults {
  settings: FaultSettings;
  /** null: every route but the test controls. */
  routes: RouteMatcher[] | null;
  /** Draws in [0, 1) for probability < 1, from the settings' seed. */
  draw: () => number;
}

/** Test controls never get a merchant's API faults: a test must always be able to take them back. */
const TEST_CONTROLS = /^\/api\/v1\/test(?:\/|-instruments)/;

/** mulberry32: a tiny seeded generator; the same seed gives the same faults run after run. */
function seededDraws(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class FaultSettingsStore {
  private active: Map<string, ActiveFaults> | undefined;
  private merchantsWithApiFaults = 0;

  /** `routes`: the declared API routes, read when settings are first needed (they are declared after this store). */
  constructor(
    private readonly db: Database,
    private readonly routes: () => readonly ApiRoute[],
  ) {}

  get(merchantId: string): FaultSettings | null {
    return this.loaded().get(merchantId)?.settings ?? null;
  }

  /** Replaces the merchant's settings. Throws a 422 naming `api.routes[i]` for a route that is not declared. */
  set(merchantId: string, settings: FaultSettings, at: Date): FaultSettings {
    const active = this.activate(settings, (index) => {
      throw ValidationProblem.single(
        `api.routes.${index}`,
        'unknown_route',
        `api.routes[${index}] "${settings.api?.routes?.[index]}" is not an API route; use an operationId or "METHOD /path" from /openapi.json`,
      );
    });
    statement(
      this.db,
      `INSERT INTO merchant_faults (merchant_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (merchant_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    ).run(merchantId, JSON.stringify(settings), at.getTime());
    releaseHeldDeliveries(this.db, merchantId);
    this.put(merchantId, active);
    return settings;
  }

  /** Removes the merchant's settings; true when there were some. */
  clear(merchantId: string): boolean {
    statement(this.db, 'DELETE FROM merchant_faults WHERE merchant_id = ?').run(merchantId);
    releaseHeldDeliveries(this.db, merchantId);
    return this.put(merchantId, undefined);
  }

  /** Whether any merchant has API faults: the middleware's fast path when none has. */
  hasApiFaults(): boolean {
    this.loaded();
    return this.merchantsWithApiFaults > 0;
  }

  /** The fault the merchant's settings put on this request, if any (each matching request draws once). */
  apiFaultFor(merchantId: string, method: string, path: string): ApiFault | null {
    const active = this.loaded().get(merchantId);
    const api = active?.settings.api;
    if (!active || !api || TEST_CONTROLS.test(path)) return null;
    if (active.routes !== null && !matchesRoute(active.routes, method, path)) return null;
    if (api.probability !== undefined && api.probability < 1 && active.draw() >= api.probability) return null;
    return {
      ...(api.latencyMs !== undefined ? { latencyMs: api.latencyMs } : {}),
      ...(api.status !== undefined ? { status: api.status } : {}),
      ...(api.drop ? { drop: true } : {}),
    };
  }

  private activate(settings: FaultSettings, onUnknownRoute: (index: number) => never | void): ActiveFaults {
    let routes: RouteMatcher[] | null = null;
    if (settings.api?.routes) {
      const resolved = resolveRoutes(settings.api.routes, this.routes());
      if ('unknownIndex' in resolved) {
        onUnknownRoute(resolved.unknownIndex);
        routes = []; // a stored name that no longer resolves matches nothing
      } else {
        routes = resolved.matchers;
      }
    }
    return { settings, routes, draw: seededDraws(settings.api?.seed ?? 1) };
  }

  private put(merchantId: string, active: ActiveFaults | undefined): boolean {
    const map = this.loaded();
    const previous = map.get(merchantId);
    if (previous?.settings.api) this.merchantsWithApiFaults -= 1;
    if (active) {
      map.set(merchantId, active);
      if (active.settings.api) this.merchantsWithApiFaults += 1;
    } else {
      map.delete(merchantId);
    }
    return previous !== undefined;
  }

  private loaded(): Map<string, ActiveFaults> {
    if (this.active) return this.active;
    this.active = new Map();
    const rows = statement<[], { merchant_id: string; settings: string }>(
      this.db,
      'SELECT merchant_id, settings FROM merchant_faults',
    ).all();
    for (const row of rows) {
      this.put(row.merchant_id, this.activate(JSON.parse(row.settings) as FaultSettings, () => {}));
    }
    return this.active;
  }
}
