import { AppError, type EventPayload, type Localized, type SessionSummary, type SystemFinding, type verdictMethods, type VerdictOverride, type VisitVerdict } from '../../../../shared/contract';
import type { BackendContext, Feature } from '../../platform/feature';
import type { InsightFeature } from '../insight';
import type { RecordingsRepository } from '../recording';
import type { SessionsRepository } from '../recording';
import { AssetsRepository } from '../register';
import { computeVerdict, type RecordingInput } from './compute';
import { type StoredVerdict, VerdictRepository } from './verdict-repository';
import { conditionName, KNOWN_CONDITIONS, say } from './words';

export interface VerdictOptions {
  insight: Pick<InsightFeature, 'sessionInsight'>;
  recordings: RecordingsRepository;
  sessions: SessionsRepository;
  /** Refrigerant-side findings of a visit (issue 16 plugs its system diagnosis in here); none by default. */
  systemFindings?: (visitId: string) => SystemFinding[];
  timeZone?: string;
}

export type VerdictFeature = Feature<keyof typeof verdictMethods> & {
  /** The visit's verdict as it stands now (recomputed if anything it is built from changed). */
  forVisit(visitId: string): VisitVerdict;
  /**
   * The verdict the equipment lists rank by: the asset's newest visit that has a recording (or an
   * override) and whose diagnoses are not all still running; null when it has none.
   */
  latestForAsset(assetId: string): LatestVerdict | null;
  /** Resolves when no recomputation is scheduled (tests). */
  settled(): Promise<void>;
};

export interface LatestVerdict {
  visit: SessionSummary;
  verdict: VisitVerdict;
}

/** How many of an asset's newest visits are looked through for one with a verdict to show. */
const LATEST_SCAN = 20;

/**
 * The visit verdict in the back end: recomputed whenever a diagnosis, recording or baseline of the
 * visit changes (it listens to `insight.changed` and `sessions.changed`, so no caller has to
 * remember to), stored with the technician's override and acceptance beside it, and announced
 * with `visits.verdictChanged` when what it says changes. What follows a change (re-rendering
 * the report, uploading a new revision) is decided in one place: verdict/report-refresh.ts.
 */
