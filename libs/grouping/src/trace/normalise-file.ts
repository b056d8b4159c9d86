/**
 * File normalisation, applied to every parsed frame and again by the fingerprint:
 * - surrounding whitespace trimmed, backslashes become forward slashes;
 * - query string and fragment removed (`app.js?v=3#x` → `app.js`);
 * - the origin of browser URLs removed (`https://cdn.example.com:8443/js/app.js` → `/js/app.js`),
 *   so one bundle served from two hosts groups together; content hashes in names are kept;
 * - `file://` URLs become paths (`file:///app/a.mjs` → `/app/a.mjs`, `file:///C:/a.js` → `C:/a.js`),
 *   so the ESM and CommonJS spellings of one file agree;
 * - `blob:` URLs lose their origin and their random per-page UUID (`blob:<uuid>`), else every page
 *   load would make a new group;
 * - React Native: an iOS `.jsbundle` loses its per-install container
 *   (`/private/var/containers/Bundle/Application/<uuid>/Shop.app/main.jsbundle` →
 *   `Shop.app/main.jsbundle`), else every device would make a new group.
 */
const UUID_PATH = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function normaliseFile(raw: string): string {
  let f = raw.trim();
  if (f.includes('\\')) f = f.replace(/\\/g, '/');
  const q = f.indexOf('?');
  const h = f.indexOf('#');
  const cut = q < 0 ? h : h < 0 ? q : Math.min(q, h);
  if (cut > 0) f = f.slice(0, cut);

  if (f.startsWith('blob:')) {
    const path = stripOrigin(f.slice(5));
    return 'blob:' + path.replace(UUID_PATH, '<uuid>');
  }
  if (f.startsWith('http://') || f.startsWith('https://')) return stripOrigin(f);
  if (f.charCodeAt(f.length - 1) === 101 /* e */ && f.endsWith('.jsbundle')) f = withoutAppContainer(f);
  if (f.startsWith('file://')) {
    const path = f.slice(7);
    // file:///C:/x → C:/x
    if (path.length > 3 && path.charCodeAt(0) === 47 && path.charCodeAt(2) === 58 && isLetter(path.charCodeAt(1))) {
      return path.slice(1);
    }
    return path;
  }
  return f;
}

/**
 * Metro (React Native's dev server) writes its query after `//&`:
 * `http://10.0.2.2:8081/index.bundle//&platform=ios&dev=true` → `http://10.0.2.2:8081/index.bundle`.
 * Only V8-shaped traces (Hermes, React Native) carry it, so their parser asks, for URLs only.
 */
export function withoutMetroQuery(url: string): string {
  const amp = url.indexOf('&');
  const metro = amp > 1 && url.charCodeAt(amp - 1) === 47 && url.charCodeAt(amp - 2) === 47;
  return metro ? url.slice(0, amp - 2) : url;
}

// an iOS app's bundle and data containers: `/var/containers/Bundle/Application/<uuid>/`,
// `/var/mobile/Containers/Data/Application/<uuid>/` (CodePush's updates)
const IOS_CONTAINER = '/Application/';
const UUID_LENGTH = 36;

/** `…/Bundle/Application/<uuid>/Shop.app/main.jsbundle` → `Shop.app/main.jsbundle`. */
function withoutAppContainer(f: string): string {
  const at = f.indexOf(IOS_CONTAINER);
  if (at < 0) return f;
  const start = at + IOS_CONTAINER.length;
  const end = f.indexOf('/', start);
  return end - start === UUID_LENGTH ? f.slice(end + 1) : f;
}

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** `http://host:port/path` → `/path`; leaves anything else alone. */
function stripOrigin(url: string): string {
  const scheme = url.indexOf('://');
  if (scheme < 0 || scheme > 10) return url;
  const slash = url.indexOf('/', scheme + 3);
  return slash < 0 ? '/' : url.slice(slash);
}
