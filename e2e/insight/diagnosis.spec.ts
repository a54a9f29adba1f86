import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { copyModels } from '../../electron/node/testing/diagnosis';
import { clipWav, sameMachine } from '../../electron/node/testing/insight';
import { showVisitDetails, startVisit } from '../support/recording-flow';
import { CLI, expect, openApp, ROOT, test } from '../support/serve-app';

/**
 * The "done when": a technician records a healthy machine a few times, marks the
 * recordings as its baseline, records it again with a bearing fault, and sees the fault diagnosed
 * with evidence, the deviation from the baseline and the trend; labels it; exports the dataset.
 *
 * The recordings are imported files of one synthesized compressor (healthy takes, then the same
 * machine with the synthesizer's bearing-wear model added): the simulated sensor's audio is being
 * switched to the same synthesizer, and until then it cannot carry a chosen fault.
 */
let FILES: string;
test.beforeEach(() => {
  FILES = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-e2e-insight-'));
});
test.afterEach(() => fs.rmSync(FILES, { recursive: true, force: true }));

const machine = sameMachine(6_100_001);

async function importClip(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  const file = path.join(FILES, name);
  fs.writeFileSync(file, bytes);
  await page.locator('input[type="file"][accept*=".flac"]').setInputFiles(file);
  await expect(page.getByRole('status').filter({ hasText: `${name} imported.` })).toBeVisible();
}

const diagnosisPanel = (page: Page) => page.getByRole('region', { name: 'Diagnosis', exact: true });

