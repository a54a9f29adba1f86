import { Button, Group, Stack, Text } from '@mantine/core';
import { BrowserMultiFormatReader, type IScannerControls } from '@zxing/browser';
import { BarcodeFormat, DecodeHintType } from '@zxing/library';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** QR and the 1D codes found on equipment labels and asset stickers. */
const FORMATS = [
  BarcodeFormat.QR_CODE,
  BarcodeFormat.DATA_MATRIX,
  BarcodeFormat.CODE_128,
  BarcodeFormat.CODE_39,
  BarcodeFormat.EAN_13,
  BarcodeFormat.EAN_8,
  BarcodeFormat.UPC_A,
  BarcodeFormat.ITF,
];

/**
 * Reads an equipment tag from the laptop's or tablet's camera (the back camera when there is one).
 * ZXing decodes frames in JavaScript on this page: no WebAssembly or remote service, so the app's
 * CSP stays as strict as it is. Any failure (no camera, permission refused) says so and leaves the
 * typed field to use instead.
 */
export function CameraScanner({ onScan, onClose }: { onScan: (text: string) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const onScanRef = useRef(onScan);
  useEffect(() => {
    onScanRef.current = onScan;
  }, [onScan]);

  useEffect(() => {
    const element = video.current;
    if (!element) return undefined;
    let controls: IScannerControls | null = null;
    let stopped = false;
    const hints = new Map<DecodeHintType, unknown>([
      [DecodeHintType.POSSIBLE_FORMATS, FORMATS],
      [DecodeHintType.TRY_HARDER, true],
    ]);
    const reader = new BrowserMultiFormatReader(hints, { delayBetweenScanAttempts: 150, delayBetweenScanSuccess: 500 });
    reader
      .decodeFromConstraints({ audio: false, video: { facingMode: 'environment' } }, element, (result, _error, c) => {
        if (!result || stopped) return;
        stopped = true;
        c.stop();
        onScanRef.current(result.getText());
      })
      .then((c) => {
        controls = c;
        if (stopped) c.stop();
        else setLive(true);
      })
      .catch((e: unknown) => {
        const name = (e as Error | null)?.name ?? '';
        setProblem(name === 'NotAllowedError' || name === 'SecurityError' ? t('ui.scan.denied') : t('ui.scan.unavailable'));
      });
    return () => {
      stopped = true;
      controls?.stop();
    };
  }, [t]);

  return (
    <Stack gap="sm" className="camera-scanner" aria-labelledby="camera-title">
      <Text fw={700} id="camera-title">
        {t('ui.scan.title')}
      </Text>
      {problem ? (
        <Text role="alert" className="text-fail" fw={700}>
          {problem}
        </Text>
      ) : (
        <Text role="status">{live ? t('ui.scan.hint') : t('ui.scan.starting')}</Text>
      )}
      <video ref={video} className="camera-view" muted playsInline aria-label={t('ui.scan.view')} />
      <Group>
        <Button variant="default" onClick={onClose}>
          {t('ui.scan.close')}
        </Button>
      </Group>
    </Stack>
  );
}
