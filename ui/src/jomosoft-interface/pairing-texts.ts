import type { TFunction } from 'i18next';

import type { PairingAnswer } from '../api/types';

/**
 * The note after "Retrieve from portal" or a check, in the reader's language: what happened and,
 * when it failed, what to do next. The server's own note is shown beneath it as the detail.
 */
export function pairingText(answer: PairingAnswer, t: TFunction): { title: string; body: string } {
  const tenant = answer.tenant ?? '–';
  const apiVersion = answer.apiVersion ?? '–';

  switch (answer.code) {
    case 'ok':
      return {
        title: t('pairing.ok.title'),
        body: t('pairing.ok.body', { tenant, apiVersion }),
      };
    case 'pin-unknown':
    case 'pin-used':
    case 'portal-unreachable':
    case 'jomosoft-unreachable':
    case 'credentials-refused':
    case 'tls-untrusted':
    case 'unexpected-answer':
      return {
        title: t(`pairing.${answer.code}.title`),
        body: t(`pairing.${answer.code}.body`),
      };
    default:
      return answer.ok
        ? { title: t('pairing.ok.title'), body: t('pairing.ok.body', { tenant, apiVersion }) }
        : { title: t('pairing.unknown.title'), body: t('pairing.unknown.body') };
  }
}
