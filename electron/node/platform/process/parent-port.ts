/**
 * The child side of a ChildLauncher process: talks to the back end whether it was started by
 * Node's `fork` (process.send) or Electron's `utilityProcess` (process.parentPort), without
 * importing electron.
 */
interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;

export function postToParent(message: unknown): void {
  if (electronPort) electronPort.postMessage(message);
  else process.send?.(message);
}

export function onParentMessage(listener: (message: unknown) => void): void {
  if (electronPort) electronPort.on('message', (event) => listener(event.data));
  else process.on('message', listener);
}

/** True when there is a parent to talk to (run as a child, not from a terminal). */
export const hasParent = Boolean(electronPort) || typeof process.send === 'function';
