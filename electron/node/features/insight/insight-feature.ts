import path from 'node:path';
import { AppError, type BaselineData, MachineFacts, type Deviation, type insightMethods, type RecordingInsight, type SessionInsight, type StoredDiagnosis, type TrendPoint } from '../../../../shared/contract';
import { BUNDLED_MODELS_DIR } from '../../platform/app-meta';
import type { DiagnosisEngine } from '../diagnosis';
import { EXTRACTOR_SCHEMAS } from '../diagnosis';
import type { BackendContext, Feature } from '../../platform/feature';
import type { RecordingsRepository } from '../recording';
import type { SessionsRepository } from '../recording';
import { AssetsRepository, machineFactsFor } from '../register';
import { type BaselineProfile, deviationFrom, learnProfile, sameGrid } from './baseline';
import { defaultDatasetDir, exportFromDatabase } from './dataset-export';
import { type DiagnosisRecord, InsightRepository } from './insight-repository';
import { installModelSet } from './model-installer';
import type { LatestVerdict } from '../verdict';
import { urgencyOf, byUrgency } from './urgency';
import { SOUND_SCHEMA } from '../diagnosis';

const modalityOfSchema = (id: string) => (id === SOUND_SCHEMA.id ? 'sound' : 'vibration');

export interface InsightOptions {
  engine: DiagnosisEngine;
  recordings: RecordingsRepository;
  sessions: SessionsRepository;
  /** Where installed model sets go (searched before the bundled one). */
  modelInstallDir: string;
  /**
   * The verdict feature's answer for an asset (its latest visit's verdict): the lists rank by it.
   * Late-bound, since the verdict is itself built from this feature's results.
   */
  latestVerdict: (assetId: string) => LatestVerdict | null;
}

export type InsightFeature = Feature<keyof typeof insightMethods> & {
  /** What the visit page shows per recording: run state, stored results with their deviation (the verdict is built from it). */
  sessionInsight(sessionId: string): SessionInsight;
  repo: InsightRepository;
  /** Resolves when nothing is queued or running (tests, shutdown). */
  idle(): Promise<void>;
};

const SEVERITY_RANK = { normal: 0, watch: 1, warning: 2, critical: 3 } as const;
/** The app proposes a recording for the baseline while the baseline has fewer than this many. */
const SUGGEST_UNTIL = 5;
const SUGGEST_CONFIDENCE = 0.7;

/**
 * Diagnosis in the technician's hands: every finished recording is diagnosed in the background
 * (one at a time: the engine's workers stay free for what the technician asks now), results are
 * kept per recording across model versions, and each is compared with its asset's healthy baseline.
 */
