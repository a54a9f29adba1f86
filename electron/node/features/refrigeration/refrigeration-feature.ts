import { AppError, type CycleReading, type LiveReading, type refrigerationMethods } from '../../../../shared/contract';
import type { BackendContext, Feature } from '../../platform/feature';
import { gatherYearlyRecord, yearlyRecordCsv, yearlyRecordPdf } from './record-export';
import { RefrigerationRepository } from './refrigeration-repository';
import { SitesRepository } from '../register';
import { SessionReader } from '../recording';
import { liveSensorValuesOf, sensorValuesOf } from './sensor-values';
import { RefrigerationReadModel, type RefrigerationService } from './refrigeration-service';

export interface RefrigerationOptions {
  /** The newest reading of each connected sensor (the sensor link's live view). */
  liveReadings?: () => { deviceId: string; reading: LiveReading }[];
}

/** A live reading older than this (the sensor went silent) is not offered as the sensor's value now. */
const LIVE_MAX_AGE_MS = 10_000;

export type RefrigerationFeature = Feature<keyof typeof refrigerationMethods> & {
  /** The one way other features (verdict, reports, sync) read the refrigeration side. */
  service: RefrigerationService;
};

/**
 * The refrigeration side of a visit: cycle readings typed or taken from sensors, their
 * calculated values and system diagnosis, the refrigerant record and its yearly export.
 */
export function refrigerationFeature(ctx: BackendContext, options: RefrigerationOptions = {}): RefrigerationFeature {
  const repo = new RefrigerationRepository(ctx.db);
  const visits = new SessionReader(ctx.db, ctx.dataDir);
  const service = new RefrigerationReadModel(repo);
  const changed = (sessionId: string) => {
    ctx.events.emit('refrigeration.changed', { sessionId });
    ctx.bus.emit('visit.changed', { visitId: sessionId });
  };

  return {
    service,
    handlers: {
      'refrigeration.diagnosis': ({ sessionId }) => service.systemDiagnosisForVisit(sessionId),

      'refrigeration.saveReadings': ({ sessionId, readings }) => {
        repo.visit(sessionId);
        const seen = new Set<string>();
        readings.forEach((r, i) => {
          if (seen.has(r.quantity)) throw new AppError('invalid_params', `${r.quantity} is given twice; keep one value per reading.`, `readings.${i}.quantity`);
          seen.add(r.quantity);
        });
        const at = ctx.now().toISOString();
        const rows: CycleReading[] = readings.map((r) => ({
          quantity: r.quantity,
          value: r.value,
          unit: r.unit,
          pressureReference: r.pressureReference ?? null,
          source: r.source,
          deviceId: r.source === 'sensor' ? (r.deviceId ?? null) : null,
          measuredAt: r.measuredAt ?? at,
        }));
        repo.replaceReadings(sessionId, rows);
        changed(sessionId);
        return service.systemDiagnosisForVisit(sessionId);
      },

      'refrigeration.sensorValues': ({ sessionId }) => {
        repo.visit(sessionId);
        const now = ctx.now().getTime();
        // A link being restored keeps its last reading; past a few seconds it is not "now" any more.
        const fresh = (options.liveReadings?.() ?? []).filter((r) => now - r.reading.hostTimeMs <= LIVE_MAX_AGE_MS);
        const live = fresh.flatMap(liveSensorValuesOf);
        // A connected sensor's live value is newer than anything it recorded: offer that one.
        const liveDevices = new Set(live.map((v) => v.deviceId));
        const recorded = visits.latestSensorValues(sessionId).flatMap(sensorValuesOf).filter((v) => v.deviceId === null || !liveDevices.has(v.deviceId));
        return [...live, ...recorded];
      },

      'refrigeration.record': ({ sessionId }) => {
        repo.visit(sessionId);
        return repo.record(sessionId);
      },

      'refrigeration.saveRecord': (input) => {
        repo.visit(input.sessionId);
        const saved = repo.saveRecord(input, ctx.now().toISOString());
        changed(input.sessionId);
        return saved;
      },

      'refrigeration.trend': ({ assetId }) => service.trendForEquipment(assetId),

      'refrigeration.exportYearlyRecord': async ({ siteId, year, format }) => {
        const record = gatherYearlyRecord(new SitesRepository(ctx.db, ctx.now), repo, siteId, year, ctx.now());
        return format === 'csv' ? yearlyRecordCsv(record) : yearlyRecordPdf(record);
      },
    },
  };
}
