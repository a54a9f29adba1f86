import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { startServe, stopServe } from '../support/serve-app';

/**
 * Secrets never reach the log files. Serve mode on the LAN is driven through its token-carrying
 * flows (pairing links, cookies, bearer headers, wrong tokens, a server address with credentials,
 * calls whose parameters carry tokens), then every log file in the data folder is searched for
 * each secret. The lines that would have carried them must be there, with the secret replaced.
 */
const TOKEN = 'Lan9PairingTokenAbCdEf0123456789xyZ';
const WRONG = 'Wr0ngGuessTokenAbCdEf0123456789xyZ';
const SERVER_PASSWORD = 'hunter2-Sync-Passw0rd';
const API_TOKEN = 'sk_live_AbC123dEf456GhI789jKl0';
const SECRETS = [TOKEN, WRONG, SERVER_PASSWORD, API_TOKEN];

test('no secret from pairing, cookies, bearer headers or call parameters is written to the log files', async ({ page, request }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-secrets-'));
  const serve = await startServe(dataDir, ['--lan', '--pairing-token', TOKEN], { SIGNALCRAFT_LOG_LEVEL: 'info' });
  const base = new URL(serve.url).origin;
  try {
    // Pairing through the link (the token in the address), then the app over the cookie.
    await page.goto(serve.url);
    await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
    // Someone guessing: a wrong token in a link, a cookie and a bearer header.
    const attempts: Record<string, string>[] = [{}, { cookie: `sc_pair=${WRONG}` }, { authorization: `Bearer ${WRONG}` }];
    for (const headers of attempts) {
      const refused = await request.get(`${base}/?pair=${WRONG}`, { headers, maxRedirects: 0 });
      expect(refused.status()).toBe(401);
    }
    // Refusals are logged at most once per 5 s, so one line stands for all three: it carries the
    // request line (the wrong token in the link); headers (cookie, bearer) are never logged at all.
    // A script on the gateway with the right bearer token, calling with secrets in its parameters.
    const ws = new WebSocket(`${base.replace('http', 'ws')}/api/ws`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const calls = [
      { method: 'settings.update', params: { serverUrl: `https://tech:${SERVER_PASSWORD}@sync.signalcraft.kr/api` } },
      { method: 'settings.update', params: { token: API_TOKEN } },
      { method: 'sites.create', params: { name: `Bearer ${API_TOKEN}`, notes: `password=${SERVER_PASSWORD}` } },
      { method: 'crash.report', params: { envelope: `{"token":"${API_TOKEN}"}\n` } },
      { method: `auth.signIn?token=${API_TOKEN}`, params: { password: SERVER_PASSWORD } },
    ];
    let answered = 0;
    ws.on('message', () => (answered += 1));
    calls.forEach((call, i) => ws.send(JSON.stringify({ type: 'call', id: i + 1, ...call })));
    ws.send(`{"type":"call","id":99,"method":"settings.update","params":{"serverUrl":"https://tech:${SERVER_PASSWORD}@x"`);
    await expect.poll(() => answered).toBeGreaterThanOrEqual(calls.length + 1);
    ws.close();
    // A diagnostics bundle is written too, and reads the logs.
    await page.getByRole('navigation').getByRole('link', { name: 'About', exact: true }).click();
    await page.getByRole('button', { name: 'Export diagnostics bundle' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved:' })).toBeVisible();
  } finally {
    await stopServe(serve.process);
  }

  const logDir = path.join(dataDir, 'logs');
  const files = fs.readdirSync(logDir);
  expect(files.length).toBeGreaterThan(0);
  const logs = files.map((f) => fs.readFileSync(path.join(logDir, f), 'utf8')).join('\n');
  for (const secret of SECRETS) expect(logs, `a secret in ${logDir}`).not.toContain(secret);
  // The flows did log: pairing and refusals are there, their tokens replaced.
  expect(logs).toContain('device paired');
  expect(logs).toContain('refused a request without a valid pairing token');
  expect(logs).toContain('pair=[redacted]');
  if (process.env.SHOW_LOGS) console.log(logs);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
