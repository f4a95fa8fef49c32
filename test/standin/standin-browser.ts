/**
 * A browser played over plain HTTP for the Entra stand-in: follows its redirects with a
 * cookie jar, fills the sign-in form, accepts (or cancels) the consent, admin consent and
 * device pages, and returns where the browser ends up.
 *
 * Driving the pages with a real browser (Playwright): every stand-in page names itself in
 * `body[data-standin-page]`; the pages load nothing from anywhere else (no fonts, scripts or
 * images from the network), so they render at once offline. Selectors, stable on purpose:
 *
 * - Sign-in, `body[data-standin-page="signin"]` (form `#standin-signin`):
 *   fill `input[name="login"]` (`#i0116`, any login) and `input[name="password"]` (`#i0118`,
 *   any password), click `#idSIButton9` ("Sign in").
 * - Consent, `body[data-standin-page="consent"]`: accept with `#idBtn_Accept` ("Accept"),
 *   decline with `#idBtn_Back` ("Cancel"); the requested permissions are the `#standin-scopes li`.
 * - Admin consent, `body[data-standin-page="admin-consent"]` (after the sign-in page when the
 *   browser has no session for the tenant): `#idBtn_Accept` ("Accept") / `#idBtn_Back` ("Cancel").
 * - Device code: open `verification_uri` (`{url}/devicelogin`), `body[data-standin-page="device-code"]`:
 *   fill `input[name="user_code"]` (`#otc`), click `#idSIButton9` ("Next"). A wrong code shows
 *   `#error-text` on the same page. Then comes a page without `data-standin-page` ("Submitting
 *   Callback") that posts itself by script: just wait for the next page.
 * - Device confirmation, `body[data-standin-page="device-confirm"]` ("Are you trying to sign in
 *   to …?", the code in `#standin-user-code`): `#idSIButton9` ("Continue") or `#idBtn_Back`
 *   ("Cancel", which declines: the device's poll then gets authorization_declined).
 *   Then the sign-in and consent pages above (each skipped when the browser's session or an
 *   earlier consent covers it), ending on `body[data-standin-page="device-success"]`
 *   (`#standin-device-done`).
 * - Error pages (unknown tenant or client, bad redirect_uri, …): `#error-text` holds
 *   `AADSTS<n>: <message>`, HTTP 400.
 * The authorize and admin consent flows end with a redirect to the client's redirect_uri
 * (usually a port nothing listens on: catch the navigation rather than load it).
 */

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expires?: number;
}

/** Cookies per host (ports are not isolated, as in browsers), honouring Path, Max-Age and Expires. */
export interface CookieJar {
  /** The Cookie header value for a request to `url` ('' when none). */
  header(url: string): string;
  /** Stores the Set-Cookie headers of a response from `url`. */
  store(url: string, setCookies: string[]): void;
  /** Forgets every cookie (a fresh browser profile). */
  clear(): void;
  /** How many cookies are held (for tests). */
  readonly size: number;
}

export function newCookieJar(): CookieJar {
  const cookies = new Map<string, StoredCookie>();
  const live = (c: StoredCookie): boolean => c.expires === undefined || c.expires > Date.now();
  return {
    header(url) {
      const { hostname, pathname } = new URL(url);
      const matching = [...cookies.values()].filter(
        (c) => live(c) && c.host === hostname && (pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      );
      matching.sort((a, b) => b.path.length - a.path.length);
      return matching.map((c) => `${c.name}=${c.value}`).join('; ');
    },
    store(url, setCookies) {
      const { hostname, pathname } = new URL(url);
      for (const line of setCookies) {
        const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const cookie: StoredCookie = {
          name: pair.slice(0, eq),
          value: pair.slice(eq + 1),
          host: hostname,
          path: pathname.slice(0, pathname.lastIndexOf('/')) || '/',
        };
        for (const attr of attrs) {
          const [key = '', value = ''] = attr.split('=');
          const k = key.toLowerCase();
          if (k === 'path' && value.startsWith('/')) cookie.path = value;
          else if (k === 'max-age') cookie.expires = Date.now() + Number(value) * 1000;
          else if (k === 'expires' && cookie.expires === undefined) cookie.expires = Date.parse(attr.slice(attr.indexOf('=') + 1));
        }
        const key = `${cookie.host};${cookie.path};${cookie.name}`;
        if (live(cookie)) cookies.set(key, cookie);
        else cookies.delete(key);
      }
    },
    clear() {
      cookies.clear();
    },
    get size() {
      return [...cookies.values()].filter(live).length;
    },
  };
}

function unescapeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#x2F;/gi, '/')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

interface ParsedForm {
  id: string | undefined;
  action: string;
  method: string;
  fields: Array<[string, string]>;
  hasUserCode: boolean;
  body: string;
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w.:-]+)="([^"]*)"/g)) if (m[1]) out[m[1].toLowerCase()] = unescapeHtml(m[2] ?? '');
  return out;
}

