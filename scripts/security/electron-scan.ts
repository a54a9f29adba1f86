import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import run from '@doyensec/electronegativity';

/**
 * Electronegativity (Doyensec's Electron security scanner) run from code, so that CI fails on
 * its findings. It scans what ships: the built main, preload and UI, and package.json.
 *
 * The gate: a HIGH finding always fails. Any other finding fails too unless it has been reviewed
 * and is listed below, up to the severity reviewed, with the reason it is acceptable; a new kind
 * of finding, or a worse one of a known kind, therefore fails until someone looks at it.
 */
export const REVIEWED: Readonly<Record<string, { upTo: Severity; reason: string }>> = {
  PRELOAD_JS_CHECK: {
    upTo: 'MEDIUM',
    reason: 'The preload is reviewed: sandboxed, context-isolated, it exposes only call() and onEvent(); the main process checks the sender of every call.',
  },
  OPEN_EXTERNAL_JS_CHECK: {
    upTo: 'MEDIUM',
    reason: 'shell.openExternal is reached only from setWindowOpenHandler and only for https:// URLs; everything else is denied.',
  },
  CSP_GLOBAL_CHECK: {
    upTo: 'LOW',
    reason: "csp-evaluator's 'self' heuristic: 'self' is the app's own origin (app:// or the serve-mode host), which serves only the built UI: no uploads, no JSONP.",
  },
};

type Severity = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH';
const RANK: Record<string, number> = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

/** Fails on HIGH, and on anything not reviewed at (or above) its severity. */
export function failsGate(finding: Finding): boolean {
  const review = REVIEWED[finding.id];
  return finding.severity === 'HIGH' || review === undefined || (RANK[finding.severity] ?? 3) > RANK[review.upTo]!;
}

/** Checks left out, with the reason. */
export const EXCLUDED_CHECKS: Readonly<Record<string, string>> = {
  AvailableSecurityFixesGlobalCheck: 'Downloads the list of Electron releases: no network on our build machines. Electron is pinned and upgraded deliberately.',
  ElectronVersionJSONCheck: 'Compares against the latest release online (no network); the pinned version is checked by Dependabot-style review instead.',
};

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  description: string;
}

export interface ScanResult {
  findings: Finding[];
  /** Findings that fail the gate. */
  failures: Finding[];
  /** Files the scanner could not read: a failure, except for the UI's bundles (see below). */
  errors: string[];
  /** UI bundles its old AST walker cannot read (modern class syntax); reported, not failed. */
  unscannedUi: string[];
}

/**
 * The scanner's AST walker predates class private fields, which React's and Sentry's bundled code
 * uses, so it cannot read the UI bundle. That bundle cannot touch Electron by construction (lint
 * forbids importing it in renderer/, the window is sandboxed with context isolation and only the
 * preload's two functions), and the HTML (CSP, webview, nodeintegration attributes) is scanned.
 */
const UI_BUNDLE = /dist[\\/]renderer[\\/]assets[\\/][^\\/]+\.js$/;

/** Copies what ships (dist without source maps, package.json) into a folder of its own and scans it. */
export function stageBuiltApp(root: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scf-scan-'));
  fs.cpSync(path.join(root, 'dist'), path.join(dir, 'dist'), { recursive: true, filter: (src) => !src.endsWith('.map') });
  fs.copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
  return dir;
}

export async function scanElectronApp(input: string, electronVersion: string): Promise<ScanResult> {
  const quiet = console.log;
  // The scanner prints progress and an offline translation warning to stdout.
  console.log = () => undefined;
  let result: { issues: RawIssue[]; errors: { file: string; message: string; tolerable?: boolean }[] };
  try {
    result = (await run({
      input,
      output: undefined,
      isSarif: false,
      customScan: [],
      excludeFromScan: Object.keys(EXCLUDED_CHECKS),
      severitySet: undefined,
      confidenceSet: undefined,
      isRelative: true,
      isVerbose: false,
      electronUpgrade: undefined,
      electronVersionOverride: electronVersion,
      parserPlugins: [],
    })) as typeof result;
  } finally {
    console.log = quiet;
  }
  const findings = result.issues.map(toFinding);
  const failures = findings.filter(failsGate);
  const hard = result.errors.filter((e) => !e.tolerable);
  const errors = hard.filter((e) => !UI_BUNDLE.test(e.file)).map((e) => `${e.file}: ${e.message}`);
  const unscannedUi = hard.filter((e) => UI_BUNDLE.test(e.file)).map((e) => `${path.basename(e.file)}: ${e.message}`);
  return { findings, failures, errors, unscannedUi };
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  description: string;
  severity: { name: string };
  confidence: { name: string };
}

function toFinding(issue: RawIssue): Finding {
  return {
    id: issue.id,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    file: issue.file,
    line: issue.location.line,
    description: issue.description,
  };
}

export function formatFindings(findings: Finding[]): string {
  return findings.map((f) => `${f.severity}/${f.confidence} ${f.id} ${f.file}:${f.line} ${f.description}`).join('\n');
}
