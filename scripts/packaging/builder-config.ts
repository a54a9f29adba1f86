import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

/** The repository root (this file sits two levels below it). */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const CONFIG_FILE = path.join(ROOT, 'electron-builder.yml');

export interface FileAssociation {
  ext: string | string[];
  name?: string;
  mimeType?: string;
}

/** The parts of electron-builder's configuration the tests read. */
export interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  fileAssociations: FileAssociation[];
  publish: { provider: string; owner?: string; repo?: string };
  linux: { target: { target: string }[]; icon: string; files: string[]; executableName: string };
  win: { target: { target: string }[]; icon: string; files: string[] };
  mac: { target: { target: string }[]; icon: string; files: string[]; entitlements: string; entitlementsInherit: string; notarize: boolean; hardenedRuntime: boolean };
  [key: string]: unknown;
}

export function loadBuilderConfig(file = CONFIG_FILE): BuilderConfig {
  return yaml.load(fs.readFileSync(file, 'utf8')) as BuilderConfig;
}

/**
 * What the release needs from the Electron fuses (see the electronFuses comment in
 * electron-builder.yml). `true` means the fuse must be on, `false` off.
 */
export const REQUIRED_FUSES: Readonly<Record<string, boolean>> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

/** Wire positions of @electron/fuses' FuseV1Options, to read a flipped binary without the library's help. */
export const FUSE_WIRE_ORDER = [
  'runAsNode',
  'enableCookieEncryption',
  'enableNodeOptionsEnvironmentVariable',
  'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation',
  'onlyLoadAppFromAsar',
  'loadBrowserProcessSpecificV8Snapshot',
  'grantFileProtocolExtraPrivileges',
] as const;
