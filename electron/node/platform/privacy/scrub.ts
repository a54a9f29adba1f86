/**
 * Removes personal and customer data from anything that leaves the laptop for support: crash
 * reports and the diagnostics bundle. Two layers: patterns for what has a recognisable shape
 * (emails, tokens, credentials in URLs, user names in file paths, phone numbers, GPS positions,
 * MAC addresses), and the laptop's own list of what it knows to be personal (customer, site and
 * contact names, addresses, serial numbers, device ids, the technician's name, the OS user and
 * host name), which no pattern could recognise.
 */

export const REDACTED = '[redacted]';

/** Object keys whose values are personal or secret wherever they appear; compared without case, `_` or `-`. */
const SENSITIVE_KEYS = new Set(
  [
    'customer',
    'customerName',
    'site',
    'siteName',
    'address',
    'contactName',
    'contactPhone',
    'phone',
    'email',
    'technician',
    'technicianName',
    'notes',
    'serial',
    'serialNumber',
    'assetTag',
    'deviceId',
    'deviceSerial',
    'mac',
    'macAddress',
    'latitude',
    'longitude',
    'lat',
    'lng',
    'lon',
    'gps',
    'location',
    'token',
    'accessToken',
    'refreshToken',
    'pairingToken',
    'pair',
    'password',
    'passphrase',
    'secret',
    'apiKey',
    'authorization',
    'cookie',
    'setCookie',
    'username',
    'user',
  ].map(normalizeKey),
);

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_-]/g, '');
}

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.has(normalizeKey(key));
}

/** Secrets: cheap enough for every log line (see log.ts). Order matters: specific before general. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // user:password@ in any URL
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@:"']+:[^\s/?#@"']*@/gi, `$1${REDACTED}@`],
  // Authorization header values
  [/\b(Bearer|Basic|Token|Digest)\s+[A-Za-z0-9._~+/=-]{6,}/gi, `$1 ${REDACTED}`],
  // secrets in query strings and form bodies: ?pair=..., &token=..., access_token=...
  [
    /([?&;]|\b)((?:pair|pairing[_-]?token|token|access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?key|apikey|secret|password|passwd|signature)=)[^&\s#"';]+/gi,
    `$1$2${REDACTED}`,
  ],
  // the pairing cookie and any cookie header content
  [/\b(sc_pair=)[^;\s"']+/g, `$1${REDACTED}`],
  // JSON Web Tokens
  [/\beyJ[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g, REDACTED],
  // opaque tokens: a long run mixing upper case, lower case and digits (base64/base64url). Lower-case
  // hex (record ids, event ids, hashes) has no upper case and is left alone.
  [/(?<![A-Za-z0-9_+/-])(?=[A-Za-z0-9_+/-]*[a-z])(?=[A-Za-z0-9_+/-]*[A-Z])(?=[A-Za-z0-9_+/-]*\d)[A-Za-z0-9_+/-]{24,}={0,2}/g, REDACTED],
];

/** Personal data with a recognisable shape. */
const PERSONAL_PATTERNS: readonly [RegExp, string][] = [
  [/[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi, '[email]'],
  // the user's name in home-folder paths, also with JSON-escaped backslashes
  [/(\/home\/|\/Users\/|\/var\/home\/)[^/\\\s"'`:]+/g, '$1[user]'],
  [/([A-Za-z]:(?:\\+|\/)(?:Users|Documents and Settings)(?:\\+|\/))[^\\/\s"'`:]+/gi, '$1[user]'],
  // latitude, longitude
  [/-?\b\d{1,2}\.\d{3,}\s*,\s*-?\d{1,3}\.\d{3,}\b/g, '[gps]'],
  // MAC addresses (a Wi-Fi sensor's identity)
  [/\b[0-9A-F]{2}(?:[:-][0-9A-F]{2}){5}\b/gi, '[mac]'],
  // phone numbers: 010-1234-5678, 02 123 4567, +82 10 1234 5678
  [/(?:\+\d{1,3}[\s.-]?)?\(?\b\d{2,4}\)?[\s.-]\d{3,4}[\s.-]\d{4}\b/g, '[phone]'],
  [/\b01[016789]\d{7,8}\b/g, '[phone]'],
];

const MAX_DEPTH = 12;

export class Scrubber {
  private readonly termPattern: RegExp | null;

  /**
   * `terms`: strings known to be personal or customer data on this laptop (see
   * sensitive-terms.ts). Matched whole-word, ignoring case; shorter than 3 characters ignored.
   */
  constructor(terms: Iterable<string> = []) {
    const unique = [...new Set([...terms].map((t) => t.trim()).filter((t) => t.length >= 3))];
    // Longest first, so "Kim's Bakery Seoul" wins over "Kim's Bakery".
    unique.sort((a, b) => b.length - a.length);
    this.termPattern =
      unique.length === 0 ? null : new RegExp(`(?<![\\p{L}\\p{N}])(?:${unique.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  }

  text(value: string): string {
    let out = value;
    if (this.termPattern) out = out.replace(this.termPattern, REDACTED);
    for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
    for (const [pattern, replacement] of PERSONAL_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  }

  /** A deep copy with every string scrubbed and every sensitive key's value replaced. */
  value(input: unknown, depth = 0): unknown {
    if (typeof input === 'string') return this.text(input);
    if (input === null || typeof input !== 'object') return input;
    if (depth >= MAX_DEPTH) return '[too deep]';
    if (Array.isArray(input)) return input.map((item) => this.value(item, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(input)) {
      out[this.text(key)] = isSensitiveKey(key) && item !== null && item !== undefined ? REDACTED : this.value(item, depth + 1);
    }
    return out;
  }
}

/** Secrets only, without the laptop's term list: what every log line goes through as it is written. */
export function scrubSecrets(line: string): string {
  let out = line;
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
