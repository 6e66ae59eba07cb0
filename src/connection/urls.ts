import { isIP } from 'node:net';

import { InputError, type Problem } from '../shared/errors.js';

/**
 * The JOMOsoft and portal addresses carry a client secret and PINs, so they must be HTTPS. Plain
 * HTTP is allowed only on loopback (the sandbox, a local test) or when the operator says so with
 * WAWI_ALLOW_INSECURE_HTTP for a test system.
 */
export function urlProblem(text: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL; write it as https://host/path';
  }

  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `must start with https://, not ${url.protocol}//`;
  }
  if (url.username || url.password) {
    return 'must not carry a user or password; the credentials are stored separately';
  }
  if (url.protocol === 'http:' && !allowInsecure && !isLoopback(url.hostname)) {
    return (
      'uses plain HTTP, which would send the credentials unencrypted; use https:// ' +
      '(a test system may set WAWI_ALLOW_INSECURE_HTTP=1)'
    );
  }

  return null;
}

/** Throws one InputError naming every address at fault, e.g. `{ apiUrl: …, tokenUrl: … }`. */
export function checkUrls(urls: Record<string, string>, allowInsecure: boolean): void {
  const problems: Problem[] = [];
  for (const [path, text] of Object.entries(urls)) {
    const problem = urlProblem(text, allowInsecure);
    if (problem) problems.push({ path, message: problem });
  }

  if (problems.length > 0) throw new InputError(problems);
}

export function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');

  return host === '::1';
}

/** "host:port" of an address, for notes and logs: never a path, query or credentials. */
export function hostOf(text: string): string {
  try {
    const url = new URL(text);
    return url.host;
  } catch {
    return 'an invalid address';
  }
}
