import {
  AppError,
  type Activity,
  type EventMessage,
  type Settings,
  type UpdateChannel,
  type UpdatePhase,
  type UpdateRelease,
  type UpdateStatus,
} from '../../../../shared/contract';
import type { ActivityTracker } from '../../platform/activity';
import type { EventHub } from '../../platform/api/event-hub';
import type { Logger } from '../../platform/logging/log';
import type { UpdaterEngine, UpdatesUnsupported } from './engine';
import { classifyUpdateError } from './errors';

/** First check a little after start, so it never competes with the first paint or a port scan. */
export const FIRST_CHECK_DELAY_MS = 20_000;
/** Then every few hours while the app runs. */
export const CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** Download progress reaches the UI at most this often. */
const PROGRESS_EVERY_MS = 500;

export interface UpdateControllerOptions {
  /** null when this build cannot update itself (serve mode, an unpacked development build). */
  engine: UpdaterEngine | null;
  unsupportedReason?: UpdatesUnsupported;
  activity: ActivityTracker;
  events: EventHub;
  settings: () => Settings;
  log: Logger;
  now?: () => Date;
  currentVersion: string;
  firstCheckDelayMs?: number;
  checkIntervalMs?: number;
}

/**
 * The update policy. It decides when to look for an update, whether to download it, and when it
 * may be installed: only when the technician asks or the app quits, and never while a recording,
 * an import, an analysis or an upload is running. Then it waits, says which activities it waits
 * for, and installs when the last one ends. electron-updater does the network, the sha512 check
 * and the installing; this class only drives it.
 */