export function verdictFeature(ctx: BackendContext, options: VerdictOptions): VerdictFeature {
  const repo = new VerdictRepository(ctx.db, ctx.now);
  const assets = new AssetsRepository(ctx.db, ctx.now);

  const readings = (visitId: string) => options.recordings.readingAverages(visitId);

  const inputOf = (visitId: string): RecordingInput[] => {
    const insight = new Map(options.insight.sessionInsight(visitId).recordings.map((r) => [r.recordingId, r]));
    return options.recordings
      .forSession(visitId)
      .filter((r) => r.stream !== 'readings')
      .map((r) => {
        const info = insight.get(r.id);
        const latest = info?.results[0] ?? null;
        const usable = (r.status === 'complete' || r.status === 'recovered') && r.frames > 0;
        let run: RecordingInput['run'];
        if (info?.state === 'queued' || info?.state === 'running' || r.status === 'recording') run = 'pending';
        else if (info?.state === 'failed') run = 'failed';
        else if (latest) run = 'done';
        else run = usable ? 'pending' : 'unusable';
        return {
          recordingId: r.id,
          modality: r.stream === 'vibration' ? 'vibration' : 'sound',
          source: r.source,
          startedAt: r.startedAt,
          run,
          diagnosisId: latest?.id ?? null,
          diagnosis: latest?.diagnosis ?? null,
          deviation: latest?.deviation ?? null,
        } satisfies RecordingInput;
      });
  };

  const toVisitVerdict = (stored: StoredVerdict, assetId: string): VisitVerdict => {
    const { computed, override } = stored;
    const accepted = stored.accepted && stored.accepted.fingerprint === computed.fingerprint ? stored.accepted : null;
    return {
      visitId: stored.visitId,
      assetId,
      computed,
      override,
      accepted,
      effective: override
        ? { by: 'technician', status: override.status, severity: override.severity, conditionKey: override.conditionKey, condition: override.condition, headline: overrideHeadline(override) }
        : { by: 'computed', status: computed.status, severity: computed.severity, conditionKey: computed.conditionKey, condition: computed.condition, headline: computed.headline },
      revision: stored.revision,
      updatedAt: stored.updatedAt,
    };
  };

  /** Recomputes and stores; announces a change. The visit must exist. */
  const refresh = (visitId: string): VisitVerdict => {
    const session = options.sessions.get(visitId);
    const computed = { ...computeVerdict({ recordings: inputOf(visitId), readings: readings(visitId), systemFindings: options.systemFindings?.(visitId) ?? [], ...(options.timeZone ? { timeZone: options.timeZone } : {}) }), computedAt: ctx.now().toISOString() };
    const { changed, stored } = repo.saveComputed(visitId, computed);
    const verdict = toVisitVerdict(stored, session.assetId);
    if (changed) announce(verdict);
    return verdict;
  };
  const announce = (v: VisitVerdict) => ctx.events.emit('visits.verdictChanged', { visitId: v.visitId, assetId: v.assetId, revision: v.revision });

  // Many changes in one burst (a diagnosis queued, started and finished) make one recomputation.
  const scheduled = new Set<string>();
  let flush: Promise<void> | null = null;
  let closed = false;
  const schedule = (visitId: string) => {
    if (closed) return;
    scheduled.add(visitId);
    flush ??= new Promise<void>((resolve) =>
      setImmediate(() => {
        const ids = [...scheduled];
        scheduled.clear();
        flush = null;
        for (const id of ids) {
          try {
            if (!closed && ctx.db.open) refresh(id);
          } catch (error) {
            // The visit was deleted meanwhile, or the database is closing: nothing to announce.
            if (!(error instanceof AppError && error.code === 'not_found')) ctx.log.warn({ err: error, visitId: id }, 'the visit verdict could not be recomputed');
          }
        }
        resolve();
      }),
    );
  };
  const unsubscribe = ctx.events.subscribe((message) => {
    if (message.event === 'insight.changed') schedule((message.payload as EventPayload<'insight.changed'>).sessionId);
    // New cycle readings change the refrigerant side's findings, which take part in the verdict.
    else if (message.event === 'refrigeration.changed') schedule((message.payload as EventPayload<'refrigeration.changed'>).sessionId);
    else if (message.event === 'sessions.changed') {
      const p = message.payload as EventPayload<'sessions.changed'>;
      if (!p.deleted) schedule(p.sessionId);
    }
  });

  const technician = () => ctx.settings.get().technicianName ?? null;

  const latestForAsset = (assetId: string): LatestVerdict | null => {
    for (const visit of options.sessions.list({ assetId, limit: LATEST_SCAN })) {
      const verdict = refresh(visit.id);
      // An empty visit just started says nothing about the machine yet; a visit still being
      // diagnosed lets the one before it speak until its own verdict is in.
      if (!verdict.override && (verdict.computed.counts.recordings === 0 || verdict.effective.status === 'pending')) continue;
      return { visit, verdict };
    }
    return null;
  };

  return {
    forVisit: refresh,
    latestForAsset,
    settled: async () => {
      while (flush) await flush;
    },
    close: () => {
      closed = true;
      unsubscribe();
    },
    handlers: {
      'visits.verdict': ({ visitId }) => refresh(visitId),
      'visits.acceptVerdict': ({ visitId }) => {
        const current = refresh(visitId);
        const verdict = toVisitVerdict(repo.accept(visitId, current.computed.fingerprint, technician()), current.assetId);
        announce(verdict);
        return verdict;
      },
      'visits.overrideVerdict': (p) => {
        const current = refresh(p.visitId);
        const override = overrideOf(p, technician(), ctx.now().toISOString());
        const verdict = toVisitVerdict(repo.setOverride(p.visitId, override, technician()), current.assetId);
        announce(verdict);
        return verdict;
      },
      'visits.clearOverride': ({ visitId }) => {
        const current = refresh(visitId);
        if (!current.override) return current;
        const verdict = toVisitVerdict(repo.setOverride(visitId, null, technician()), current.assetId);
        announce(verdict);
        return verdict;
      },
      'visits.open': () =>
        options.sessions.open().map((s) => {
          let verdict: VisitVerdict['effective'] | null = null;
          try {
            verdict = refresh(s.id).effective;
          } catch (error) {
            ctx.log.warn({ err: error, visitId: s.id }, 'an open visit has no verdict');
          }
          return { ...s, verdict };
        }),
      'visits.findByTag': ({ tag }) => {
        const asset = assets.findByTag(tag);
        return { asset, openVisit: options.sessions.open(asset.id)[0] ?? null };
      },
    },
  };
}

/** The technician's verdict, checked: a fault or watch names its condition and severity; the reason is required by the contract. */
function overrideOf(
  p: { status: VerdictOverride['status']; severity?: VerdictOverride['severity'] | undefined; conditionKey?: string | undefined; reason: string },
  technician: string | null,
  at: string,
): VerdictOverride {
  if (p.status === 'healthy') return { status: 'healthy', severity: 'normal', conditionKey: 'normal', condition: conditionName('normal'), reason: p.reason, technician, at };
  if (p.status === 'not_diagnosable') return { status: 'not_diagnosable', severity: null, conditionKey: null, condition: null, reason: p.reason, technician, at };
  if (!p.conditionKey || p.conditionKey === 'normal') throw new AppError('invalid_params', 'Say which fault was found (or "other", described in the reason).', 'conditionKey');
  if (!KNOWN_CONDITIONS.includes(p.conditionKey)) throw new AppError('invalid_params', `Unknown condition "${p.conditionKey}": choose one the app knows, or "other".`, 'conditionKey');
  if (!p.severity) throw new AppError('invalid_params', 'Say how serious it is.', 'severity');
  const fits = p.status === 'fault' ? p.severity === 'warning' || p.severity === 'critical' : p.severity === 'watch';
  if (!fits) throw new AppError('invalid_params', p.status === 'fault' ? 'A fault is "plan a repair" or "act now".' : 'Keep an eye on it is the "watch" severity.', 'severity');
  return { status: p.status, severity: p.severity, conditionKey: p.conditionKey, condition: conditionName(p.conditionKey), reason: p.reason, technician, at };
}

function overrideHeadline(o: VerdictOverride): Localized {
  const condition = o.condition ?? conditionName('unknown');
  if (o.status === 'healthy') return say((c) => c.headline.healthy);
  if (o.status === 'not_diagnosable') return say((c) => c.headline.not_diagnosable);
  return say((c) => (o.severity === 'critical' ? c.headline.critical : o.severity === 'warning' ? c.headline.warning : c.headline.watch), { condition });
}
