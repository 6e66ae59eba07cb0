import { existsSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { HttpPart } from '../http/app.js';
import { NotFoundError } from '../shared/errors.js';

/**
 * Serves the back-office single-page app from ui/dist at `/`. Any GET outside /api that names no
 * file answers index.html, so a bookmarked page such as /transmissions/… opens the app, which
 * then shows the page itself. Hashed assets are cached for a year; index.html never, so a new
 * build is picked up on the next load.
 *
 * The directory is looked up on every request rather than at start-up: `npm run build` while the
 * service runs then needs no restart, and a missing build gives a page that says what to do
 * instead of a bare 404.
 */

/** src/web-ui/ and dist/web-ui/ are both two levels below the package root. */
export const UI_DIST = fileURLToPath(new URL('../../ui/dist/', import.meta.url));

const YEAR_SECONDS = 365 * 24 * 60 * 60;

export function createWebUi(root: string = UI_DIST): HttpPart {
  return async (app) => {
    await app.register(fastifyStatic, { root, serve: false, index: false });

    app.get('/*', async (request, reply) => {
      const path = decodedPath(request);
      if (path === '/api' || path.startsWith('/api/')) {
        throw new NotFoundError(`no route ${request.method} ${request.url}`);
      }
      if (!existsSync(join(root, 'index.html'))) return notBuilt(reply);

      const file = fileIn(root, path);
      if (file) {
        const immutable = file.startsWith('assets/');
        return reply.sendFile(file, {
          maxAge: immutable ? YEAR_SECONDS * 1000 : 0,
          immutable,
          cacheControl: true,
        });
      }
      if (looksLikeFile(path)) throw new NotFoundError(`no file ${path}`);

      return reply
        .header('cache-control', 'no-cache')
        .sendFile('index.html', { cacheControl: false });
    });
  };
}

export const webUi: HttpPart = createWebUi();

function decodedPath(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** The file a path names inside the root, or null: nothing outside it, no directories. */
function fileIn(root: string, path: string): string | null {
  const relative = path.replace(/^\/+/, '');
  if (relative === '' || relative.includes('\0')) return null;

  const absolute = resolve(root, relative);
  if (!absolute.startsWith(resolve(root) + sep)) return null;
  try {
    return statSync(absolute).isFile() ? relative : null;
  } catch {
    return null;
  }
}

/** /favicon.ico or /assets/old-hash.js that is gone: a 404, not the app in its place. */
function looksLikeFile(path: string): boolean {
  return path.startsWith('/assets/') || /\.[a-z0-9]{1,5}$/i.test(path);
}

function notBuilt(reply: FastifyReply) {
  return reply
    .status(503)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(NOT_BUILT_PAGE);
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>wawi-bridge: web UI not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#212529}
code{background:#f1f3f5;padding:.1rem .3rem;border-radius:4px}</style></head>
<body>
<h1>The back-office web UI is not built</h1>
<p>wawi-bridge is running and its API answers, but <code>ui/dist</code> is missing, so there is no page to show.</p>
<p>Build it in the installation directory with <code>npm run build</code> (<code>npm ci</code> does this too), then reload this page. No restart is needed.</p>
<hr>
<p lang="de"><strong>Die Weboberfläche ist nicht gebaut.</strong> Im Installationsverzeichnis <code>npm run build</code> ausführen und die Seite neu laden.</p>
</body>
</html>
`;
