import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { CaughtMail, MailCatcher } from './mail-catcher.js';

/**
 * The caught mails in the browser: a list that refreshes itself and a page per mail with its
 * text and its HTML part. The HTML is shown in a sandboxed frame, so a mail cannot run script.
 */
export interface MailViewer {
  url: string;
  close(): Promise<void>;
}

export async function startMailViewer(catcher: MailCatcher, port: number): Promise<MailViewer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const mails = catcher.mails();
    const number = /^\/mails\/(\d+)$/.exec(path)?.[1];
    const mail = number ? mails.find((entry) => entry.number === Number(number)) : undefined;

    const [status, body] =
      path === '/'
        ? [200, listPage(mails)]
        : mail
          ? [200, mailPage(mail)]
          : [404, page('Not found', '<p>No such mail. <a href="/">All mails</a></p>')];
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'",
    });
    response.end(body);
  });

  const listening = await listen(server, port).catch(() => listen(server, 0));
  return {
    url: `http://127.0.0.1:${listening}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function listPage(mails: CaughtMail[]): string {
  const rows = mails
    .slice()
    .reverse()
    .map(
      (mail) => `<tr>
  <td>${mail.number}</td>
  <td>${escape(mail.receivedAt.toLocaleTimeString('en-GB'))}</td>
  <td><a href="/mails/${mail.number}">${escape(mail.subject)}</a></td>
  <td>${escape(mail.to.join(', '))}</td>
</tr>`,
    )
    .join('\n');
  const table = mails.length
    ? `<table><thead><tr><th>#</th><th>received</th><th>subject</th><th>to</th></tr></thead>
<tbody>${rows}</tbody></table>`
    : '<p>No mail yet. This page refreshes itself.</p>';

  return page(
    'Mail catcher',
    `<p class="note">Every mail the demo's wawi-bridge sent, caught on loopback. Nothing left this
machine.</p>${table}`,
    '<meta http-equiv="refresh" content="5">',
  );
}

function mailPage(mail: CaughtMail): string {
  const html = mail.html
    ? `<h2>HTML</h2><iframe sandbox title="HTML part" srcdoc="${escape(mail.html)}"></iframe>`
    : '';
  return page(
    mail.subject,
    `<p><a href="/">← all mails</a></p>
<dl>
  <dt>From</dt><dd>${escape(mail.from)}</dd>
  <dt>To</dt><dd>${escape(mail.to.join(', '))}</dd>
  <dt>Received</dt><dd>${escape(mail.receivedAt.toISOString())}</dd>
  <dt>Message-ID</dt><dd><code>${escape(mail.messageId ?? '')}</code></dd>
</dl>
${html}
<h2>Text</h2><pre>${escape(mail.text)}</pre>`,
  );
}

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">${head}<title>${escape(title)}</title>
<style>
  body {
    font: 15px/1.45 system-ui, sans-serif; color: #1f2933;
    margin: 2rem auto; max-width: 60rem; padding: 0 1rem;
  }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #d9e2ec; }
  .note { color: #52606d; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
  dt { color: #52606d; }
  pre { background: #f5f7fa; padding: 1rem; white-space: pre-wrap; }
  iframe { width: 100%; height: 32rem; border: 1px solid #d9e2ec; }
</style></head>
<body><h1>${escape(title)}</h1>
${body}
</body></html>`;
}

function escape(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
