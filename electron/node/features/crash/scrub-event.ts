import type { Breadcrumb, Event } from '@sentry/core';
import type { Scrubber } from '../../platform/privacy/scrub';

/**
 * A crash report as it may leave the laptop: no user, no host name, no request headers, cookies
 * or bodies, no local variables from stack frames (they can hold anything), and every remaining
 * string through the scrubber (customer terms, tokens, e-mails, user names in paths, GPS...).
 */
export function scrubEvent<T extends Event>(event: T, scrubber: Scrubber): T {
  const copy: Event = { ...event };
  delete copy.user;
  delete copy.server_name;
  if (copy.request) {
    copy.request = { ...(copy.request.url ? { url: copy.request.url } : {}), ...(copy.request.method ? { method: copy.request.method } : {}) };
  }
  if (copy.contexts?.device) {
    const { name: _hostName, ...device } = copy.contexts.device as Record<string, unknown>;
    copy.contexts = { ...copy.contexts, device };
  }
  if (copy.exception?.values) {
    copy.exception = {
      ...copy.exception,
      values: copy.exception.values.map((value) => ({
        ...value,
        ...(value.stacktrace?.frames
          ? { stacktrace: { ...value.stacktrace, frames: value.stacktrace.frames.map(({ vars: _vars, ...frame }) => frame) } }
          : {}),
      })),
    };
  }
  return scrubber.value(copy) as T;
}

export function scrubBreadcrumb(breadcrumb: Breadcrumb, scrubber: Scrubber): Breadcrumb {
  return scrubber.value(breadcrumb) as Breadcrumb;
}
