import { expect } from '@playwright/test';
import { loudFakeMicrophone, recordFreeRun, showVisitDetails, startVisit } from '../support/recording-flow';
import { openApp, test } from '../support/serve-app';

// A microphone that is too loud: Chromium's fake capture plays a full-scale square wave.
test.use(loudFakeMicrophone());

test('the technician is warned of clipping while recording, and the recording says so', async ({ page, app }) => {
  await openApp(page, app.url);
  await startVisit(page, 'Noisy compressor');
  await showVisitDetails(page);
  await recordFreeRun(page);
  const panel = page.getByRole('region', { name: 'Record', exact: true });
  await expect(panel.getByRole('alert')).toContainText('Clipping: the sound is too loud for the input.');
  // At full scale or over it (resampling a square wave overshoots).
  await expect(panel.getByRole('listitem')).toContainText(/(0\.0|\+\d+\.\d) dBFS/);
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Recording stopped and saved.' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Recordings', exact: true }).getByRole('row', { name: /Sound/ })).toContainText('clipped');
});
