import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { AppContext } from '../../src/app/context.js';
import { installErrorHandler } from '../../src/http/errors.js';
import { createWebUi } from '../../src/web-ui/static.js';

let parent: string;
let root: string;
let app: FastifyInstance;

beforeEach(async () => {
  parent = mkdtempSync(join(tmpdir(), 'wawi-ui-'));
  root = join(parent, 'dist');
  mkdirSync(root);
  app = Fastify();
  installErrorHandler(app);
  app.get('/api/v1/health', async () => ({ status: 'ok' }));
  await createWebUi(root)(app, {} as AppContext);
});

afterEach(async () => {
  await app.close();
  rmSync(parent, { recursive: true, force: true });
});

function build(): void {
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
}

describe('the web UI part', () => {
  it('answers 503 with a page saying how to build the UI when ui/dist is missing', async () => {
    const answer = await app.inject({ url: '/' });

    expect(answer.statusCode).toBe(503);
    expect(answer.headers['content-type']).toContain('text/html');
    expect(answer.body).toContain('npm run build');
  });

  it('serves index.html for a page address, so a bookmark opens the app', async () => {
    build();
    const answer = await app.inject({ url: '/transmissions/t-1?x=1' });

    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('<title>app</title>');
    expect(answer.headers['cache-control']).toBe('no-cache');
  });

  it('serves hashed assets as immutable', async () => {
    build();
    const answer = await app.inject({ url: '/assets/index-abc123.js' });

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toContain('immutable');
  });

  it('answers a missing asset and an unknown API path with a 404, not the app', async () => {
    build();
    const asset = await app.inject({ url: '/assets/index-old.js' });
    const api = await app.inject({ url: '/api/v1/nothing' });

    expect(asset.statusCode).toBe(404);
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ error: 'not-found' });
    expect((await app.inject({ url: '/api/v1/health' })).json()).toEqual({ status: 'ok' });
  });

  it('never serves a file outside ui/dist', async () => {
    build();
    writeFileSync(join(parent, 'secret.txt'), 'the SMTP password');
    const answer = await app.inject({ url: '/..%2Fsecret.txt' });

    expect(answer.statusCode).toBe(404);
    expect(answer.body).not.toContain('the SMTP password');
  });
});
