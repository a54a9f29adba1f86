/**
 * The one Content-Security-Policy of the UI, sent by Electron's app:// protocol handler and by
 * serve mode. No inline script, no eval, no remote origin: the UI can only talk to its own back end.
 * `connect-src 'self'` covers the serve-mode WebSocket on the same host and port.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The same policy as a <meta> tag in the built index.html, a second line of defence should the
 * page ever be loaded without the header. frame-ancestors only works as a header (browsers ignore
 * it in <meta> and complain), so it is left out there.
 */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');

/** Headers sent with every UI response in both shells. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // The microphone (recording without a sensor) and the camera (scanning a tag) are the UI's own; nothing else is granted.
  'Permissions-Policy': 'microphone=(self), camera=(self), geolocation=(), usb=(), serial=()',
};
