import { z } from 'zod';
import { AppInfo, HealthReport } from './health';
import { Asset, AssetInput, EntityId, ListOptions, Site, SiteInput, SiteSummary } from './register';
import { Settings, SettingsPatch } from './settings';

/**
 * Every call the UI can make to the back end, declared once. Both transports (Electron IPC and
 * the serve-mode WebSocket) and every handler are typed from this table, and the back end
 * validates each incoming `params` against it before a handler sees it.
 */
const method = <P extends z.ZodType, R extends z.ZodType>(params: P, result: R) => ({ params, result });

const NoParams = z.object({}).strict();
const ById = z.object({ id: EntityId }).strict();

export const methods = {
  'app.info': method(NoParams, AppInfo),
  'health.get': method(NoParams, HealthReport),

  'settings.get': method(NoParams, Settings),
  'settings.update': method(SettingsPatch, Settings),

  'sites.list': method(ListOptions.strict(), z.array(SiteSummary)),
  'sites.get': method(ById, SiteSummary),
  'sites.create': method(SiteInput.strict(), Site),
  'sites.update': method(z.object({ id: EntityId, site: SiteInput.strict() }).strict(), Site),
  'sites.setArchived': method(z.object({ id: EntityId, archived: z.boolean() }).strict(), Site),

  'assets.list': method(ListOptions.extend({ siteId: EntityId.optional() }).strict(), z.array(Asset)),
  'assets.get': method(ById, Asset),
  'assets.findByTag': method(z.object({ tag: z.string().trim().min(1).max(128) }).strict(), Asset),
  'assets.create': method(AssetInput.strict(), Asset),
  'assets.update': method(
    z.object({ id: EntityId, asset: AssetInput.omit({ siteId: true }).strict() }).strict(),
    Asset,
  ),
  'assets.setArchived': method(z.object({ id: EntityId, archived: z.boolean() }).strict(), Asset),

  'customers.names': method(
    z.object({ query: z.string().trim().max(120).optional() }).strict(),
    z.array(z.string()),
  ),
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
