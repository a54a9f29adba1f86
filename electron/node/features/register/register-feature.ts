import type { registerMethods } from '../../../../shared/contract';
import type { BackendContext, Feature } from '../../platform/feature';
import { AssetsRepository } from './assets';
import { SitesRepository } from './sites';

/** The asset register: customers' sites and their equipment. Thin on purpose: the repositories own the rules. */
export function registerFeature(ctx: BackendContext): Feature<keyof typeof registerMethods> {
  const sites = new SitesRepository(ctx.db, ctx.now);
  const assets = new AssetsRepository(ctx.db, ctx.now);
  const changed = <T extends { id: string }>(entity: 'site' | 'asset', value: T): T => {
    ctx.events.emit('register.changed', { entity, id: value.id });
    return value;
  };

  return {
    handlers: {
      'sites.list': (p) => sites.list(p),
      'sites.get': (p) => sites.get(p.id),
      'sites.create': (p) => changed('site', sites.create(p)),
      'sites.update': (p) => changed('site', sites.update(p.id, p.site)),
      'sites.setArchived': (p) => changed('site', sites.setArchived(p.id, p.archived)),

      'assets.list': (p) => assets.list(p),
      'assets.get': (p) => assets.get(p.id),
      'assets.findByTag': (p) => assets.findByTag(p.tag),
      'assets.create': (p) => {
        const { siteId, ...fields } = p;
        return changed('asset', assets.create(siteId, fields));
      },
      'assets.update': (p) => changed('asset', assets.update(p.id, p.asset)),
      'assets.setArchived': (p) => changed('asset', assets.setArchived(p.id, p.archived)),

      'customers.names': (p) => sites.customerNames(p.query),
    },
  };
}
