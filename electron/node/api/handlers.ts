import type { AppInfo, HealthReport } from '../../../shared/contract';
import type { AssetsRepository } from '../storage/assets';
import type { SettingsRepository } from '../storage/settings';
import type { SitesRepository } from '../storage/sites';
import type { Handlers } from './dispatcher';
import type { EventHub } from './event-hub';

export interface HandlerDeps {
  sites: SitesRepository;
  assets: AssetsRepository;
  settings: SettingsRepository;
  events: EventHub;
  info: () => AppInfo;
  health: () => Promise<HealthReport>;
}

/** Thin on purpose: params arrive validated; the repositories own the rules. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { sites, assets, settings, events } = deps;
  const changed = (entity: 'site' | 'asset', id: string) => events.emit('register.changed', { entity, id });

  return {
    'app.info': () => deps.info(),
    'health.get': () => deps.health(),

    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const next = settings.update(patch);
      events.emit('settings.changed', next);
      return next;
    },

    'sites.list': (p) => sites.list(p),
    'sites.get': (p) => sites.get(p.id),
    'sites.create': (p) => {
      const site = sites.create(p);
      changed('site', site.id);
      return site;
    },
    'sites.update': (p) => {
      const site = sites.update(p.id, p.site);
      changed('site', site.id);
      return site;
    },
    'sites.setArchived': (p) => {
      const site = sites.setArchived(p.id, p.archived);
      changed('site', site.id);
      return site;
    },

    'assets.list': (p) => assets.list(p),
    'assets.get': (p) => assets.get(p.id),
    'assets.findByTag': (p) => assets.findByTag(p.tag),
    'assets.create': (p) => {
      const { siteId, ...fields } = p;
      const asset = assets.create(siteId, fields);
      changed('asset', asset.id);
      return asset;
    },
    'assets.update': (p) => {
      const asset = assets.update(p.id, p.asset);
      changed('asset', asset.id);
      return asset;
    },
    'assets.setArchived': (p) => {
      const asset = assets.setArchived(p.id, p.archived);
      changed('asset', asset.id);
      return asset;
    },

    'customers.names': (p) => sites.customerNames(p.query),
  };
}
