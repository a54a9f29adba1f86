import { IPC_EVENT_CHANNEL } from '../../shared/contract/ipc-channels';
import type { EventConnection, EventHub } from '../node/platform/api/event-hub';

/** The parts of Electron's WebContents this module uses; a test builds the same shape. */
export interface WebContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
  once(event: 'destroyed', listener: () => void): unknown;
  on(event: 'did-navigate', listener: () => void): unknown;
}

/**
 * One event connection per window, as serve mode has one per WebSocket: a window's live
 * subscriptions end when it is closed or loads a new page (a reload starts with none, and the
 * page subscribes again for what it shows).
 */
export class IpcConnections {
  private readonly byContents = new Map<number, EventConnection>();

  constructor(private readonly events: EventHub) {}

  /** Called for every webContents the app creates; windows receive broadcasts from here on. */
  attach(contents: WebContentsLike): void {
    if (this.byContents.has(contents.id)) return;
    this.open(contents);
    contents.on('did-navigate', () => {
      this.byContents.get(contents.id)?.close();
      if (!contents.isDestroyed()) this.open(contents);
    });
    contents.once('destroyed', () => {
      this.byContents.get(contents.id)?.close();
      this.byContents.delete(contents.id);
    });
  }

  /** The connection of the window a call came from (attached on first use if it was not yet). */
  of(contents: WebContentsLike): EventConnection {
    if (!this.byContents.has(contents.id)) this.attach(contents);
    return this.byContents.get(contents.id)!;
  }

  private open(contents: WebContentsLike): void {
    const connection = this.events.connect({
      deliver: (message) => {
        if (!contents.isDestroyed()) contents.send(IPC_EVENT_CHANNEL, message);
      },
    });
    this.byContents.set(contents.id, connection);
  }
}
