import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Small loopback servers for the pairing's failure cases: an HTTPS server whose certificate is
 * self-signed (made with openssl here, so nothing trusts it), and a portal that hands out
 * whatever JOMOsoft addresses a test wants.
 */
export interface LoopbackServer {
  url: string;
  close(): Promise<void>;
}

export async function startUntrustedHttpsServer(): Promise<LoopbackServer> {
  const dir = mkdtempSync(join(tmpdir(), 'wawi-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );

  const server = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_request, response) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
  );
  rmSync(dir, { recursive: true, force: true });

  return listen(server, 'https');
}

export async function startFakePortal(jomosoft: {
  apiUrl: string;
  tokenUrl: string;
}): Promise<LoopbackServer> {
  const server = createHttpServer((_request, response) => {
    const body = {
      jomosoft: { ...jomosoft, clientId: 'fake-client', clientSecret: 'fake-secret-from-portal' },
      customer: { id: 'K-1', name: 'Fake customer' },
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });

  return listen(server, 'http');
}

async function listen(server: Server, scheme: string): Promise<LoopbackServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `${scheme}://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
