import type { Page } from '@playwright/test';
import { expect, openApp, test } from '../support/serve-app';

/**
 * The theme is one of the app's Settings: chosen in one browser, every other browser (and the
 * desktop window) follows, a new browser profile has it, and the first paint already shows it.
 */

/** Records every colour scheme the page's <html> ever had, from before the app's first render. */
async function watchSchemes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    if (window.location.protocol === 'about:') return;
    const seen: string[] = [];
    (window as unknown as { schemesSeen: string[] }).schemesSeen = seen;
    new MutationObserver(() => {
      const v = document.documentElement.getAttribute('data-mantine-color-scheme');
      if (v && seen.at(-1) !== v) seen.push(v);
      // The document itself: <html> may not exist yet when this runs.
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-mantine-color-scheme'] });
  });
}
const schemesSeen = (page: Page) => page.evaluate(() => (window as unknown as { schemesSeen: string[] }).schemesSeen);

test('the dark theme chosen in one browser is kept in Settings: other browsers follow, a new profile paints it first', async ({ page, app, browser }) => {
  await openApp(page, app.url);
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  const tablet = await browser.newContext();
  const other = await tablet.newPage();
  await openApp(other, app.url);
  await expect(other.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');

  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await page.getByText('Dark (plant rooms)').click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  // The other browser, already open, follows without a reload.
  await expect(other.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  // Nothing of it is kept in the browser: the settings are the one place.
  expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.includes('colorScheme')))).toEqual([]);

  // A browser profile that never saw the app: dark from the first paint, never light first.
  const fresh = await browser.newContext();
  const first = await fresh.newPage();
  await watchSchemes(first);
  await openApp(first, app.url);
  await expect(first.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  expect(await schemesSeen(first)).toEqual(['dark']);

  // And back to light, from the new profile: the first browser follows.
  await first.getByRole('link', { name: 'Settings', exact: true }).click();
  await first.getByText('Light (sunlight)').click();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'light');
  await tablet.close();
  await fresh.close();
});

test('a theme an earlier version kept in the browser moves into Settings once', async ({ page, app }) => {
  await page.addInitScript(() => {
    // Only on the very first load (an earlier version left it there); the app removes it.
    if (window.location.protocol !== 'about:' && !window.sessionStorage.getItem('seeded')) {
      window.sessionStorage.setItem('seeded', '1');
      window.localStorage.setItem('signalcraft.colorScheme', 'dark');
    }
  });
  await watchSchemes(page);
  await openApp(page, app.url);
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  expect(await schemesSeen(page)).toEqual(['dark']);
  expect(await page.evaluate(() => window.localStorage.getItem('signalcraft.colorScheme'))).toBeNull();
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Dark (plant rooms)' })).toBeChecked();
});
