import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Recording } from '../../../shared/contract';
import { formatSeconds } from './format';
import { type FrameRange, SpectrogramView, WaveformView } from './SignalViews';

const MIN_SPAN_S = 0.02;

/**
 * One sound or vibration recording: waveform and spectrogram over the same range (zoom with the
 * buttons or by dragging across either), and playback whose position shows on both. Keyed by
 * recording: another recording starts with fresh zoom and position.
 */
export function RecordingViewer({ recording }: { recording: Recording }) {
  const { t } = useTranslation();
  const rate = recording.sampleRate ?? 1;
  const total = recording.frames;
  const [range, setRange] = useState<FrameRange>([0, total]);
  const [channel, setChannel] = useState(0);
  const [cursor, setCursor] = useState<number | null>(null);
  const audio = useRef<HTMLAudioElement>(null);

  // Follow playback smoothly while playing; timeupdate alone fires only a few times a second.
  useEffect(() => {
    const el = audio.current;
    if (!el) return undefined;
    let frame = 0;
    const follow = () => {
      setCursor(Math.round(el.currentTime * rate));
      if (!el.paused) frame = requestAnimationFrame(follow);
    };
    const onPlay = () => (frame = requestAnimationFrame(follow));
    const onTime = () => setCursor(Math.round(el.currentTime * rate));
    el.addEventListener('play', onPlay);
    el.addEventListener('timeupdate', onTime);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('play', onPlay);
      el.removeEventListener('timeupdate', onTime);
    };
  }, [rate, recording.id]);

  const span = range[1] - range[0];
  const minSpan = Math.max(32, Math.round(MIN_SPAN_S * rate));
  const zoomTo = (center: number, newSpan: number) => {
    const s = Math.min(total, Math.max(minSpan, Math.round(newSpan)));
    const from = Math.min(Math.max(0, Math.round(center - s / 2)), Math.max(0, total - s));
    setRange([from, from + s]);
  };
  const center = cursor !== null && cursor >= range[0] && cursor <= range[1] ? cursor : range[0] + span / 2;
  const seek = (f: number) => {
    setCursor(f);
    if (audio.current) audio.current.currentTime = f / rate;
  };
  const select = (r: FrameRange) => {
    if (r[1] - r[0] >= minSpan) setRange(r);
  };
  const channels = recording.channels ?? 1;
  const axisNames = recording.stream === 'vibration' && channels === 3 ? ['X', 'Y', 'Z'] : null;

  return (
    <div className="viewer" data-recording={recording.id}>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('recording.viewer.zoom')}>
        <button type="button" onClick={() => zoomTo(center, span / 2)} disabled={span <= minSpan}>
          {t('recording.viewer.zoomIn')}
        </button>
        <button type="button" onClick={() => zoomTo(center, span * 2)} disabled={span >= total}>
          {t('recording.viewer.zoomOut')}
        </button>
        <button type="button" onClick={() => setRange([0, total])} disabled={span >= total}>
          {t('recording.viewer.whole')}
        </button>
        <button type="button" onClick={() => zoomTo(range[0] - span / 2, span)} disabled={range[0] <= 0} aria-label={t('recording.viewer.earlier')}>
          {'◀'}
        </button>
        <button type="button" onClick={() => zoomTo(range[1] + span / 2, span)} disabled={range[1] >= total} aria-label={t('recording.viewer.later')}>
          {'▶'}
        </button>
        <span className="mono viewer-range" aria-live="polite">
          {t('recording.viewer.range', { from: formatSeconds(range[0] / rate), to: formatSeconds(range[1] / rate) })}
        </span>
        {channels > 1 ? (
          <label className="viewer-channel">
            {t('recording.viewer.channel')}
            <select value={channel} onChange={(e) => setChannel(Number(e.target.value))}>
              {Array.from({ length: channels }, (_, c) => (
                <option key={c} value={c}>
                  {axisNames?.[c] ?? String(c + 1)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <WaveformView recording={recording} range={range} channel={channel} cursor={cursor} onSeek={seek} onSelect={select} />
      <SpectrogramView recording={recording} range={range} channel={channel} cursor={cursor} onSeek={seek} onSelect={select} />
      {recording.stream === 'audio' && recording.mediaUrl ? (
        <audio ref={audio} controls preload="metadata" src={recording.mediaUrl} aria-label={t('recording.viewer.playback')} />
      ) : null}
    </div>
  );
}
