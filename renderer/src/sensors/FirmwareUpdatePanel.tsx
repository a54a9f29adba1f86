import { Alert, Button, Progress, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FirmwareCheck, FirmwareProgress, FirmwareUpdateResult } from '../../../shared/contract';
import { useApi, useApiQuery } from '../app/api';
import { ErrorBanner } from '../components/common';

/** How far along, 0-100: the writing is most of the time; the steps after it fill the rest. */
export function progressPercent(p: FirmwareProgress | null): number {
  if (!p) return 0;
  switch (p.step) {
    case 'bootloader':
    case 'bootloader-by-hand':
    case 'detected':
      return 2;
    case 'writing': {
      const part = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : 0;
      return 2 + 88 * ((p.fileIndex + part) / Math.max(1, p.fileCount));
    }
    case 'verifying':
      return 92;
    default:
      return 96;
  }
}

/**
 * "Update firmware" for a sensor on a USB cable: what the app would do (or why it will not), a
 * progress bar with the step in words, the buttons to press when the board needs hands, and the
 * outcome. The sensor's live view and recordings pause while it runs (the back end refuses them).
 */
export function FirmwareUpdatePanel({ deviceId }: { deviceId: string }) {
  const { t } = useTranslation();
  const { client } = useApi();
  const queryClient = useQueryClient();
  const check = useApiQuery('sensors.firmware.check', { deviceId }, { retry: false });
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<FirmwareProgress | null>(null);
  const [result, setResult] = useState<FirmwareUpdateResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const offProgress = client.on('sensors.firmware.progress', (p) => {
      if (p.deviceId !== deviceId) return;
      setRunning(true);
      setProgress(p);
    });
    const offResult = client.on('sensors.firmware.result', (r) => {
      if (r.deviceId !== deviceId) return;
      setResult(r);
      setRunning(false);
      void queryClient.invalidateQueries({ queryKey: ['sensors.firmware.check', { deviceId }] });
    });
    return () => {
      offProgress();
      offResult();
    };
  }, [client, deviceId, queryClient]);

  const start = async () => {
    setRunning(true);
    setResult(null);
    setError(null);
    setProgress(null);
    try {
      const answer = await client.call('sensors.firmware.update', { deviceId });
      // Started: the steps and the outcome arrive as events. Refused: say why at once.
      if (!answer.started) {
        setResult(answer.result);
        setRunning(false);
      }
    } catch (err) {
      setError(err);
      setRunning(false);
    }
  };

  const plan: FirmwareCheck | undefined = check.data;
  const refusedNow = plan?.action === 'refuse' ? plan : null;
  return (
    <section className="firmware-panel" aria-labelledby={`firmware-${deviceId}`}>
      <Stack gap="xs">
        <Text component="h3" fw={600} id={`firmware-${deviceId}`}>
          {t('sensors.firmwareUpdate.title')}
        </Text>
        {plan ? <Text>{t('sensors.firmwareUpdate.runs', { version: plan.from || t('common.none') })}</Text> : null}
        {plan?.action === 'flash' && !running && !result ? <Text>{t('sensors.firmwareUpdate.offer', { version: plan.to })}</Text> : null}
        {refusedNow && !running && result?.outcome !== 'updated' ? (
          <Text role="status" data-firmware-refusal={refusedNow.reason}>
            {t(`sensors.firmwareUpdate.refused.${refusedNow.reason ?? 'busy'}`, { version: refusedNow.from })}
          </Text>
        ) : null}
        {running ? (
          <>
            <Text size="sm">{t('sensors.firmwareUpdate.keepCable')}</Text>
            <Progress value={progressPercent(progress)} size="lg" aria-label={t('sensors.firmwareUpdate.progressLabel')} />
            {progress ? (
              <Text role="status" fw={progress.step.endsWith('by-hand') ? 700 : undefined} data-firmware-step={progress.step}>
                {t(`sensors.firmwareUpdate.step.${progress.step}`, { part: progress.fileIndex + 1, parts: progress.fileCount })}
              </Text>
            ) : null}
          </>
        ) : null}
        {result ? <Outcome result={result} /> : null}
        <ErrorBanner error={error ?? check.error} />
        {plan?.action === 'flash' || result?.outcome === 'failed' ? (
          <div>
            <Button onClick={() => void start()} loading={running} disabled={running}>
              {result?.outcome === 'failed' ? t('sensors.firmwareUpdate.updateAgain') : t('sensors.firmwareUpdate.update')}
            </Button>
          </div>
        ) : null}
      </Stack>
    </section>
  );
}

function Outcome({ result }: { result: FirmwareUpdateResult }) {
  const { t } = useTranslation();
  if (result.outcome === 'updated') {
    return (
      <Alert color="green" role="status" data-firmware-outcome="updated">
        {t('sensors.firmwareUpdate.updated', { version: result.to })}
      </Alert>
    );
  }
  const key = result.outcome === 'refused' ? `sensors.firmwareUpdate.refused.${result.reason}` : `sensors.firmwareUpdate.failed.${result.reason}`;
  return (
    <Alert color={result.outcome === 'refused' ? 'yellow' : 'red'} role="alert" data-firmware-outcome={result.outcome}>
      {t(key, { version: result.from })}
      {result.outcome === 'failed' && result.written ? <Text mt="xs">{t('sensors.firmwareUpdate.mustRedo')}</Text> : null}
    </Alert>
  );
}
