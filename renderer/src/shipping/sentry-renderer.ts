// Only what crash-reporting.ts uses, so the bundler leaves the rest of the SDK (replay, feedback,
// tracing...) out of the chunk that loads on consent.
export { createTransport, dedupeIntegration, globalHandlersIntegration, init, linkedErrorsIntegration } from '@sentry/electron/renderer';
