/**
 * A browser played over plain HTTP for the Entra stand-in: follows its redirects with a
 * cookie jar, fills the sign-in form, accepts (or cancels) the consent page and returns the
 * final redirect to the client's redirect_uri.
 */

interface StoredCookie { name: string; value: string; host: string; path: string; expires?: number }

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
      const matching = [...cookies.values()].filter((c) => live(c) && c.host === hostname && (pathname === c.path || pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)));
      matching.sort((a, b) => b.path.length - a.path.length);
      return matching.map((c) => `${c.name}=${c.value}`).join('; ');
    },
    store(url, setCookies) {
      const { hostname, pathname } = new URL(url);
      for (const line of setCookies) {
        const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
        const eq = pair.indexOf('=');
        if (eq <= 0) continue;
        const cookie: StoredCookie = { name: pair.slice(0, eq), value: pair.slice(eq + 1), host: hostname, path: pathname.slice(0, pathname.lastIndexOf('/')) || '/' };
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
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#x2F;/gi, '/').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
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
export async function signInOverHttp(authorizeUrl: string, opts: { login: string; jar?: CookieJar; decline?: boolean }): Promise<string> {
  const jar = opts.jar ?? newCookieJar();
  const origin = new URL(authorizeUrl).origin;
  let url = authorizeUrl;
  let form: URLSearchParams | undefined;
  let sawConsent = false;
  for (let step = 0; step < 20; step += 1) {
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
        if (opts.decline && !sawConsent && next.searchParams.has('code')) throw new Error(`signInOverHttp: decline requested but no consent page was shown (redirected to ${next.origin}${next.pathname})`);
        return next.href;
      }
      url = next.href;
      continue;
    }

    const html = await res.text();
    if (res.status !== 200) {
      const aadsts = /AADSTS\d+:[^<]*/.exec(html);
      throw new Error(`signInOverHttp: HTTP ${res.status} from ${new URL(url).pathname}: ${aadsts ? unescapeHtml(aadsts[0]).trim() : html.slice(0, 200)}`);
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(html)?.[1];
    if (!action || !prompt) throw new Error(`signInOverHttp: unexpected page at ${new URL(url).pathname}: ${html.slice(0, 200)}`);
    const submit = new URL(unescapeHtml(action), url).href;
    if (prompt === 'login') {
      form = new URLSearchParams({ prompt: 'login', login: opts.login, password: 'any-password' });
      url = submit;
    } else if (prompt === 'consent') {
      sawConsent = true;
      if (opts.decline) {
        const cancel = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(html)?.[1];
        if (!cancel) throw new Error('signInOverHttp: the consent page has no Cancel link');
        url = new URL(unescapeHtml(cancel), url).href;
      } else {
        form = new URLSearchParams({ prompt: 'consent' });
        url = submit;
      }
    } else {
      throw new Error(`signInOverHttp: unknown interaction '${prompt}'`);
    }
  }
  throw new Error('signInOverHttp: too many steps without reaching the redirect_uri');
}
