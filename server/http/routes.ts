import type { Request, Response, Router, RequestHandler } from 'express';
import type { z } from 'zod';
import type { Merchant } from '../payments/merchants.js';
import { MethodNotAllowed } from './problems.js';
import { sendJson } from './send-json.js';

/**
 * Routes as data: each API route is declared once with its schemas, and that declaration both
 * mounts the Express handler (validation included) and feeds the OpenAPI document, so the two
 * cannot drift apart.
 */

export type AuthKind = 'merchant' | 'client_secret' | 'none';
export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface RouteContext<TBody, TQuery, TAuth extends AuthKind> {
  req: Request;
  res: Response;
  body: TBody;
  query: TQuery;
  params: Record<string, string>;
  merchant: TAuth extends 'merchant' ? Merchant : undefined;
}

export interface HandlerResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ResponseDoc {
  description: string;
  schema?: z.ZodType;
  /** Default application/json (problem+json for errors); e.g. text/event-stream for a stream. */
  contentType?: string;
}

export interface RouteDefinition<
  TBody extends z.ZodType | undefined,
  TQuery extends z.ZodType | undefined,
  TAuth extends AuthKind,
> {
  method: HttpMethod;
  /** Express path, e.g. `/api/v1/payments/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  auth: TAuth;
  body?: TBody;
  query?: TQuery;
  /** Extra request headers worth documenting (beyond auth). */
  headers?: Array<{ name: string; description: string; required?: boolean }>;
  responses: Record<number, ResponseDoc>;
  handle(
    ctx: RouteContext<
      TBody extends z.ZodType ? z.output<TBody> : undefined,
      TQuery extends z.ZodType ? z.output<TQuery> : undefined,
      TAuth
    >,
  ): HandlerResult | Promise<HandlerResult>;
}

/** A route with its types erased, as the mounting code and the OpenAPI generator see it. */
export type ApiRoute = RouteDefinition<z.ZodType | undefined, z.ZodType | undefined, AuthKind>;

export function defineRoute<
  TBody extends z.ZodType | undefined = undefined,
  TQuery extends z.ZodType | undefined = undefined,
  TAuth extends AuthKind = 'none',
>(route: RouteDefinition<TBody, TQuery, TAuth>): ApiRoute {
  return route as unknown as ApiRoute;
}

export interface MountOptions {
  authenticateMerchant(req: Request): Promise<Merchant>;
}

/**
 * Registers the routes on `router`. Each path also gets a catch-all that answers other verbs
 * with a 405 problem and `Allow` (and a plain 204 to OPTIONS).
 */
export function mountRoutes(router: Router, routes: readonly ApiRoute[], options: MountOptions): void {
  const byPath = new Map<string, ApiRoute[]>();
  for (const route of routes) byPath.set(route.path, [...(byPath.get(route.path) ?? []), route]);

  for (const [path, pathRoutes] of byPath) {
    const expressRoute = router.route(path);
    for (const route of pathRoutes) expressRoute[route.method](toHandler(route, options));
    const allowed = pathRoutes.flatMap((route) => (route.method === 'get' ? ['GET', 'HEAD'] : [route.method.toUpperCase()]));
    expressRoute.all(methodNotAllowed([...allowed, 'OPTIONS']));
  }
}

function toHandler(route: ApiRoute, options: MountOptions): RequestHandler {
  return async (req, res) => {
    const merchant = route.auth === 'merchant' ? await options.authenticateMerchant(req) : undefined;
    const query = route.query ? route.query.parse(req.query) : undefined;
    // An empty POST (confirm, cancel) has no parsed body: validate it as `{}`.
    const body = route.body ? route.body.parse(req.body ?? {}) : undefined;
    const result = await route.handle({
      req,
      res,
      body,
      query,
      params: req.params as Record<string, string>,
      merchant,
    } as Parameters<ApiRoute['handle']>[0]);
    // A handler that answers by itself (an event stream) has sent its headers already.
    if (res.headersSent) return;
    sendJson(req, res, result.status, result.body, result.headers);
  };
}

function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'OPTIONS') {
      res.set('Allow', allowed.join(', ')).status(204).end();
      return;
    }
    next(new MethodNotAllowed(req.method, req.path, allowed));
  };
}
