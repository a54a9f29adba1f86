import { createRequire } from 'node:module';
import type * as Libsamplerate from '@alexanderolsen/libsamplerate-js';

/**
 * libsamplerate-js ships CommonJS whose named exports Node's ESM loader cannot detect, so
 * `import { create } from '@alexanderolsen/libsamplerate-js'` passes the type-checker and the test
 * runner but fails in the built app (plain Node ESM). Loading it through require works everywhere.
 */
const require = createRequire(import.meta.url);
const libsamplerate = require('@alexanderolsen/libsamplerate-js') as typeof Libsamplerate;

export const { create, ConverterType } = libsamplerate;
