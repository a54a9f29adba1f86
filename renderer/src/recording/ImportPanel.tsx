import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../app/api';
import { recordingErrorMessage } from './errors';
import { uploadFile } from './upload';

interface Outcome {
  name: string;
  ok: boolean;
  message: string;
}

/**
 * Imports recordings made elsewhere: WAV (any PCM or float), FLAC, and CSV of vibration or
 * readings, dropped or picked. Each file is sent, checked completely by the back end, and stored
 * whole or not at all; a refused file says why.
 */
export function ImportPanel({ sessionId, disabled }: { sessionId: string; disabled: boolean }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const id = useId();
  const [stream, setStream] = useState<'audio' | 'vibration'>('audio');
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  const [over, setOver] = useState(false);

  const importFiles = async (files: File[]) => {
    const results: Outcome[] = [];
    for (const file of files) {
      setProgress({ name: file.name, fraction: 0 });
      try {
        const uploadId = await uploadFile(client, file, 'recording', (fraction) => setProgress({ name: file.name, fraction }));
        const audioLike = /\.(wav|wave|flac)$/i.test(file.name);
        await client.call('recordings.import', { sessionId, uploadId, ...(audioLike ? { stream } : {}) });
        results.push({ name: file.name, ok: true, message: t('recording.import.done', { name: file.name }) });
      } catch (error) {
        results.push({ name: file.name, ok: false, message: recordingErrorMessage(error, t) });
      }
    }
    setProgress(null);
    setOutcomes(results);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    if (!disabled) void importFiles(Array.from(event.dataTransfer.files));
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p>{t('recording.import.hint')}</p>
      <fieldset>
        <legend>{t('recording.import.holds')}</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-stream`} checked={stream === 'audio'} onChange={() => setStream('audio')} />
          {t('recording.streams.audio')}
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-stream`} checked={stream === 'vibration'} onChange={() => setStream('vibration')} />
          {t('recording.streams.vibration')}
        </label>
      </fieldset>
      <label className="button" htmlFor={`${id}-file`} aria-disabled={disabled || progress !== null}>
        {t('recording.import.pick')}
      </label>
      <input
        id={`${id}-file`}
        className="visually-hidden"
        type="file"
        accept=".wav,.wave,.flac,.csv,.txt"
        multiple
        disabled={disabled || progress !== null}
        onChange={(e) => {
          const files = Array.from(e.target.files ?? []);
          e.target.value = '';
          void importFiles(files);
        }}
      />
      {progress ? (
        <p role="status">
          {t('recording.import.sending', { name: progress.name })} <progress max={1} value={progress.fraction} />
        </p>
      ) : null}
      {outcomes.map((o, i) =>
        o.ok ? (
          <p key={i} className="saved" role="status">
            {`✔ ${o.message}`}
          </p>
        ) : (
          <p key={i} className="banner banner-error" role="alert">
            <span aria-hidden="true">{'✖ '}</span>
            <span className="mono">{o.name}</span>
            {`: ${o.message}`}
          </p>
        ),
      )}
    </div>
  );
}
