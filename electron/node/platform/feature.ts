import type { MethodName, Runtime } from '../../../shared/contract';
import type { ActivityTracker } from './activity';
import type { Handler } from './api/dispatcher';
import type { EventHub } from './api/event-hub';
import type { Logger } from './logging/log';
import type { ChildLauncher } from './process/launcher';
import type { FeatureBus } from './feature-bus';
import type { Db } from './storage/database';
import type { SettingsRepository } from './storage/settings';

/** What every feature of the back end is built from. */
export interface BackendContext {
  dataDir: string;
  runtime: Runtime;
  db: Db;
  databaseFile: string;
  log: Logger;
  events: EventHub;
  /** What features tell each other (feature-bus.ts); the UI's events go through `events`. */
  bus: FeatureBus;
  activity: ActivityTracker;
  settings: SettingsRepository;
  now: () => Date;
  /** Starts supervised child processes (serial I/O, heavy analysis) in whichever shell runs us. */
  launcher: ChildLauncher;
}

/**
 * A slice of the back end (the register, sensors, recording, diagnosis, sync...): the handlers of
 * its contract methods, and optional start and stop. Features are composed in backend.ts; the
 * compiler checks that together they handle every method of the contract.
 */
export interface Feature<M extends MethodName> {
  handlers: { [K in M]: Handler<K> };
  /** Runs after every feature is created (recover interrupted work, start discovery...). */
  start?(): void | Promise<void>;
  /** Stops child processes and timers; called in reverse order before the database closes. */
  close?(): void | Promise<void>;
}
