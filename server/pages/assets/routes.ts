/**
 * Serves the pages' stylesheet and scripts from memory. `Cache-Control: no-cache` plus Express's
 * ETag means a browser revalidates (a 304, no body) and never runs a stale script after an upgrade.
 */
import { Router } from 'express';
import { banglaFontRoutes } from './bangla-font.js';
import { faviconRoutes } from './favicon.js';
import { methodArtRoutes } from './method-art.js';
import { PAGE_CSS } from './page-css.js';
import { AUTO_SUBMIT_JS, HOSTED_CHECKOUT_JS, SLIP_JS } from './scripts.js';
import { AUTO_SUBMIT_SCRIPT_URL, HOSTED_CHECKOUT_SCRIPT_URL, PAGE_STYLESHEET_URL, SLIP_SCRIPT_URL } from './urls.js';

const ASSETS: ReadonlyArray<{ url: string; type: string; body: string }> = [
  { url: PAGE_STYLESHEET_URL, type: 'text/css; charset=utf-8', body: PAGE_CSS },
  { url: SLIP_SCRIPT_URL, type: 'text/javascript; charset=utf-8', body: SLIP_JS },
  { url: HOSTED_CHECKOUT_SCRIPT_URL, type: 'text/javascript; charset=utf-8', body: HOSTED_CHECKOUT_JS },
  { url: AUTO_SUBMIT_SCRIPT_URL, type: 'text/javascript; charset=utf-8', body: AUTO_SUBMIT_JS },
];

export function pageAssetRoutes(): Router {
  const router = Router();
  router.use(banglaFontRoutes(), faviconRoutes(), methodArtRoutes());
  for (const asset of ASSETS) {
    router.get(asset.url, (_req, res) => {
      res.type(asset.type).set('Cache-Control', 'no-cache').send(asset.body);
    });
  }
  return router;
}
