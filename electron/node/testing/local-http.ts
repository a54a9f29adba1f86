import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a test server on 127.0.0.1 (port 0: any free one) and resolves with its port. */
export async function listenLocal(server: http.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** Stops it at once, open connections included (the network "goes away"). */
export async function closeNow(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
