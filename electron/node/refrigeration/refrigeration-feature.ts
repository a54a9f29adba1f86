import { AppError, type CycleReading, type refrigerationMethods } from '../../../shared/contract';
import type { BackendContext, Feature } from '../feature';
import { gatherYearlyRecord, yearlyRecordCsv, yearlyRecordPdf } from './record-export';
import { RefrigerationRepository } from './refrigeration-repository';
import { sensorValuesOf } from './sensor-values';
import { RefrigerationReadModel, type RefrigerationService } from './refrigeration-service';

export interface RefrigerationOptions {
  /** A visit's readings or record changed: sync sends the change if the visit was queued before. */
  onSessionChanged?: (sessionId: string) => void;
}

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
  const service = new RefrigerationReadModel(repo);
  const changed = (sessionId: string) => {
    ctx.events.emit('refrigeration.changed', { sessionId });
    options.onSessionChanged?.(sessionId);
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
        return repo.latestSensorValues(sessionId).flatMap(sensorValuesOf);
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
        const record = gatherYearlyRecord(ctx.db, repo, siteId, year, ctx.now());
        return format === 'csv' ? yearlyRecordCsv(record) : yearlyRecordPdf(record);
      },
    },
  };
}
