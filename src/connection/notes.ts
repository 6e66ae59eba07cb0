/**
 * The note a person reads after a pairing or a connection check: on success who JOMOsoft says we
 * are, otherwise what failed and what to do about it. English here; the web UI shows its own
 * translation, chosen by `code`, and the detail in brackets as it is.
 */

export const CHECK_CODES = [
  'ok',
  'pin-unknown',
  'pin-used',
  'portal-unreachable',
  'jomosoft-unreachable',
  'credentials-refused',
  'tls-untrusted',
  'unexpected-answer',
] as const;

export type CheckCode = (typeof CHECK_CODES)[number];

/** Which side of the pairing a failure happened on. */
export type Party = 'portal' | 'JOMOsoft';

export function successNote(tenant: string, apiVersion: string): string {
  return (
    `Connection confirmed: JOMOsoft knows this installation as tenant "${tenant}" ` +
    `(API version ${apiVersion}).`
  );
}

export function pinUnknownNote(): string {
  return (
    'The portal does not know this PIN, or it has expired (a PIN is valid for 24 hours). ' +
    'Create a new PIN in the portal and enter it here.'
  );
}

export function pinUsedNote(): string {
  return (
    'This PIN has already been used, and a PIN works only once. ' +
    'Create a new PIN in the portal and enter it here.'
  );
}

export function unreachableNote(party: Party, host: string, detail: string): string {
  const what = party === 'portal' ? 'The portal' : 'JOMOsoft';
  const advice =
    party === 'portal'
      ? 'Check the portal address, and that this server may reach it (internet connection, ' +
        'proxy, firewall), then try again.'
      : `Check that this server may reach ${host} over HTTPS (internet connection, proxy, ` +
        'firewall) and try again; if that is fine, ask JOMOsoft whether its API is available.';

  return `${what} could not be reached at ${host} (${detail}). ${advice}`;
}

export function credentialsRefusedNote(detail: string): string {
  return (
    `JOMOsoft refused the credentials (${detail}). The client id or secret is wrong or no longer ` +
    'valid, or the tenant is not enabled for the API. Retrieve the connection again with a new ' +
    'PIN from the portal, or ask JOMOsoft support to check the API access.'
  );
}

export function tlsUntrustedNote(party: Party, host: string, detail: string): string {
  const what = party === 'portal' ? 'the portal' : 'JOMOsoft';

  return (
    `The certificate of ${what} at ${host} is not trusted (${detail}). Often a proxy or firewall ` +
    'that inspects HTTPS is in between, or this server’s clock is wrong. Add the proxy’s root ' +
    'certificate to this server (NODE_EXTRA_CA_CERTS) or exempt the address from inspection, ' +
    'then try again.'
  );
}

export function unexpectedAnswerNote(party: Party, host: string, detail: string): string {
  const what = party === 'portal' ? 'The portal' : 'JOMOsoft';

  return (
    `${what} at ${host} answered in a way wawi-bridge does not understand (${detail}). ` +
    'Check that the address is right; if it is, send this note to support.'
  );
}

/** Added when a failed check leaves the connection that worked before in place. */
export function keptNote(tenant: string | null): string {
  const which = tenant ? ` for tenant "${tenant}"` : '';
  return ` The previous connection${which} stays in use.`;
}
