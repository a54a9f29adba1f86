import { utilityProcess } from 'electron';
import type { ChildLauncher } from '../node/platform/process/launcher';

/**
 * Child processes inside the desktop app. With the RunAsNode fuse off, Node's `fork` cannot start
 * the Electron binary as Node; `utilityProcess` is Electron's supported way, and a crash in it
 * (a native serial driver, say) cannot take the window down.
 */
export const utilityLauncher: ChildLauncher = (entry, args, options = {}) => {
  const child = utilityProcess.fork(entry, args, {
    serviceName: 'SignalCraft Field worker',
    stdio: 'inherit',
    env: { ...process.env, ...options.env },
  });
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
  child.once('exit', (code) => {
    for (const l of exitListeners) l(code, null);
  });
  return {
    get pid() {
      return child.pid;
    },
    send: (message) => child.postMessage(message),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => exitListeners.push(listener),
    kill: () => {
      child.kill();
    },
  };
};