export function insightFeature(ctx: BackendContext, options: InsightOptions): InsightFeature {
  const repo = new InsightRepository(ctx.db);
  const assets = new AssetsRepository(ctx.db, ctx.now);
  const state = new Map<string, { state: 'queued' | 'running' | 'failed'; error: string | null }>();
  const queue: string[] = [];
  let running: Promise<void> | null = null;
  let closed = false;

  const assetOfSession = (sessionId: string) => options.sessions.get(sessionId).assetId;
  const changed = (sessionId: string) => {
    try {
      ctx.events.emit('insight.changed', { sessionId, assetId: assetOfSession(sessionId) });
    } catch {
      // the session was deleted meanwhile
    }
  };

  const diagnosable = (recordingId: string) => {
    const row = options.recordings.row(recordingId);
    return row.stream !== 'readings' && row.path !== null && (row.status === 'complete' || row.status === 'recovered') && row.frames > 0 ? row : null;
  };

  const runOne = async (recordingId: string) => {
    let row;
    try {
      row = diagnosable(recordingId);
    } catch {
      return; // deleted while queued
    }
    if (!row) return;
    state.set(recordingId, { state: 'running', error: null });
    changed(row.session_id);
    try {
      const file = path.join(ctx.dataDir, row.analysis_path ?? row.path!);
      const modality = row.stream === 'vibration' ? 'vibration' : 'sound';
      // Recordings do not say yet at which end they were made (placement null): see machineFactsFor.
      const machine = machineFactsFor(assets.get(assetOfSession(row.session_id)).facts, { modality, placement: null });
      const result = await options.engine.analyzeFile({ path: file, modality, jobId: `recording-${recordingId}`, ...(machine ? { machine: MachineFacts.parse(machine) } : {}) });
      const diagnosis = { ...result, source: { kind: 'recording' as const, recordingId } };
      repo.insertDiagnosis(row.session_id, recordingId, diagnosis);
      state.delete(recordingId);
    } catch (error) {
      const message = (error as Error).message;
      ctx.log.warn({ err: error, recordingId }, 'a recording could not be diagnosed');
      state.set(recordingId, { state: 'failed', error: message });
    }
    changed(row.session_id);
  };

  const pump = () => {
    if (running || closed) return;
    running = (async () => {
      while (queue.length > 0 && !closed) await runOne(queue.shift()!);
    })().finally(() => {
      running = null;
      if (queue.length > 0 && !closed) pump();
    });
  };

  const enqueue = (recordingId: string): boolean => {
    const row = diagnosable(recordingId);
    if (!row) return false;
    if (queue.includes(recordingId) || state.get(recordingId)?.state === 'running') return true;
    queue.push(recordingId);
    state.set(recordingId, { state: 'queued', error: null });
    changed(row.session_id);
    pump();
    return true;
  };

  /** The healthy profiles of an asset, one per feature schema and grid, learned from the marked recordings' newest results. */
  const profilesOf = (assetId: string) => {
    const members = repo
      .baselineRecordings(assetId)
      .map((id) => ({ id, data: repo.forRecording(id).find((r) => r.diagnosis.baseline)?.diagnosis.baseline ?? null }))
      .filter((m): m is { id: string; data: BaselineData } => m.data !== null);
    const groups: { ids: Set<string>; data: BaselineData[]; profile: BaselineProfile }[] = [];
    for (const m of members) {
      const group = groups.find((g) => sameGrid(g.data[0]!, m.data));
      if (group) {
        group.ids.add(m.id);
        group.data.push(m.data);
      } else groups.push({ ids: new Set([m.id]), data: [m.data], profile: null as unknown as BaselineProfile });
    }
    for (const g of groups) g.profile = learnProfile(g.data, EXTRACTOR_SCHEMAS[g.data[0]!.featureSchema.id]?.names ?? []);
    return groups;
  };

  const deviationOf = (record: DiagnosisRecord, profiles: ReturnType<typeof profilesOf>): Deviation | null => {
    const data = record.diagnosis.baseline;
    if (!data || (record.recordingId && profiles.some((g) => g.ids.has(record.recordingId!)))) return null;
    const group = profiles.find((g) => sameGrid(g.data[0]!, data));
    if (!group) return null;
    return deviationFrom(group.profile, data, EXTRACTOR_SCHEMAS[data.featureSchema.id]?.names ?? [], record.diagnosis.running?.hz ?? null, group.data);
  };

  const stored = (record: DiagnosisRecord, profiles: ReturnType<typeof profilesOf>): StoredDiagnosis => ({
    id: record.id,
    sessionId: record.sessionId,
    recordingId: record.recordingId,
    createdAt: record.createdAt,
    diagnosis: record.diagnosis,
    deviation: deviationOf(record, profiles),
  });

  const sessionReadings = (sessionId: string) => options.recordings.readingAverages(sessionId);

  const trend = (assetId: string): TrendPoint[] => {
    const profiles = profilesOf(assetId);
    const readings = new Map<string, { temperatureC: number | null; currentA: number | null }>();
    return repo.latestForAsset(assetId).flatMap((record) => {
      const d = record.diagnosis;
      if (d.status === 'unavailable' && !d.quality) return [];
      if (!readings.has(record.sessionId)) readings.set(record.sessionId, sessionReadings(record.sessionId));
      const r = readings.get(record.sessionId)!;
      const data = d.baseline;
      // A baseline recording's own distance to the profile is what "healthy" looks like: chart it too.
      const group = data ? profiles.find((g) => sameGrid(g.data[0]!, data)) : undefined;
      const deviation =
        data && group ? deviationFrom(group.profile, data, EXTRACTOR_SCHEMAS[data.featureSchema.id]?.names ?? [], d.running?.hz ?? null, group.data).score : null;
      const order1x = d.evidence.find((e) => e.key === 'order_1x')?.levelDb ?? null;
      return [
        {
          sessionId: record.sessionId,
          recordingId: record.recordingId!,
          at: record.recordingStartedAt,
          modality: d.modality,
          condition: d.status === 'diagnosed' ? (d.condition?.key ?? null) : null,
          severity: d.severity,
          severityRank: d.severity ? SEVERITY_RANK[d.severity] : null,
          deviation,
          level: d.modality === 'sound' ? (d.quality?.rmsDbfs ?? null) : (d.vibration?.velocityRmsMmS ?? null),
          order1xDb: order1x,
          temperatureC: r.temperatureC,
          currentA: r.currentA,
        },
      ];
    });
  };

  const sessionInsight = (sessionId: string): SessionInsight => {
    const session = options.sessions.get(sessionId);
    const profiles = profilesOf(session.assetId);
    const baselineIds = new Set(repo.baselineRecordings(session.assetId));
    const recordings: RecordingInsight[] = options.recordings
      .forSession(sessionId)
      .filter((r) => r.stream !== 'readings')
      .map((r) => {
        const results = repo.forRecording(r.id).map((rec) => stored(rec, profiles));
        const latest = results[0]?.diagnosis;
        const inBaseline = baselineIds.has(r.id);
        const baselineSize = profiles.find((g) => latest?.baseline && sameGrid(g.data[0]!, latest.baseline))?.data.length ?? 0;
        const s = state.get(r.id);
        return {
          recordingId: r.id,
          state: s?.state ?? 'idle',
          error: s?.error ?? null,
          results,
          inBaseline,
          suggestBaseline:
            !inBaseline &&
            latest?.status === 'diagnosed' &&
            latest.condition?.key === 'normal' &&
            (latest.confidence ?? 0) >= SUGGEST_CONFIDENCE &&
            latest.baseline !== null &&
            baselineSize < SUGGEST_UNTIL,
        };
      });
    const earlier = options.sessions
      .list({ assetId: session.assetId, limit: 50 })
      .filter((x) => x.id !== sessionId && x.startedAt < session.startedAt)
      .map((x) => ({ id: x.id, startedAt: x.startedAt }));
    return {
      sessionId,
      assetId: session.assetId,
      recordings,
      labels: repo.labelsForSession(sessionId),
      baseline: (['sound', 'vibration'] as const).map((modality) => ({
        modality,
        recordings: profiles.filter((g) => modalityOfSchema(g.data[0]!.featureSchema.id) === modality).reduce((n, g) => n + g.data.length, 0),
      })),
      earlierSessions: earlier,
    };
  };

  // Recordings that became final are diagnosed in the background.
  const stopListening = ctx.bus.on('recordings.finished', ({ visitId, recordingIds }) => {
    for (const id of recordingIds) {
      try {
        enqueue(id);
      } catch (error) {
        ctx.log.warn({ err: error, sessionId: visitId, recordingId: id }, 'a finished recording could not be queued for diagnosis');
      }
    }
  });

  /** Active equipment (of one site, or all), most urgent first, each by its latest visit verdict. */
  const urgency = (siteId?: string) => {
    return assets.activeNames(siteId).map((a) => urgencyOf(a.id, a.name, options.latestVerdict(a.id))).sort(byUrgency);
  };

  return {
    repo,
    sessionInsight,
    idle: async () => {
      while (running) await running;
    },
    close: async () => {
      stopListening();
      closed = true;
      queue.length = 0;
      await running;
    },
    handlers: {
      'insight.session': ({ sessionId }) => sessionInsight(sessionId),
      'insight.diagnose': ({ recordingId }) => {
        if (!diagnosable(recordingId)) throw new AppError('invalid_params', 'Only a finished sound or vibration recording can be diagnosed.', 'recordingId');
        return { queued: enqueue(recordingId) };
      },
      'insight.setBaseline': ({ recordingId, inBaseline }) => {
        const row = options.recordings.row(recordingId);
        if (row.stream === 'readings') throw new AppError('invalid_params', 'A baseline is learned from sound or vibration recordings, not readings.', 'recordingId');
        const assetId = assetOfSession(row.session_id);
        repo.setBaseline(recordingId, assetId, inBaseline, ctx.now().toISOString());
        changed(row.session_id);
        return { recordings: repo.baselineRecordings(assetId).length };
      },
      'insight.label': (p) => {
        options.sessions.get(p.sessionId);
        let recordingId: string | null = null;
        if (p.diagnosisId) {
          const record = repo.diagnosis(p.diagnosisId);
          if (!record || record.sessionId !== p.sessionId) throw new AppError('invalid_params', 'This diagnosis is not one of this visit.', 'diagnosisId');
          recordingId = record.recordingId;
          // "Wrong: corrected" must name another condition than the one predicted, and "right" the predicted one.
          const predicted = record.diagnosis.condition?.key ?? null;
          if (predicted !== null && p.verdict === 'corrected' && p.condition === predicted) {
            throw new AppError('invalid_params', 'A correction must name the condition that was really found, not the predicted one.', 'condition');
          }
          if (predicted !== null && p.verdict === 'confirmed' && p.condition !== predicted) {
            throw new AppError('invalid_params', 'Confirming the diagnosis keeps its condition; choose "corrected" to name another.', 'condition');
          }
        }
        if (p.afterRepairOf) {
          const before = options.sessions.get(p.afterRepairOf);
          if (before.assetId !== assetOfSession(p.sessionId)) throw new AppError('invalid_params', 'The repaired visit must be of the same equipment.', 'afterRepairOf');
        }
        const label = repo.addLabel({
          sessionId: p.sessionId,
          diagnosisId: p.diagnosisId ?? null,
          recordingId,
          condition: p.condition,
          verdict: p.verdict,
          found: p.found || null,
          repaired: p.repaired || null,
          afterRepairOf: p.afterRepairOf ?? null,
          technician: ctx.settings.get().technicianName ?? null,
          createdAt: ctx.now().toISOString(),
        });
        changed(p.sessionId);
        return label;
      },
      'insight.trend': ({ assetId }) => ({ points: trend(assetId) }),
      'insight.siteUrgency': ({ siteId }) => ({ assets: urgency(siteId) }),
      'insight.urgency': ({ siteId }) => ({ assets: urgency(siteId) }),
      'insight.exportDataset': () => {
        const now = ctx.now();
        return ctx.activity.during('export', 'Exporting the labelled dataset', async () => exportFromDatabase(ctx.db, ctx.dataDir, defaultDatasetDir(ctx.dataDir, now), now));
      },
      'insight.installModel': async ({ path: source }) => {
        if (path.resolve(options.modelInstallDir) === path.resolve(BUNDLED_MODELS_DIR)) {
          throw new AppError('unavailable', 'This app runs on its bundled models only (no data-folder model directory): a model cannot be installed here.', 'path');
        }
        await installModelSet(path.resolve(source), options.modelInstallDir);
        // Analyses queued before the install finish first; the next one loads the new set.
        while (running) await running;
        await options.engine.reloadModels();
        return options.engine.modelInfo();
      },
    },
  };
}