export class UpdateController {
  private phase: UpdatePhase;
  private lastCheckedAt: Date | null = null;
  private nextCheckAt: Date | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastProgressAt = 0;
  private channel: UpdateChannel;
  private readonly now: () => Date;
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly options: UpdateControllerOptions) {
    this.now = options.now ?? (() => new Date());
    this.channel = options.settings().updateChannel;
    this.phase = options.engine ? { state: 'idle' } : { state: 'unsupported', reason: options.unsupportedReason ?? 'not_packaged' };
    this.unsubscribe = options.events.subscribe((message) => this.onEvent(message));
    const engine = options.engine;
    if (engine) {
      // The policy decides when to download. Install-on-quit stays on (electron-updater registers
      // its quit handler only if it is on when a download completes) and quitting() turns it off
      // for a quit that interrupts running work.
      engine.autoDownload = false;
      engine.autoInstallOnAppQuit = true;
      this.applyChannel(engine, this.channel);
      engine.on('download-progress', (progress: { percent: number; transferred: number; total: number }) => this.onProgress(progress));
    }
  }

  /** Schedules the first check (after start, off the path to first paint) and the periodic ones. */
  start(): void {
    if (!this.options.engine || this.closed) return;
    this.schedule(this.options.firstCheckDelayMs ?? FIRST_CHECK_DELAY_MS);
  }

  status(): UpdateStatus {
    const settings = this.options.settings();
    return {
      currentVersion: this.options.currentVersion,
      channel: this.channel,
      autoDownload: settings.updateAutoDownload,
      lastCheckedAt: this.lastCheckedAt?.toISOString() ?? null,
      nextCheckAt: this.nextCheckAt?.toISOString() ?? null,
      phase: this.phase,
    };
  }

  /** Asks the server. Does nothing while an update is already on its way or waiting to install. */
  async check(): Promise<UpdateStatus> {
    const engine = this.options.engine;
    if (!engine || this.busyWithUpdate()) return this.status();
    this.setPhase({ state: 'checking' });
    try {
      const result = await engine.checkForUpdates();
      this.lastCheckedAt = this.now();
      if (!result || !result.isUpdateAvailable) {
        this.setPhase({ state: 'idle' });
      } else {
        const release = toRelease(result.updateInfo);
        this.options.log.info({ version: release.version, channel: this.channel }, 'update available');
        this.setPhase({ state: 'available', release });
        if (this.options.settings().updateAutoDownload) void this.download().catch(() => undefined);
      }
    } catch (error) {
      this.lastCheckedAt = this.now();
      this.fail(error, null);
    } finally {
      this.schedule(this.options.checkIntervalMs ?? CHECK_INTERVAL_MS);
    }
    return this.status();
  }

  /** Downloads the update found by the last check; electron-updater discards it if its sha512 does not match. */
  async download(): Promise<UpdateStatus> {
    const engine = this.options.engine;
    const release = this.pendingRelease();
    if (!engine || release === null || !(this.phase.state === 'available' || this.phase.state === 'error')) {
      if (this.phase.state === 'downloading' || this.phase.state === 'ready' || this.phase.state === 'waiting') return this.status();
      throw new AppError('unavailable', 'There is no update to download. Check for updates first.');
    }
    this.setPhase({ state: 'downloading', release, percent: 0, transferredBytes: 0, totalBytes: 0 });
    try {
      await engine.downloadUpdate();
      this.options.log.info({ version: release.version }, 'update downloaded and verified');
      this.setPhase({ state: 'ready', release });
    } catch (error) {
      this.fail(error, release);
    }
    return this.status();
  }

  /**
   * The technician's "Install now". While anything is running it waits and says what for; the
   * install then starts by itself when the last activity ends, unless cancelled.
   */
  install(): UpdateStatus {
    const phase = this.phase;
    if (phase.state !== 'ready' && phase.state !== 'waiting') {
      throw new AppError('unavailable', 'No update has been downloaded yet.');
    }
    const running = this.options.activity.list();
    if (running.length > 0) {
      this.options.log.info({ version: phase.release.version, waitingFor: running.map((a) => a.kind) }, 'update install waits for running work');
      this.setPhase({ state: 'waiting', release: phase.release, activities: running });
      return this.status();
    }
    this.installNow(phase.release);
    return this.status();
  }

  /** Withdraws a waiting install: the update stays ready for later. */
  cancelInstall(): UpdateStatus {
    if (this.phase.state === 'waiting') this.setPhase({ state: 'ready', release: this.phase.release });
    return this.status();
  }

  /**
   * Called by the shell when the app is about to quit. A downloaded update installs as the app
   * quits, unless work was running when the technician quit (it is installed at a later quit).
   */
  quitting(): boolean {
    const engine = this.options.engine;
    if (!engine) return false;
    const ready = this.phase.state === 'ready' || this.phase.state === 'waiting';
    const install = ready && !this.options.activity.busy;
    engine.autoInstallOnAppQuit = install;
    if (ready && !install) this.options.log.info('update not installed on quit: work was running');
    return install;
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.nextCheckAt = null;
    this.unsubscribe();
  }

  private installNow(release: UpdateRelease): void {
    const engine = this.options.engine;
    if (!engine) return;
    // Checked again right before the call: nothing may have started since the last event.
    if (this.options.activity.busy) {
      this.setPhase({ state: 'waiting', release, activities: this.options.activity.list() });
      return;
    }
    this.options.log.info({ version: release.version }, 'installing update');
    this.setPhase({ state: 'installing', release });
    try {
      // Silent installer, then the app starts again on the new version.
      engine.quitAndInstall(true, true);
    } catch (error) {
      const failure = classifyUpdateError(error);
      this.options.log.error({ err: error }, 'update install failed');
      this.setPhase({ state: 'error', code: 'install_failed', message: failure.message, release });
    }
  }

  private onEvent(message: EventMessage): void {
    if (message.event === 'activity.changed') this.onActivityChanged(message.payload as Activity[]);
    else if (message.event === 'settings.changed') this.onSettingsChanged(message.payload as Settings);
  }

  private onActivityChanged(running: Activity[]): void {
    if (this.phase.state !== 'waiting') return;
    if (running.length === 0) this.installNow(this.phase.release);
    else this.setPhase({ state: 'waiting', release: this.phase.release, activities: running });
  }

  private onSettingsChanged(settings: Settings): void {
    const engine = this.options.engine;
    if (!engine) return;
    if (settings.updateChannel !== this.channel) {
      this.channel = settings.updateChannel;
      this.applyChannel(engine, this.channel);
      this.emit();
    }
    if (settings.updateAutoDownload && this.phase.state === 'available') void this.download().catch(() => undefined);
  }

  private applyChannel(engine: UpdaterEngine, channel: UpdateChannel): void {
    engine.allowPrerelease = channel === 'beta';
    engine.channel = channel === 'beta' ? 'beta' : 'latest';
    // Setting a channel makes electron-updater allow downgrades. Never: a database written by a
    // newer version is refused by an older one, so going back from beta to stable waits for the
    // next stable release instead.
    engine.allowDowngrade = false;
  }

  private onProgress(progress: { percent: number; transferred: number; total: number }): void {
    if (this.phase.state !== 'downloading') return;
    const at = this.now().getTime();
    if (at - this.lastProgressAt < PROGRESS_EVERY_MS && progress.percent < 100) return;
    this.lastProgressAt = at;
    this.setPhase({
      state: 'downloading',
      release: this.phase.release,
      percent: Math.max(0, Math.min(100, progress.percent)),
      transferredBytes: Math.max(0, progress.transferred),
      totalBytes: Math.max(0, progress.total),
    });
  }

  private fail(error: unknown, release: UpdateRelease | null): void {
    const { code, message } = classifyUpdateError(error);
    this.options.log.warn({ code, detail: message }, 'update step failed');
    this.setPhase({ state: 'error', code, message, release });
  }

  private busyWithUpdate(): boolean {
    return ['checking', 'downloading', 'ready', 'waiting', 'installing'].includes(this.phase.state);
  }

  private pendingRelease(): UpdateRelease | null {
    return 'release' in this.phase ? this.phase.release : null;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.nextCheckAt = new Date(this.now().getTime() + delayMs);
    this.timer = setTimeout(() => void this.check(), delayMs);
    this.timer.unref();
  }

  private setPhase(phase: UpdatePhase): void {
    this.phase = phase;
    this.emit();
  }

  private emit(): void {
    if (!this.closed) this.options.events.emit('updates.changed', this.status());
  }
}

/** What the UI shows of an electron-updater UpdateInfo: version, date, notes as short plain text. */
export function toRelease(info: { version: string; releaseDate?: string; releaseNotes?: unknown }): UpdateRelease {
  return { version: info.version, releaseDate: info.releaseDate ?? null, notes: notesToText(info.releaseNotes) };
}

function notesToText(notes: unknown): string | null {
  let text: string;
  if (typeof notes === 'string') text = notes;
  else if (Array.isArray(notes)) text = notes.map((n: { note?: unknown }) => (typeof n?.note === 'string' ? n.note : '')).join('\n');
  else return null;
  // GitHub release notes arrive as HTML; the UI shows text, so tags go and entities are decoded.
  const plain = text
    .replace(/<br\s*\/?>|<\/(p|li|h\d)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e] ?? '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (plain === '') return null;
  return plain.length > 2000 ? `${plain.slice(0, 1999)}…` : plain;
}
