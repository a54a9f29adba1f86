import {
  type CycleQuantity,
  type CycleReading,
  normaliseRefrigerant,
  type RefrigerationTrendPoint,
  type SystemDiagnosis,
} from '../../../../shared/contract';
import { calculateCycle } from './cycle';
import type { RefrigerationRepository } from './refrigeration-repository';
import { diagnoseSystem } from './rules';

/**
 * The refrigeration side's one public read model. The visit verdict, the PDF report and the
 * upload read a visit's system diagnosis through this interface and nothing else of the feature.
 */
export interface RefrigerationService {
  /** Readings, calculated values, refused readings and findings (with their measurements, sentences and how sure) of one visit. */
  systemDiagnosisForVisit(visitId: string): SystemDiagnosis;
  /** Superheat, subcooling and compression ratio per visit of one piece of equipment, oldest first. */
  trendForEquipment(assetId: string): RefrigerationTrendPoint[];
}

/** The service as reports and uploads read it: nothing for a visit without cycle readings. */
export function reportSourceOf(service: RefrigerationService) {
  return {
    forSession: (sessionId: string) => {
      const d = service.systemDiagnosisForVisit(sessionId);
      return d.readings.length > 0 ? d : null;
    },
  };
}

/** What a full diagnosis needs; current and voltage only add to it. */
const NEEDED: CycleQuantity[] = ['suctionPressure', 'dischargePressure', 'suctionLineTemp', 'liquidLineTemp', 'evaporatorAirTemp', 'condenserAirTemp'];

const EMPTY_VALUES: SystemDiagnosis['values'] = {
  evaporatingTemp: null,
  condensingDewTemp: null,
  condensingBubbleTemp: null,
  superheat: null,
  subcooling: null,
  compressionRatio: null,
  dischargeSuperheat: null,
  evaporatorSplit: null,
  condenserSplit: null,
  suctionAbsolute: null,
  dischargeAbsolute: null,
  gasCoolerOutletTemp: null,
  optimumHighSide: null,
  transcritical: false,
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export class RefrigerationReadModel implements RefrigerationService {
  constructor(private readonly repo: RefrigerationRepository) {}

  systemDiagnosisForVisit(visitId: string): SystemDiagnosis {
    const visit = this.repo.visit(visitId);
    const readings = this.repo.readings(visitId);
    const refrigerant = visit.refrigerant ? normaliseRefrigerant(visit.refrigerant) : null;
    const base = { sessionId: visitId, refrigerant, readings, issues: [], values: EMPTY_VALUES, findings: [], missing: [] };
    if (readings.length === 0) return { ...base, state: 'no_readings', missing: NEEDED };
    if (!refrigerant) {
      return { ...base, state: 'no_refrigerant', issues: readings.map((r) => ({ quantity: r.quantity, code: 'no_refrigerant' as const, values: {} })) };
    }
    const cycle = calculateCycle(refrigerant, readings);
    const missing = NEEDED.filter((q) => !cycle.accepted.has(q));
    const findings = diagnoseSystem({ values: cycle.values, kind: visit.assetKind, currentRatio: this.currentRatio(visit.assetId, visit.startedAt, cycle.accepted.get('compressorCurrent')) });
    const state = findings.length > 0 ? 'diagnosed' : cycle.issues.length > 0 ? 'refused' : 'incomplete';
    return { ...base, state, issues: cycle.issues, values: cycle.values, findings, missing };
  }

  trendForEquipment(assetId: string): RefrigerationTrendPoint[] {
    return this.repo.visitsWithReadings(assetId).map((v) => {
      const d = this.systemDiagnosisForVisit(v.id);
      return {
        sessionId: v.id,
        startedAt: v.startedAt,
        superheat: d.values.superheat?.value ?? null,
        subcooling: d.values.subcooling?.value ?? null,
        compressionRatio: d.values.compressionRatio?.value ?? null,
        fault: d.findings[0]?.fault ?? null,
      };
    });
  }

  /** This visit's current over the median of the equipment's earlier visits: the only fair "low current" without a nameplate. */
  private currentRatio(assetId: string, startedAt: string, current: CycleReading | undefined): number | null {
    if (!current) return null;
    const earlier = this.repo.earlierCurrents(assetId, startedAt);
    if (earlier.length === 0) return null;
    const m = median(earlier);
    return m > 0 ? current.value / m : null;
  }
}
