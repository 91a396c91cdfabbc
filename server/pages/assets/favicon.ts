/** The simulator's favicon: a lightning bolt on the portal's blue, as SVG (no binary to keep in git). */
import { Router } from 'express';

import { FAVICON_URL } from './urls.js';

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4f6c"/><path d="M18 3 7 18h7l-2 11 11-15h-7z" fill="#ffd166"/></svg>`;

export function faviconRoutes(): Router {
  const router = Router();
  // Browsers that ignore the page's <link rel="icon"> ask for /favicon.ico: the same SVG.
  for (const url of [FAVICON_URL, '/favicon.ico']) {
    router.get(url, (_req, res) => {
      res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON_SVG);
    });
  }
  return router;
}
