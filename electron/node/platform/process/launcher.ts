import { fork } from 'node:child_process';

/**
 * A supervised child process the back end talks to by messages: serial I/O (a native module that
 * must not share a process with the UI), heavy analysis. In plain Node it is a `fork`; inside
 * Electron, where the RunAsNode fuse is off, the shell supplies a launcher built on
 * `utilityProcess` (electron/main/utility-launcher.ts). Both carry structured-clone messages, so
 * typed arrays cross without JSON.
 */
export interface ChildHandle {
  readonly pid: number | undefined;
  send(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once, however the child ended (exit, crash, kill). */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(): void;
}

/** Starts the bundled entry script `entry` (an absolute path to a .js file) with `args`. */
export type ChildLauncher = (entry: string, args: string[], options?: { env?: Record<string, string> }) => ChildHandle;

export const nodeLauncher: ChildLauncher = (entry, args, options = {}) => {
  const child = fork(entry, args, {
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener(code, signal)),
    kill: () => {
      child.kill();
    },
  };
};
