import { describe, expect, it } from 'vitest';

import {
  describeSmtp,
  parseAddressList,
  parseMailSettings,
  parseSmtpUrl,
} from '../../src/mail/settings.js';
import { InputError } from '../../src/shared/errors.js';

function problemsOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error.problems;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('an SMTP URL', () => {
  it('with smtps:// means implicit TLS on port 465 unless a port is given', () => {
    expect(parseSmtpUrl('smtps://bridge:geheim@mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: 465,
      tls: 'implicit',
      user: 'bridge',
      password: 'geheim',
    });
    expect(parseSmtpUrl('smtps://bridge:geheim@mail.example.com:2465').port).toBe(2465);
  });

  it('with smtp:// means STARTTLS on the default port 587', () => {
    expect(parseSmtpUrl('smtp://bridge:geheim@mail.example.com')).toMatchObject({
      port: 587,
      tls: 'starttls',
    });
    expect(parseSmtpUrl('smtp://bridge:geheim@mail.example.com:587').tls).toBe('starttls');
  });

  it('with smtp:// on another port means no TLS unless ?tls= says otherwise', () => {
    expect(parseSmtpUrl('smtp://relay.intern:25')).toMatchObject({ port: 25, tls: 'none' });
    expect(parseSmtpUrl('smtp://relay.intern:25?tls=starttls').tls).toBe('starttls');
    expect(parseSmtpUrl('smtp://relay.intern:587?tls=none').tls).toBe('none');
  });

  it('may name no user, for a relay that takes mail without AUTH', () => {
    expect(parseSmtpUrl('smtp://relay.intern:25')).toMatchObject({ user: null, password: null });
  });

  it('carries a percent-encoded user and password, decoded', () => {
    const smtp = parseSmtpUrl(
      'smtp://kasse%40kantine.example:p%40ss%3Aw%2Frd%23%25@mail.example.com',
    );

    expect(smtp.user).toBe('kasse@kantine.example');
    expect(smtp.password).toBe('p@ss:w/rd#%');
  });

  it('accepts an IPv6 host in brackets', () => {
    expect(parseSmtpUrl('smtp://[::1]:2525').host).toBe('::1');
  });

  it('is refused with a reason that never repeats the password', () => {
    const cases = [
      'http://bridge:Sup3rGeheim@mail.example.com',
      'smtp://bridge:Sup3rGeheim@mail.example.com:99999',
      'smtp://bridge:Sup3rGeheim@mail.example.com?tls=maybe',
      'smtps://bridge:Sup3rGeheim@mail.example.com?tls=starttls',
      'smtp://bridge:Sup3rGeheim@mail.example.com?tls=implicit',
      'smtp://bridge:Sup3rGeheim@mail.example.com?tsl=none',
      'smtp://bridge:Sup3r#Geheim@mail.example.com',
      'smtp://bridge:Sup3rGeheim%zz@mail.example.com',
      'smtp://bridge@mail.example.com',
      'mail.example.com',
    ];

    for (const url of cases) {
      const problems = problemsOf(() => parseSmtpUrl(url));

      expect(problems, url).toHaveLength(1);
      expect(problems[0]?.path).toBe('smtp');
      expect(JSON.stringify(problems), url).not.toContain('Sup3r');
    }
  });

  it('is shown back without the password', () => {
    const smtp = parseSmtpUrl('smtp://bridge:geheim@mail.example.com');

    expect(describeSmtp(smtp)).toBe('smtp://bridge@mail.example.com:587?tls=starttls');
    expect(describeSmtp(parseSmtpUrl('smtps://a:b@[::1]'))).toBe('smtps://a@[::1]:465');
  });
});

describe('a list of mail addresses', () => {
  it('is split at commas and semicolons, trimmed, and duplicates are dropped', () => {
    expect(
      parseAddressList(' kueche@kantine.example, einkauf@kantine.example;KUECHE@kantine.example '),
    ).toEqual(['kueche@kantine.example', 'einkauf@kantine.example']);
  });

  it('accepts plus addresses, subdomains and umlaut domains', () => {
    expect(parseAddressList('a+wawi@mail.kantine.example,b@müller-catering.de')).toHaveLength(2);
  });

  it('names every address that is not one', () => {
    const problems = problemsOf(() =>
      parseAddressList('kueche@kantine.example, einkauf@, chef kantine@example.com, x@y..de'),
    );

    expect(problems).toEqual([
      { path: 'recipients[1]', message: '"einkauf@" is not a valid mail address' },
      { path: 'recipients[2]', message: '"chef kantine@example.com" is not a valid mail address' },
      { path: 'recipients[3]', message: '"x@y..de" is not a valid mail address' },
    ]);
  });

  it('refuses an address that would smuggle in a header line', () => {
    const problems = problemsOf(() => parseAddressList('a@b.example\r\nBcc: c@d.example'));

    expect(problems[0]?.path).toBe('recipients[0]');
  });

  it('must hold at least one address', () => {
    expect(problemsOf(() => parseAddressList(' , '))).toEqual([
      { path: 'recipients', message: 'at least one mail address is needed' },
    ]);
  });
});

describe('the mail settings schema', () => {
  const valid = {
    smtp: {
      host: 'mail.example.com',
      port: 587,
      tls: 'starttls',
      user: 'bridge',
      password: 'geheim',
    },
    from: 'wawi-bridge@kantine.example',
    recipients: ['kueche@kantine.example'],
    language: 'de',
  };

  it('takes complete settings', () => {
    expect(parseMailSettings(valid)).toEqual(valid);
  });

  it('names each wrong field and never quotes the password', () => {
    const problems = problemsOf(() =>
      parseMailSettings({
        ...valid,
        smtp: { ...valid.smtp, port: 0, user: null, password: 'Sup3rGeheim' },
        recipients: [],
        language: 'fr',
      }),
    );

    expect(problems.map((problem) => problem.path).sort()).toEqual([
      'language',
      'recipients',
      'smtp.password',
      'smtp.port',
    ]);
    expect(JSON.stringify(problems)).not.toContain('Sup3r');
  });

  it('wants user and password together or not at all', () => {
    const problems = problemsOf(() =>
      parseMailSettings({ ...valid, smtp: { ...valid.smtp, user: null } }),
    );

    expect(problems).toEqual([
      { path: 'smtp.password', message: 'user and password are given together or not at all' },
    ]);
  });
});
