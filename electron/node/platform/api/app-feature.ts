import type { activityMethods, AppInfo, appMethods, HealthReport } from '../../../../shared/contract';
import type { BackendContext, Feature } from '../feature';

/** The app itself: versions, health, settings, and what is running. */
export function appFeature(
  ctx: BackendContext,
  info: () => AppInfo,
  health: () => Promise<HealthReport>,
): Feature<keyof typeof appMethods | keyof typeof activityMethods> {
  return {
    handlers: {
      'app.info': () => info(),
      'health.get': () => health(),
      'settings.get': () => ctx.settings.get(),
      'settings.update': (patch) => {
        const next = ctx.settings.update(patch);
        ctx.events.emit('settings.changed', next);
        return next;
      },
      'activity.list': () => ctx.activity.list(),
    },
  };
}
