/** Where `pageAssetRoutes` serves the pages' static files; the pages link these. */
export const PAGE_STYLESHEET_URL = '/assets/pages/page.css';
export const SLIP_SCRIPT_URL = '/assets/pages/slip.js';
export const HOSTED_CHECKOUT_SCRIPT_URL = '/assets/pages/hosted-checkout.js';
export const AUTO_SUBMIT_SCRIPT_URL = '/assets/pages/auto-submit.js';
export const FAVICON_URL = '/favicon.svg';
export const BANGLA_FONT_CSS_URL = '/assets/fonts/noto-sans-bengali.css';
/** `<METHOD_ART_PATH><method id>.svg`: a payment method's tile (method-art.ts). */
export const METHOD_ART_PATH = '/assets/methods/';
/** What pages on other origins load from here (an embedded widget's images and web font). */
export const CROSS_ORIGIN_ASSET_PATHS = [METHOD_ART_PATH, '/assets/fonts/'] as const;
