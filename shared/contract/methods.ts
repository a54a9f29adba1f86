import type { z } from 'zod';
import { activityMethods } from './activity';
import { appMethods } from './app';
import { recordingMethods } from './recording';
import { diagnosisMethods } from './diagnosis';
import { registerMethods } from './register';
import { sensorsMethods } from './sensors';
import { firmwareMethods } from './firmware';
import { reportsMethods } from './reports';
import { syncMethods } from './sync';
import { shippingMethods } from './shipping';
import { insightMethods } from './insight';
import { storageMethods } from './storage';
import { verdictMethods } from './verdict';
import { refrigerationMethods } from './refrigeration';

/**
 * Every call the UI can make to the back end, declared once. Both transports (Electron IPC and
 * the serve-mode WebSocket) and every handler are typed from this table, and the back end
 * validates each incoming `params` against it before a handler sees it.
 *
 * Each feature declares its own table next to its shapes (shared/contract/<feature>.ts) and adds
 * one line here.
 */
export const methods = {
  ...appMethods,
  ...activityMethods,
  ...registerMethods,
  ...sensorsMethods,
  ...firmwareMethods,
  ...recordingMethods,
  ...syncMethods,
  ...reportsMethods,
  ...diagnosisMethods,
  ...shippingMethods,
  ...insightMethods,
  ...storageMethods,
  ...verdictMethods,
  ...refrigerationMethods,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (before defaults and trimming). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives (after validation and transforms). */
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(methods, name);
}
