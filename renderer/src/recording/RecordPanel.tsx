import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Capture, FIXED_DURATIONS_S, type StopReason } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { recordingErrorMessage } from './errors';
import { toDbfs } from './format';
import { MicCapture } from './mic-capture';
import { MicSender } from './mic-sender';
import { Alert } from './Alert';
import { SensorConnect } from './guided/SensorConnect';
import { readLastSensors, rememberSensors } from './guided/last-sensors';

type Length = (typeof FIXED_DURATIONS_S)[number] | 'free';

interface Level {
  key: string;
  label: string;
  peak: number;
  clipped: boolean;
  unit: 'fs' | 'g';
}

interface Running {
  capture: Capture;
  startedMs: number;
  mic: MicCapture | null;
  sender: MicSender | null;
}

/** Clipping stays on screen this long after the last clipped chunk, so it cannot be missed. */
const CLIP_HOLD_MS = 1500;

/** The local clock, for the countdown (read in handlers and effects only). */
const clock = () => Date.now();

/**
 * Recording from the laptop microphone or connected sensors: pick the source and a fixed length
 * (with a countdown) or free run, watch the level, stop. The back end writes as data arrives; this
 * panel only captures the microphone and shows what is happening.
 *
 * A connected sensor is chosen by default (the one used last time when it is connected again), and
 * a sensor can be connected from here without leaving the visit. Focus follows the work: Record
 * moves it to Stop, and the end of a recording brings it back to Record.
 */
