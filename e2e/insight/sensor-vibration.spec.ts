import { recordFixed, showVisitDetails, startVisit } from '../support/recording-flow';
import { connectOnSensorsPage, type SimProcess, startSimulatedSensor } from '../support/sensor-sim';
import { expect, openApp, test } from '../support/serve-app';

let sim: SimProcess | null = null;
test.afterEach(async () => {
  await sim?.stop();
  sim = null;
});

/**
 * Our own sensor's vibration track (the simulated ADXL345 at 3,200 Hz) is diagnosed for the shaft
 * faults its band shows, says what it cannot show, and is read together with the sound of the same
 * capture. The simulator's vibration for these conditions is its built-in recipe turning at the
 * synthesized sound's speed, so both tracks are one machine.
 */
for (const condition of ['unbalance', 'looseness'] as const) {
  test(`a sensor recording of a machine with ${condition}: the 3.2 kHz vibration finds it, and sound and vibration are read together`, async ({ page, app }) => {
    test.setTimeout(150_000);
    sim = await startSimulatedSensor(['--condition', condition], { deviceId: `e2e-vibration-${condition}` });
    await openApp(page, app.url);
    await connectOnSensorsPage(page, sim.deviceId);
    await startVisit(page, `Rooftop unit with ${condition}`);
    await recordFixed(page, { kind: 'sensor', deviceId: sim.deviceId }, 10);
    await showVisitDetails(page);

    const panel = page.getByRole('region', { name: 'Diagnosis', exact: true });
    await expect(panel.locator('section[data-recording]')).toHaveCount(2);
    const vibration = panel.locator(`article[data-modality="vibration"][data-condition="${condition}"]`);
    await expect(vibration).toBeVisible({ timeout: 90_000 });
    await expect(vibration.getByRole('heading', { level: 4 }).first()).toHaveText(condition === 'unbalance' ? 'Unbalance of a rotating part' : 'Loose mounting or parts');
    await expect(vibration).toContainText(/ISO 10816 zone [BCD]/);
    // What 3.2 kHz cannot show is said, and left to the microphone.
    await expect(vibration.locator('[data-coverage]')).toContainText('bearing resonances of several kHz are outside this band and left to the microphone');
    await expect(vibration.locator('[data-evidence]').first()).toContainText(condition === 'unbalance' ? 'A strong once-per-turn shake' : 'A rattle in step with the rotation');

    await expect(panel.locator('article[data-modality="sound"][data-status]')).toHaveCount(1, { timeout: 90_000 });
    const combined = panel.getByRole('region', { name: 'Sound and vibration together' });
    await expect(combined).toBeVisible();
    await expect(combined.locator('[data-point="speed_agree"]')).toContainText('Agree: sound and vibration find the same running speed');
    await expect(combined.locator('[data-point]')).toHaveCount(2);
    const soundCondition = await panel.locator('article[data-modality="sound"]').getAttribute('data-condition');
    if (soundCondition === condition) await expect(combined.locator('[data-point="same_condition"]')).toContainText(/Agree: both point to/);
    else await expect(combined.locator('[data-agree="false"]')).toContainText('Disagree:');
  });
}