/** The forms of a stand-in page: action, method and the hidden fields to send back. */
function parseForms(html: string): ParsedForm[] {
  const forms: ParsedForm[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = attributes(m[1] ?? '');
    const body = m[2] ?? '';
    const fields: Array<[string, string]> = [];
    let hasUserCode = false;
    for (const input of body.matchAll(/<input\b([^>]*)>/g)) {
      const a = attributes(input[1] ?? '');
      if (a['name'] === 'user_code' && a['type'] !== 'hidden') hasUserCode = true;
      if (a['type'] === 'hidden' && a['name']) fields.push([a['name'], a['value'] ?? '']);
    }
    forms.push({
      id: attrs['id'],
      action: attrs['action'] ?? '',
      method: (attrs['method'] ?? 'get').toLowerCase(),
      fields,
      hasUserCode,
      body,
    });
  }
  return forms;
}

type Mode = 'authorize' | 'admin-consent' | 'device';
/** Options of the HTTP drivers; `onPage` sees every stand-in page on the way (its data-standin-page, or '' for an unnamed page, and its HTML). */
export interface OverHttpOptions {
  login: string;
  jar?: CookieJar;
  decline?: boolean;
  onPage?: (page: string, html: string) => void;
}
interface DriveOptions extends OverHttpOptions {
  userCode?: string;
}

/** What the driver tells its caller: the redirect that left the stand-in, or the device flow's last page. */
type DriveResult = { kind: 'redirect'; location: string } | { kind: 'device-done'; declined: boolean };

async function drive(startUrl: string, mode: Mode, opts: DriveOptions, who: string): Promise<DriveResult> {
  const jar = opts.jar ?? newCookieJar();
  const origin = new URL(startUrl).origin;
  let url = startUrl;
  let form: URLSearchParams | undefined;
  let sawConsent = false;
  let sentCode = false;
  let declined = false;
  for (let step = 0; step < 30; step += 1) {
    const headers: Record<string, string> = { accept: 'text/html' };
    const cookie = jar.header(url);
    if (cookie) headers['cookie'] = cookie;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: form ? 'POST' : 'GET', headers, body: form?.toString(), redirect: 'manual' });
    jar.store(url, res.headers.getSetCookie());
    form = undefined;

    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel();
      const next = new URL(location, url);
      if (next.origin !== origin) {
        if (mode === 'device') throw new Error(`${who}: the device flow left the stand-in (redirected to ${next.origin}${next.pathname})`);
        if (opts.decline && !sawConsent && next.searchParams.has('code'))
          throw new Error(`${who}: decline requested but no consent page was shown (redirected to ${next.origin}${next.pathname})`);
        return { kind: 'redirect', location: next.href };
      }
      url = next.href;
      continue;
    }

    const html = await res.text();
    const path = new URL(url).pathname;
    if (res.status !== 200) {
      const aadsts = /AADSTS\d+:[^<]*/.exec(html);
      throw new Error(`${who}: HTTP ${res.status} from ${path}: ${aadsts ? unescapeHtml(aadsts[0]).trim() : html.slice(0, 200)}`);
    }
    const page = /<body[^>]*data-standin-page="([\w-]+)"/.exec(html)?.[1];
    opts.onPage?.(page ?? '', html);
    const forms = parseForms(html);
    const submit = (f: ParsedForm | undefined, extra: Array<[string, string]> = []): void => {
      if (!f) throw new Error(`${who}: the ${page ?? 'unnamed'} page at ${path} lacks the expected form`);
      const fields = new URLSearchParams([...f.fields, ...extra]);
      const target = new URL(f.action || url, url);
      if (f.method === 'post') {
        form = fields;
        url = target.href;
      } else {
        for (const [k, v] of fields) target.searchParams.append(k, v);
        url = target.href;
      }
    };
    const errorText = /id="error-text">([^<]*)</.exec(html)?.[1];
    switch (page) {
      case 'signin':
        submit(
          forms.find((f) => f.id === 'standin-signin'),
          [
            ['login', opts.login],
            ['password', 'any-password'],
          ],
        );
        break;
      case 'consent':
      case 'admin-consent':
        sawConsent = true;
        if (opts.decline)
          submit(
            forms.find((f) => /id="idBtn_Back"/.test(f.body)),
            [['cancel', '1']],
          );
        else submit(forms.find((f) => f.id === 'standin-consent'));
        break;
      case 'device-code':
        if (mode !== 'device') throw new Error(`${who}: unexpected device code page at ${path}`);
        if (declined && errorText) return { kind: 'device-done', declined: true };
        if (sentCode) throw new Error(`${who}: the user code was not accepted: ${errorText ? unescapeHtml(errorText) : 'no reason shown'}`);
        sentCode = true;
        submit(
          forms.find((f) => f.hasUserCode),
          [['user_code', opts.userCode ?? '']],
        );
        break;
      case 'device-confirm':
        if (opts.decline) {
          declined = true;
          submit(forms[0], [['abort', 'yes']]);
        } else {
          submit(forms[0]);
        }
        break;
      case 'device-success':
        if (mode !== 'device') throw new Error(`${who}: unexpected device success page at ${path}`);
        return { kind: 'device-done', declined: false };
      default: {
        // oidc-provider's self-posting page (form_post of the user code, with its anti-forgery field).
        const [only] = forms;
        if (!page && forms.length === 1 && only?.method === 'post' && /<title>Submitting Callback<\/title>/.test(html)) {
          submit(only);
          break;
        }
        throw new Error(`${who}: unexpected page at ${path}: ${html.slice(0, 200)}`);
      }
    }
  }
  throw new Error(`${who}: too many steps without reaching the end of the flow`);
}

