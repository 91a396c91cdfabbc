/**
 * The init's SUCCESS answer (research 2.1): the real one's fields, pointing at our hosted page.
 *
 * Its bulk (each kind of method's gateways, and every method with its redirect URL: 4.7 kB of
 * JSON) is the catalog's, the same for every session but for four values: the base URL, the
 * session key, the amount and the store's name. So it is serialized once per catalog with
 * markers in their places, and each answer splices the values in, JSON-escaped: building and
 * serializing the whole object cost each init about 12 µs, the splice about 1.
 */
import type { CheckoutCatalog } from '../../checkout/catalog.js';
import { JsonText } from '../../http/send-json.js';

/** What differs between two sessions' answers. */
export interface AnswerValues {
  baseUrl: string;
  sessionkey: string;
  amount: string;
  storeName: string;
}

type Gateways = Record<'visa' | 'master' | 'amex' | 'othercards' | 'internetbanking' | 'mobilebanking', string>;

/** Each kind of method's gateways, as SSLCommerz names them (`ebl_visa,ucbl_visa,…`). */
function gatewaysOf(catalog: CheckoutCatalog): Gateways {
  const methods = catalog.allMethods();
  const gwOf = (kinds: readonly string[], ids?: readonly string[]) =>
    methods
      .filter((method) => kinds.includes(method.kind) && (!ids || ids.includes(method.id)))
      .flatMap((method) => method.gateways.map((row) => `${row.gateway.toLowerCase()}_${method.id}`))
      .join(',');
  return {
    visa: gwOf(['card'], ['visa']),
    master: gwOf(['card'], ['mastercard']),
    amex: gwOf(['card'], ['amex']),
    othercards: gwOf(['card'], ['nexus']),
    internetbanking: gwOf(['internet_banking']),
    mobilebanking: gwOf(['mobile_banking', 'wallet']),
  };
}

/** The answer as an object: the one definition of its fields, which the template is made from. */
export function initAnswer(catalog: CheckoutCatalog, values: AnswerValues): Record<string, unknown> {
  const { baseUrl, sessionkey, amount, storeName } = values;
  const gatewayPage = `${baseUrl}/EasyCheckOut/${sessionkey}`;
  const redirect = (cardname: string) =>
    `${gatewayPage}?mamount=${amount}&Q=REDIRECT&SESSIONKEY=${sessionkey}&tran_type=success&cardname=${cardname}`;
  return {
    status: 'SUCCESS',
    failedreason: '',
    sessionkey,
    gw: gatewaysOf(catalog),
    redirectGatewayURL: redirect(''),
    directPaymentURLBank: '',
    directPaymentURLCard: '',
    directPaymentURL: '',
    redirectGatewayURLFailed: '',
    GatewayPageURL: gatewayPage,
    storeBanner: '',
    storeLogo: '',
    store_name: storeName,
    desc: catalog.allMethods().map((method) => ({
      name: method.name,
      type: method.kind === 'card' ? method.id : method.kind.replace('_', ''),
      logo: '',
      gw: method.id,
      r_flag: '',
      redirectGatewayURL: redirect(method.id),
    })),
    is_direct_pay_enable: '0',
  };
}

/** The serialized answer cut at the values: text, value name, text, …, text. */
interface Template {
  texts: string[];
  slots: (keyof AnswerValues)[];
}

/** A NUL and a letter: no catalog text holds one (the template checks itself when it is built). */
const MARKERS: Readonly<Record<keyof AnswerValues, string>> = {
  baseUrl: '\u0000b',
  sessionkey: '\u0000k',
  amount: '\u0000a',
  storeName: '\u0000s',
};
const SLOT_OF: Readonly<Record<string, keyof AnswerValues>> = { b: 'baseUrl', k: 'sessionkey', a: 'amount', s: 'storeName' };
/** How JSON.stringify writes a marker inside a string. */
const SERIALIZED_MARKER = /\\u0000([bkas])/;

/** What JSON.stringify writes for `value` inside a string literal. */
function escaped(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

function splice(template: Template, values: AnswerValues): string {
  // Each value escaped once, not once per slot (the session key has two in every method's URL).
  const texts: Record<keyof AnswerValues, string> = {
    baseUrl: escaped(values.baseUrl),
    sessionkey: escaped(values.sessionkey),
    amount: escaped(values.amount),
    storeName: escaped(values.storeName),
  };
  let text = template.texts[0] as string;
  for (let index = 0; index < template.slots.length; index += 1) {
    text += texts[template.slots[index] as keyof AnswerValues] + (template.texts[index + 1] as string);
  }
  return text;
}

function buildTemplate(catalog: CheckoutCatalog): Template {
  // split with a capturing group alternates the texts and the markers' letters.
  const pieces = JSON.stringify(initAnswer(catalog, MARKERS)).split(SERIALIZED_MARKER);
  const template: Template = {
    texts: pieces.filter((_, index) => index % 2 === 0),
    slots: pieces.filter((_, index) => index % 2 === 1).map((letter) => SLOT_OF[letter] as keyof AnswerValues),
  };
  const probe: AnswerValues = { baseUrl: 'http://probe.test:1/"x"', sessionkey: 'K', amount: '1.00', storeName: 'Probe "ষ্টোর"\n' };
  if (splice(template, probe) !== JSON.stringify(initAnswer(catalog, probe))) {
    throw new Error('sslcommerz: the init answer template does not reproduce the answer (a marker inside the catalog?)');
  }
  return template;
}

const templates = new WeakMap<CheckoutCatalog, Template>();

/** The answer's JSON text, byte for byte what JSON.stringify(initAnswer(catalog, values)) writes. */
export function initAnswerText(catalog: CheckoutCatalog, values: AnswerValues): JsonText {
  let template = templates.get(catalog);
  if (!template) {
    template = buildTemplate(catalog);
    templates.set(catalog, template);
  }
  return new JsonText(splice(template, values));
}
