/**
 * The sandboxed preload: the only bridge between the UI and the back end in the desktop app.
 * It exposes exactly two functions and no Electron or Node object; the main process checks the
 * sender and validates every payload, so nothing here is trusted.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { PreloadBridge } from '../../shared/contract/client';
import type { EventMessage, Outcome } from '../../shared/contract/envelope';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/contract/ipc-channels';

const bridge: PreloadBridge = {
  call: (method: string, params: unknown) => ipcRenderer.invoke(IPC_CALL_CHANNEL, { method, params }) as Promise<Outcome>,
  onEvent: (listener: (message: EventMessage) => void) => {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('signalcraft', bridge);
