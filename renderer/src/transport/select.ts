import type { PreloadBridge, Transport } from '../../../shared/contract';
import { WebSocketTransport } from './websocket';

declare global {
  interface Window {
    /** Present only inside the desktop app, put there by the sandboxed preload. */
    signalcraft?: PreloadBridge;
  }
}

export interface SelectedTransport {
  transport: Transport;
  shell: 'electron' | 'browser';
  onStatus: (listener: (connected: boolean) => void) => () => void;
}

/** The desktop app talks through the preload bridge; a browser talks to serve mode's WebSocket. */
export function selectTransport(): SelectedTransport {
  const bridge = window.signalcraft;
  if (bridge) {
    return { transport: bridge, shell: 'electron', onStatus: () => () => undefined };
  }
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocketTransport(`${scheme}://${window.location.host}/api/ws`);
  return { transport: ws, shell: 'browser', onStatus: (l) => ws.onStatus(l) };
}
