import type { SystemDiagnosis } from '../../../../shared/contract';

/**
 * How the refrigeration side enters reports and uploads: the visit's cycle readings, calculated
 * values and system findings (RefrigerationService.systemDiagnosisForVisit), or null for a visit
 * without cycle readings.
 */
export interface RefrigerationSource {
  forSession(sessionId: string): SystemDiagnosis | null;
}
