import { type FormEvent, useEffect, useEffectEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError } from '../../../shared/contract';
import { useApi } from '../app/api';
import { apiErrorMessage } from './errors';

/** Keystrokes closer together than this come from a barcode/QR scanner acting as a keyboard. */
const SCANNER_KEY_GAP_MS = 40;
const SCANNER_MIN_LENGTH = 4;

/**
 * Typing or scanning an asset tag opens that machine's visit in progress, or else its page (where
 * a new visit is one press away). The field is always in the header; a scan
 * made while focus is elsewhere (not in a text field) is caught too, from its keystroke rhythm.
 */
export function QuickOpen() {
  const { t } = useTranslation();
  const { client } = useApi();
  const navigate = useNavigate();
  const [tag, setTag] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const open = async (value: string) => {
    const trimmed = value.trim();
    if (trimmed === '') return;
    try {
      const found = await client.call('visits.findByTag', { tag: trimmed });
      setTag('');
      setMessage(null);
      void navigate(found.openVisit ? `/sessions/${found.openVisit.id}` : `/assets/${found.asset.id}`);
    } catch (error) {
      setMessage(
        error instanceof ApiError && error.code === 'not_found'
          ? t('quickOpen.notFound', { tag: trimmed })
          : apiErrorMessage(error, t),
      );
    }
  };

  useScannerWedge((scanned) => void open(scanned));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void open(tag);
  };

  return (
    <form className="quick-open" onSubmit={onSubmit} role="search">
      <label htmlFor="quick-open-tag" className="visually-hidden">
        {t('quickOpen.label')}
      </label>
      <input
        id="quick-open-tag"
        ref={inputRef}
        value={tag}
        onChange={(e) => {
          setTag(e.target.value);
          setMessage(null);
        }}
        placeholder={t('quickOpen.placeholder')}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={message ? 'quick-open-message' : undefined}
      />
      <button type="submit">{t('quickOpen.open')}</button>
      {message ? (
        <p id="quick-open-message" className="quick-open-message" role="alert">
          {message}
        </p>
      ) : null}
    </form>
  );
}

function useScannerWedge(onScan: (text: string) => void): void {
  const scanned = useEffectEvent(onScan);
  useEffect(() => {
    let buffer = '';
    let last = 0;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      const now = performance.now();
      if (now - last > SCANNER_KEY_GAP_MS) buffer = '';
      last = now;
      if (event.key === 'Enter') {
        if (buffer.length >= SCANNER_MIN_LENGTH) {
          event.preventDefault();
          scanned(buffer);
        }
        buffer = '';
      } else if (event.key.length === 1) {
        buffer += event.key;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
