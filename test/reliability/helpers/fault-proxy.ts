import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on loopback between the service and the sandbox's JOMOsoft listener that breaks the
 * connection the ways a flaky outlet line does. It reads just enough HTTP to know which answer
 * belongs to a sales-bookings request, so the token request passes and the fault hits the one
 * exchange where it matters: after the request has reached JOMOsoft.
 */
export type AnswerFault =
  /** The request reaches JOMOsoft; when its answer starts, the client connection is reset (RST). */
  | 'reset-after-request'
  /** The request reaches JOMOsoft; its answer is held back until the client gives up. */
  | 'stall'
  /** The answer's head and half its body are passed on, then the connection is closed. */
  | 'cut-answer'
  /** The answer is passed on `dripBytes` at a time (default 1), `dripMs` apart. */
  | 'drip';

export interface FaultProxy {
  /** http://127.0.0.1:PORT */
  url: string;
  /** The next `times` sales-bookings answers suffer `fault`. */
  arm(fault: AnswerFault, times: number, options?: { dripMs?: number; dripBytes?: number }): void;
  /** Closes the listener and every open connection (connection refused), or opens it again. */
  refuse(on: boolean): Promise<void>;
  stats(): { connections: number; salesRequests: number; faulted: number };
  close(): Promise<void>;
}

const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/1\.1\r\n/;
const SALES_REQUEST = /^POST \/v1\/sales-bookings /;
/** Bounds a stall even if the client never gives up, so no test can hang on the proxy. */
const STALL_LIMIT_MS = 60_000;

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const sockets = new Set<Socket>();
  type Armed = { fault: AnswerFault; dripMs: number; dripBytes: number };
  let armed: (Armed & { times: number }) | null = null;
  const counts = { connections: 0, salesRequests: 0, faulted: 0 };

  const takeFault = (): Armed | null => {
    if (!armed || armed.times <= 0) return null;
    armed.times -= 1;
    counts.faulted += 1;
    return { fault: armed.fault, dripMs: armed.dripMs, dripBytes: armed.dripBytes };
  };

  const onConnection = (client: Socket) => {
    counts.connections += 1;
    const upstream = connect(upstreamPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    let fault: Armed | null = null;
    let answer: Buffer = Buffer.alloc(0);
    let timer: NodeJS.Timeout | null = null;

    const end = () => {
      if (timer) clearInterval(timer);
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);

    client.on('data', (chunk: Buffer) => {
      const text = chunk.toString('latin1');
      // A new request on a kept-alive connection: the previous answer is over, and so its fault.
      if (REQUEST_LINE.test(text)) fault = null;
      if (SALES_REQUEST.test(text)) {
        counts.salesRequests += 1;
        fault = takeFault();
      }
      upstream.write(chunk);
    });

    upstream.on('data', (chunk: Buffer) => {
      if (!fault) return void client.write(chunk);

      switch (fault.fault) {
        case 'reset-after-request':
          client.resetAndDestroy();
          upstream.destroy();
          return;
        case 'stall':
          // Nothing reaches the client; the bound only keeps a broken client from hanging here.
          timer ??= setTimeout(end, STALL_LIMIT_MS);
          return;
        case 'cut-answer':
          answer = Buffer.concat([answer, chunk]);
          cutWhenBodyStarts(answer, client, end);
          return;
        case 'drip':
          answer = Buffer.concat([answer, chunk]);
          const bytes = fault.dripBytes;
          timer ??= setInterval(() => {
            if (answer.length === 0) return;
            client.write(answer.subarray(0, bytes));
            answer = answer.subarray(bytes);
          }, fault.dripMs);
          return;
      }
    });
  };

  let server: Server = createServer(onConnection);
  const port = await listen(server, 0);

  return {
    url: `http://127.0.0.1:${port}`,
    arm(fault, times, options = {}) {
      armed = { fault, times, dripMs: options.dripMs ?? 20, dripBytes: options.dripBytes ?? 1 };
    },
    async refuse(on) {
      if (on) {
        for (const socket of sockets) socket.destroy();
        await closeServer(server);
      } else if (!server.listening) {
        server = createServer(onConnection);
        await listen(server, port);
      }
    },
    stats: () => ({ ...counts }),
    async close() {
      for (const socket of sockets) socket.destroy();
      if (server.listening) await closeServer(server);
    },
  };
}

/** Passes the head and half the body, then closes: a Content-Length the client never sees met. */
function cutWhenBodyStarts(answer: Buffer, client: Socket, end: () => void): void {
  const head = answer.indexOf('\r\n\r\n');
  if (head < 0) return;
  const length = Number(/content-length:\s*(\d+)/i.exec(answer.subarray(0, head).toString())?.[1]);
  const bodyStart = head + 4;
  const half = Math.max(1, Math.floor((Number.isFinite(length) ? length : 2) / 2));
  if (answer.length < bodyStart + half) return;

  client.end(answer.subarray(0, bodyStart + half), () => end());
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