test('healthy baseline, then a bearing fault: diagnosis with evidence, deviation, trend, label and dataset', async ({ page, app }) => {
  test.setTimeout(120_000);
  await openApp(page, app.url);
  await startVisit(page, 'Showcase compressor 9');
  await showVisitDetails(page);

  for (const take of [11, 12, 13]) await importClip(page, `healthy-${take}.wav`, clipWav(machine.healthy, take));
  const panel = diagnosisPanel(page);
  // Each recording is diagnosed in the background as soon as it is saved.
  await expect(panel.locator('article[data-condition="normal"]')).toHaveCount(3, { timeout: 60_000 });
  await expect(panel.locator('[data-severity="normal"]').first()).toContainText('Normal');
  await expect(panel.getByText('Suggested: normal with high confidence.').first()).toBeVisible();
  const boxes = panel.getByRole('checkbox', { name: 'Healthy baseline of this equipment' });
  for (let i = 0; i < 3; i += 1) {
    // The box follows the stored state: it turns checked once the back end has recorded the mark.
    await boxes.nth(i).click();
    await expect(boxes.nth(i)).toBeChecked();
    await expect(panel.locator(`[data-baseline="${i + 1}"]`)).toBeVisible();
  }
  await expect(panel.getByText('Baseline: 3 healthy recordings')).toBeVisible();

  // The next visit to the same machine: it has a bearing fault now.
  await page.getByRole('link', { name: 'Showcase compressor 9', exact: true }).click();
  await page.getByRole('button', { name: 'Start a visit' }).click();
  await showVisitDetails(page);
  await importClip(page, 'rumbling.wav', clipWav(machine.faulty, 21));
  const card = panel.locator('article[data-condition="bearing_wear"]');
  await expect(card).toBeVisible({ timeout: 60_000 });
  await expect(card.getByRole('heading', { level: 4 }).first()).toHaveText('Bearing wear');
  await expect(card.locator('[data-severity]')).toHaveText(/Watch|Warning|Critical/);
  await expect(card).toContainText(/Confidence \d+ %/);
  await expect(card.locator('[data-evidence="envelope_peak"]')).toContainText(/Repeats at [\d.]+ Hz/);
  await expect(card.locator('[data-chart="spectrum"] .recharts-line-curve')).toBeVisible();
  await expect(card.locator('[data-chart="envelope"] .recharts-line-curve')).toBeVisible();
  await expect(card.locator('[data-chart="envelope"] [data-mark]').first()).toBeVisible();
  // Compared with this machine's own healthy sound: far off, and the band of the bearing's resonance rose.
  const deviation = card.getByRole('region', { name: 'Compared with this machine’s healthy baseline' });
  await expect(deviation).not.toHaveAttribute('data-deviation', 'within');
  await expect(deviation).toContainText('(3 baseline recordings)');
  await expect(deviation.locator('tr[data-changed="band"]').filter({ hasText: /▲ \+\d+\.\d dB/ }).first()).toBeVisible();
  await expect(deviation.locator('[data-chart="difference"] .recharts-line-curve')).toBeVisible();

  // The technician confirms it and says what was found and done.
  const label = panel.getByRole('form', { name: 'What was really wrong' });
  // Nothing is chosen for the technician: saving without a choice is refused at the field.
  await label.getByRole('button', { name: 'Save the label' }).click();
  await expect(label.getByRole('alert')).toHaveText('Choose whether the app was right or wrong.');
  await label.getByRole('radio', { name: 'Right' }).check();
  await label.getByLabel('What was found on site').fill('Rumbling bearing, play in the shaft');
  await label.getByLabel('What was repaired').fill('Bearing replaced');
  await label.getByRole('button', { name: 'Save the label' }).click();
  await expect(label.getByRole('status')).toHaveText('Label saved: it will teach the model at the next training.');
  await expect(panel.getByRole('list', { name: 'Labels of this visit' })).toContainText('Bearing wear (Right)');

  // The asset's trend: four recordings, the last one far from the baseline.
  await page.getByRole('link', { name: 'Showcase compressor 9', exact: true }).click();
  const trends = page.getByRole('region', { name: 'Trends' });
  await expect(trends.locator('[data-points="4"]')).toBeVisible();
  await expect(trends.locator('[data-chart="trend-deviation"] .recharts-line-curve')).toBeVisible();
  await expect(trends.locator('[data-chart="trend-severityRank"] .recharts-line-curve')).toBeVisible();

  // The site lists its equipment by urgency.
  await page.getByRole('link', { name: 'Site of Showcase compressor 9' }).click();
  const urgency = page.getByRole('region', { name: 'Equipment by urgency' });
  const ranked = urgency.getByRole('row', { name: /Showcase compressor 9/ });
  await expect(ranked).toContainText(/Bearing wear/);
  // By the visit verdict: its state by shape and word, and how sure.
  await expect(ranked.locator('[data-verdict-status]')).toHaveAttribute('data-verdict-status', /^(fault|watch)$/);
  await expect(ranked).toContainText(/Sure|Likely|Not sure/);
  const state = (await ranked.locator('[data-verdict-status]').textContent()) ?? '';
  // The equipment list says the same.
  await page.getByRole('link', { name: 'Equipment', exact: true }).click();
  const listed = page.getByRole('row', { name: /Showcase compressor 9/ });
  await expect(listed).toContainText(/Bearing wear/);
  await expect(listed.locator('[data-verdict-status]')).toHaveText(state);

  // Models: export the labelled dataset; a damaged model set is refused and the installed one stays.
  await page.getByRole('link', { name: 'Models', exact: true }).click();
  await expect(page.locator('[data-model-status="ready"]')).toHaveText('Ready');
  const version = await page.locator('[data-model-version]').getAttribute('data-model-version');
  await page.getByRole('button', { name: 'Export the dataset' }).click();
  const exported = page.locator('[data-export-dir]');
  await expect(exported).toContainText('1 labelled recordings');
  const dir = (await exported.getAttribute('data-export-dir'))!;
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'field-compressor-sound.json'), 'utf8'));
  expect(meta.classes[meta.labels[0]]).toBe('bearing_wear');
  expect(meta.rows[0]).toMatchObject({ found: 'Rumbling bearing, play in the shaft', repaired: 'Bearing replaced', verdict: 'confirmed' });
  expect(fs.existsSync(path.join(dir, meta.rows[0].file))).toBe(true);

  // The same export from a terminal, for the training machine.
  const cliOut = path.join(FILES, 'cli-dataset');
  const cli = spawnSync(process.execPath, [CLI, 'export-dataset', '--data-dir', app.dataDir, '-o', cliOut], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(cli.stderr).toBe('');
  expect(cli.stdout).toContain('field-compressor-sound: 1 labelled recordings');
  expect(JSON.parse(fs.readFileSync(path.join(cliOut, 'field-compressor-sound.json'), 'utf8')).rows[0].recordingId).toBe(meta.rows[0].recordingId);

  const bad = copyModels(path.join(FILES, 'bad'));
  const onnx = path.join(bad, 'compressor-sound.onnx');
  const bytes = fs.readFileSync(onnx);
  fs.writeFileSync(onnx, bytes.subarray(0, bytes.length - 1000));
  await page.getByLabel('Folder of the model set (holds manifest.json)').fill(bad);
  await page.getByRole('button', { name: 'Check and install' }).click();
  await expect(page.getByRole('alert')).toContainText('Not installed:');
  await expect(page.getByRole('alert')).toContainText('compressor-sound was refused');
  await expect(page.locator('[data-model-version]')).toHaveAttribute('data-model-version', version!);
  await expect(page.locator('[data-model-status="ready"]')).toBeVisible();
});
