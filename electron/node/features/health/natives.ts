import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type * as Ort from 'onnxruntime-node';
import type { HealthCheck } from '../../../../shared/contract';
import { identityModel } from './probe-model';
import { quietOnnxRuntime } from '../diagnosis';

// Before any onnxruntime session in this process (see ort-env.ts).
quietOnnxRuntime();

const require = createRequire(import.meta.url);

const HINT =
  `Reinstall the app (or run "npm ci" in a development checkout); if it persists, report it with "signalcraft-field doctor --json".`;

function failure(id: string, name: string, error: unknown): HealthCheck {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { id, status: 'fail', detail: `${name} did not load: ${message}. ${HINT}`, reason: 'native_failed', values: { name } };
}

/** Loads SQLite and runs a query against a private in-memory database. */
export function checkSqlite(): HealthCheck {
  const id = 'native.better-sqlite3';
  try {
    const Database = require('better-sqlite3') as typeof BetterSqlite3;
    const db = new Database(':memory:');
    const { v } = db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
    db.close();
    const pkg = require('better-sqlite3/package.json') as { version: string };
    return { id, status: 'ok', detail: `better-sqlite3 ${pkg.version}, SQLite ${v}`, reason: 'native_loaded', values: { version: `better-sqlite3 ${pkg.version}, SQLite ${v}` } };
  } catch (error) {
    return failure(id, 'better-sqlite3', error);
  }
}

/**
 * Loads the serial port binding without listing ports: on Linux, listing spawns `udevadm`, which
 * may be missing, and that failure escapes the promise (docs/field-facts.md §3).
 */
export function checkSerialport(): HealthCheck {
  const id = 'native.serialport';
  try {
    const { binding } = require('@serialport/bindings-cpp/dist/serialport-bindings') as {
      binding: Record<string, unknown>;
    };
    if (typeof binding.open !== 'function') throw new Error('the binding has no open()');
    const pkg = require('@serialport/bindings-cpp/package.json') as { version: string };
    return { id, status: 'ok', detail: `@serialport/bindings-cpp ${pkg.version}`, reason: 'native_loaded', values: { version: `@serialport/bindings-cpp ${pkg.version}` } };
  } catch (error) {
    return failure(id, 'serialport', error);
  }
}

/** Loads onnxruntime and runs a one-node graph through it. */
export async function checkOnnxRuntime(): Promise<HealthCheck> {
  const id = 'native.onnxruntime-node';
  try {
    const ort = require('onnxruntime-node') as typeof Ort;
    const session = await ort.InferenceSession.create(identityModel());
    const output = await session.run({ x: new ort.Tensor('float32', Float32Array.of(42), [1]) });
    await session.release();
    const value = (output.y?.data as Float32Array | undefined)?.[0];
    if (value !== 42) throw new Error(`the probe graph answered ${String(value)} instead of 42`);
    const pkg = require('onnxruntime-node/package.json') as { version: string };
    return { id, status: 'ok', detail: `onnxruntime-node ${pkg.version} ran a probe graph`, reason: 'onnx_probed', values: { version: `onnxruntime-node ${pkg.version}` } };
  } catch (error) {
    return failure(id, 'onnxruntime-node', error);
  }
}
