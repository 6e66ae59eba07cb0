import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./fixtures/run-sandbox-command.ts', import.meta.url));
const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

describe('wawi-bridge sandbox', () => {
  it('prints the URLs, the client id and three PINs, pairs with one, and stops on SIGTERM', async () => {
    const child = spawn(tsx, [script, 'sandbox', '--port', '0', '--jomosoft-port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const output = await readUntil(child.stdout, 'Stop with Ctrl+C.');
    const portalUrl = /Portal\s+(http:\/\/\S+)/.exec(output)?.[1];
    const pins = /One-time PINs.*\n\s+(\d{6})\s+(\d{6})\s+(\d{6})/.exec(output)?.slice(1);
    const pairing = await fetch(`${portalUrl}/v1/pairings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pin: pins?.[0], installationId: 'cli-test' }),
    });
    child.kill('SIGTERM');

    expect(output).toMatch(/development and test tool/);
    expect(output).toMatch(/JOMOsoft API\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(output).toMatch(/JOMOsoft token\s+http:\/\/127\.0\.0\.1:\d+\/oauth\/token/);
    expect(output).toMatch(/Client id\s+wawi-bridge-T-4711/);
    expect(pins).toHaveLength(3);
    expect(pairing.status).toBe(200);
    expect(await exited).toBe(0);
  });

  it('refuses a port that is not a number', async () => {
    const child = spawn(tsx, [script, 'sandbox', '--port', 'eighty'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

    const errors = await readUntil(child.stderr, '\n');

    expect(errors).toMatch(/--port.*must be a port number/);
    expect(await exited).not.toBe(0);
  });
});

function readUntil(stream: NodeJS.ReadableStream, marker: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes(marker)) resolve(text);
    });
    stream.on('end', () => reject(new Error(`ended before "${marker}":\n${text}`)));
  });
}