/**
 * Plays a browser over plain HTTP: GETs the authorize URL, follows the stand-in's own redirects
 * with a cookie jar, submits the sign-in form (login = `login`, any password) and the consent
 * form, and returns the final redirect Location that points at the client's redirect_uri.
 * Reusing `jar` makes a second authorize silent (session and consent remembered).
 * With `decline`, the consent page is cancelled (an error redirect comes back); if no consent
 * page appears (consent already given in this jar), it throws.
 * An error page from the stand-in (unknown tenant, bad redirect_uri, unknown client) throws an
 * Error whose message carries the AADSTS text.
 */
export async function signInOverHttp(authorizeUrl: string, opts: OverHttpOptions): Promise<string> {
  const result = await drive(authorizeUrl, 'authorize', opts, 'signInOverHttp');
  if (result.kind !== 'redirect') throw new Error('signInOverHttp: the flow did not end with a redirect');
  return result.location;
}

/**
 * Plays an administrator at `GET /{tenant}/v2.0/adminconsent?client_id&scope&redirect_uri&state`:
 * signs in when the jar has no session for the tenant (any login: the stand-in grants admin
 * consent to whoever signs in), accepts (or with `decline`, cancels) the admin consent page and
 * returns the final redirect Location: `redirect_uri?admin_consent=True&tenant=…&scope=…&state=…`
 * or `redirect_uri?error=access_denied&error_description=AADSTS65004…&state=…`.
 * An error page (unknown client AADSTS700016, unregistered redirect_uri AADSTS50011, …) throws
 * an Error whose message carries the AADSTS text.
 */
export async function adminConsentOverHttp(adminConsentUrl: string, opts: OverHttpOptions): Promise<string> {
  const result = await drive(adminConsentUrl, 'admin-consent', opts, 'adminConsentOverHttp');
  if (result.kind !== 'redirect') throw new Error('adminConsentOverHttp: the flow did not end with a redirect');
  return result.location;
}

/**
 * Plays the user of a device code flow: opens `verificationUri` (the `verification_uri` of the
 * device authorization response), enters `userCode`, confirms ("Are you trying to sign in…"),
 * signs in as `login` and consents when asked, and resolves on the "You have signed in" page.
 * With `decline`, it cancels at the confirmation page instead (the device's next poll gets
 * authorization_declined). Reusing `jar` skips the sign-in (and a consent already given).
 * Throws when the code is not accepted (unknown, expired or used) or on an error page.
 */
export async function approveDeviceOverHttp(verificationUri: string, userCode: string, opts: OverHttpOptions): Promise<void> {
  const result = await drive(verificationUri, 'device', { ...opts, userCode }, 'approveDeviceOverHttp');
  if (result.kind !== 'device-done') throw new Error('approveDeviceOverHttp: the flow did not end on the device pages');
  if (Boolean(opts.decline) !== result.declined) throw new Error('approveDeviceOverHttp: the flow ended on the wrong page');
}