export function RecordPanel({ sessionId, disabled, seconds = 10, stepLabel }: { sessionId: string; disabled: boolean; seconds?: (typeof FIXED_DURATIONS_S)[number]; stepLabel?: string }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const devices = useApiQuery('captures.devices', {}, { refetchInterval: 3000, staleTime: 0 });
  const [sourceChoice, setSource] = useState<'microphone' | 'sensors' | null>(null);
  const [pickedChoice, setPicked] = useState<string[] | null>(null);
  const [length, setLength] = useState<Length>(seconds);
  // A new step suggests its own length (adjusted while rendering, not in an effect).
  const [suggested, setSuggested] = useState(seconds);
  if (suggested !== seconds) {
    setSuggested(seconds);
    setLength(seconds);
  }
  const [connectOpen, setConnectOpen] = useState(false);
  const stopButton = useRef<HTMLButtonElement>(null);
  const recordButton = useRef<HTMLButtonElement>(null);
  const [running, setRunning] = useState<Running | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [micError, setMicError] = useState<string | null>(null);
  const [levels, setLevels] = useState<Level[]>([]);
  const [elapsed, setElapsed] = useState(0);
  const [clipping, setClipping] = useState(false);
  const clipTimer = useRef<number | undefined>(undefined);
  const [warnings, setWarnings] = useState<string[]>([]);
  const [finished, setFinished] = useState<StopReason | null>(null);
  const runningRef = useRef<Running | null>(null);
  // Event listeners read the ref; it changes together with the state.
  const show = (run: Running | null) => {
    runningRef.current = run;
    setRunning(run);
  };
  const markClipped = () => {
    setClipping(true);
    window.clearTimeout(clipTimer.current);
    clipTimer.current = window.setTimeout(() => setClipping(false), CLIP_HOLD_MS);
  };

  // A capture already running for this visit (a reload, another window): show it and let it be stopped.
  useEffect(() => {
    void client.call('captures.active', {}).then((active) => {
      const mine = active.find((c) => c.sessionId === sessionId);
      if (mine && !runningRef.current) {
        const run = { capture: mine, startedMs: Date.parse(mine.startedAt), mic: null, sender: null };
        runningRef.current = run;
        setRunning(run);
      }
    });
  }, [client, sessionId]);

  useEffect(() => {
    const offProgress = client.on('capture.progress', (p) => {
      const run = runningRef.current;
      if (!run || p.captureId !== run.capture.id || run.mic) return;
      setElapsed(p.elapsedS);
      setLevels(
        p.levels.map((l) => ({
          key: l.recordingId,
          label: t(`recording.streams.${l.stream}`) + (l.deviceId ? ` · ${l.deviceId}` : ''),
          peak: l.peak,
          clipped: l.clipped,
          unit: l.stream === 'audio' ? 'fs' : 'g',
        })),
      );
      if (p.levels.some((l) => l.clipped)) {
        setClipping(true);
        window.clearTimeout(clipTimer.current);
        clipTimer.current = window.setTimeout(() => setClipping(false), CLIP_HOLD_MS);
      }
    });
    const offWarning = client.on('capture.warning', (w) => {
      if (w.captureId !== runningRef.current?.capture.id) return;
      setWarnings((list) => [...list.slice(-4), t(`recording.warnings.${w.kind}`, { device: w.deviceId ?? '' })]);
    });
    const offStopped = client.on('capture.stopped', (s) => {
      const run = runningRef.current;
      if (!run || s.captureId !== run.capture.id) return;
      void run.mic?.close();
      runningRef.current = null;
      setRunning(null);
      setFinished(s.reason);
    });
    return () => {
      offProgress();
      offWarning();
      offStopped();
    };
  }, [client, t]);

  // The countdown and clock run locally between progress events.
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(() => setElapsed((clock() - running.startedMs) / 1000), 200);
    return () => clearInterval(timer);
  }, [running]);

  // Leaving the page while the microphone records ends that recording cleanly (the page holds the microphone).
  useEffect(
    () => () => {
      const run = runningRef.current;
      if (run?.mic && run.sender) {
        const { mic, sender, capture } = run;
        void mic.close().then(() => sender.flush()).then(() => client.call('captures.stop', { captureId: capture.id }));
      }
    },
    [client],
  );

  const durationS = length === 'free' ? null : length;
  const sensorList = devices.data ?? [];
  // Until the technician picks, the sensors used last time (if connected), else the first connected one.
  const remembered = readLastSensors().filter((id) => sensorList.some((d) => d.deviceId === id));
  const picked = pickedChoice ?? (remembered.length > 0 ? remembered : sensorList.slice(0, 1).map((d) => d.deviceId));
  const source = sourceChoice ?? (sensorList.length > 0 ? 'sensors' : 'microphone');
  const chosenSensors = picked.filter((id) => sensorList.some((d) => d.deviceId === id));

  // Focus stays with the work: on Stop while recording, back on Record when it ends.
  const isRunning = running !== null;
  const wasRunning = useRef(false);
  useEffect(() => {
    if (isRunning && !wasRunning.current) stopButton.current?.focus();
    if (!isRunning && wasRunning.current) recordButton.current?.focus();
    wasRunning.current = isRunning;
  }, [isRunning]);

  const start = async () => {
    setError(null);
    setMicError(null);
    setWarnings([]);
    setFinished(null);
    setLevels([]);
    setElapsed(0);
    setBusy(true);
    try {
      if (source === 'microphone') await startMicrophone();
      else {
        const capture = await client.call('captures.start', { sessionId, source: { kind: 'sensor', deviceIds: chosenSensors }, durationS });
        rememberSensors(chosenSensors);
        show({ capture, startedMs: clock(), mic: null, sender: null });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const startMicrophone = async () => {
    let sender: MicSender | null = null;
    const early: Int16Array[] = [];
    let mic: MicCapture;
    try {
      mic = await MicCapture.open((chunk) => {
        setLevels([{ key: 'mic', label: t('recording.record.microphone'), peak: chunk.peak, clipped: chunk.clipped, unit: 'fs' }]);
        if (chunk.clipped) markClipped();
        if (sender) sender.push(chunk.pcm);
        else early.push(chunk.pcm);
      });
    } catch (e) {
      setMicError((e as Error).name === 'NotAllowedError' ? t('recording.record.micDenied') : t('recording.record.micUnavailable'));
      return;
    }
    try {
      const capture = await client.call('captures.start', {
        sessionId,
        source: { kind: 'microphone', sampleRate: mic.sampleRate, ...(mic.label ? { label: mic.label.slice(0, 200) } : {}) },
        durationS,
      });
      const s = new MicSender(client, capture.id, () => void mic.close());
      sender = s;
      for (const pcm of early.splice(0)) s.push(pcm);
      show({ capture, startedMs: clock(), mic, sender: s });
    } catch (e) {
      await mic.close();
      throw e;
    }
  };

  const stop = async () => {
    const run = runningRef.current;
    if (!run) return;
    setBusy(true);
    try {
      if (run.mic && run.sender) {
        await run.mic.close();
        await run.sender.flush();
      }
      await client.call('captures.stop', { captureId: run.capture.id });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const remaining = running?.capture.durationS ? Math.max(0, Math.ceil(running.capture.durationS - elapsed)) : null;
  const orphanMic = running && running.capture.source === 'microphone' && !running.mic;

  return (
    <section aria-labelledby="record-title" className="panel">
      <h2 id="record-title">{t('ui.sections.record')}</h2>
      {stepLabel ? <p className="step-now">{t('ui.steps.now', { step: stepLabel })}</p> : null}
      {running ? (
        <div className="recording-live" data-capture={running.capture.id}>
          <p className="countdown" role="timer" aria-live="off">
            <span className="rec-dot" aria-hidden="true">
              {'● '}
            </span>
            {remaining !== null ? t('recording.record.remaining', { seconds: remaining }) : t('recording.record.elapsed', { seconds: Math.floor(elapsed) })}
          </p>
          {orphanMic ? <p className="notice">{t('recording.record.orphanMic')}</p> : null}
          <ul className="levels" aria-label={t('recording.record.levels')}>
            {levels.map((l) => (
              <li key={l.key}>
                <span className="level-label">{l.label}</span>
                <meter min={0} max={l.unit === 'fs' ? 1 : Math.max(1, l.peak)} low={0.5} high={0.9} optimum={0.2} value={Math.min(l.peak, l.unit === 'fs' ? 1 : Math.max(1, l.peak))} aria-label={t('recording.record.level', { source: l.label })} />
                <span className="mono">{l.unit === 'fs' ? toDbfs(l.peak) : `${l.peak.toFixed(3)} g`}</span>
              </li>
            ))}
          </ul>
          <Alert message={clipping ? t('recording.record.clipping') : null} />
          {warnings.map((w, i) => (
            <p key={i} className="banner banner-warn" role="status">
              <span aria-hidden="true">{'▲ '}</span>
              {w}
            </p>
          ))}
          <button ref={stopButton} type="button" className="button-primary button-stop" onClick={() => void stop()} disabled={busy}>
            {t('recording.record.stop')}
          </button>
        </div>
      ) : (
        <form
          className="form record-form"
          onSubmit={(e) => {
            e.preventDefault();
            void start();
          }}
        >
          <fieldset>
            <legend>{t('recording.record.source')}</legend>
            <label className="checkbox">
              <input type="radio" name="source" checked={source === 'microphone'} onChange={() => setSource('microphone')} />
              {t('recording.record.microphone')}
            </label>
            <label className="checkbox">
              <input type="radio" name="source" checked={source === 'sensors'} onChange={() => setSource('sensors')} />
              {t('recording.record.sensors')}
            </label>
            {sensorList.length === 0 ? (
                <p className="notice">
                  {t('ui.sensor.none')}{' '}
                  <a
                    href="#record-connect"
                    onClick={(e) => {
                      e.preventDefault();
                      setConnectOpen(true);
                      requestAnimationFrame(() => document.getElementById('record-connect')?.focus());
                    }}
                  >
                    {t('ui.sensor.connectHere')}
                  </a>
                </p>
              ) : source === 'sensors' ? (
                sensorList.map((d) => (
                  <label key={d.deviceId} className="checkbox">
                    <input
                      type="checkbox"
                      checked={picked.includes(d.deviceId)}
                      onChange={(e) => setPicked(e.target.checked ? [...picked, d.deviceId] : picked.filter((x) => x !== d.deviceId))}
                    />
                    <span className="mono">{d.deviceId}</span>
                    {remembered.includes(d.deviceId) ? <span className="muted">{t('ui.sensor.lastUsed')}</span> : null}
                  </label>
                ))
              ) : null}
            {/* With no sensor connected, the sensors found are offered right here: one press connects. */}
            {connectOpen || sensorList.length === 0 ? (
              <SensorConnect id="record-connect" onConnected={() => setConnectOpen(false)} />
            ) : source === 'sensors' ? (
              <button type="button" className="button-link" onClick={() => setConnectOpen(true)}>
                {t('ui.sensor.connectAnother')}
              </button>
            ) : null}
          </fieldset>
          <fieldset>
            <legend>{t('recording.record.length')}</legend>
            {[...FIXED_DURATIONS_S, 'free' as const].map((l) => (
              <label key={l} className="checkbox">
                <input type="radio" name="length" checked={length === l} onChange={() => setLength(l)} />
                {l === 'free' ? t('recording.record.freeRun') : t('recording.record.seconds', { seconds: l })}
              </label>
            ))}
          </fieldset>
          <Alert message={micError} />
          <Alert message={error ? recordingErrorMessage(error, t) : null} />
          <div className="form-actions">
            <button ref={recordButton} type="submit" className="button-primary" disabled={busy || disabled || (source === 'sensors' && chosenSensors.length === 0)}>
              <span aria-hidden="true" className="icon">
                {'●'}
              </span>
              {t('recording.record.start')}
            </button>
            {disabled ? <span className="muted">{t('recording.record.closedVisit')}</span> : null}
          </div>
          {finished ? (
            <p className="saved" role="status">
              {t(`recording.stopReasons.${finished}`)}
            </p>
          ) : null}
        </form>
      )}
    </section>
  );
}
