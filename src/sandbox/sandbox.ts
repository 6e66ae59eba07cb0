import { randomBytes } from 'node:crypto';
import { pino } from 'pino';

import type { Logger } from '../shared/logger.js';
import { BUILT_IN_CATALOGUE, type Catalogue } from './catalogue.js';
import { NO_FAULTS, type Faults } from './faults.js';
import { buildJomosoftApp, TOKEN_PATH } from './jomosoft-server.js';
import { Ledger, type SandboxBooking } from './ledger.js';
import { ReopenableListener } from './listener.js';
import { PinStore } from './pins.js';
import { buildPortalApp, SANDBOX_NOTICE, type PortalControl } from './portal-server.js';
import { TokenStore } from './tokens.js';

/**
 * The sandbox plays the portal and JOMOsoft for development, the demo, tests and benchmarks. Two
 * listeners, so JOMOsoft can refuse connections while the portal and its control API stay up.
 */

export interface SandboxOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (the default) takes a free port. */
  portalPort?: number;
  /** 0 (the default) takes a free port. */
  jomosoftPort?: number;
  catalogue?: Catalogue;
  logger?: Logger;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:PORT */
  portalUrl: string;
  jomosoft: { apiUrl: string; tokenUrl: string; clientId: string; clientSecret: string };
  /** A fresh six-digit one-time PIN, valid 24 h, for the sandbox's connection. */
  createPin(): string;
  /** Merges the given faults; `refuseConnections` closes or reopens the JOMOsoft listener. */
  setFaults(faults: Partial<Faults>): Promise<void>;
  /** What it has booked, in order, with the decimal strings as received. */
  bookings(): SandboxBooking[];
  /** Sales-bookings requests received, whatever they were answered. */
  requests(): number;
  close(): Promise<void>;
}

/** The customer the portal hands out with the connection. */
const CUSTOMER = { id: 'K-10482', name: 'Klinikum Sonnenberg gGmbH' };

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const sandbox = new RunningSandbox(options);
  await sandbox.start();

  return sandbox;
}

class RunningSandbox implements Sandbox {
  portalUrl = '';
  jomosoft = { apiUrl: '', tokenUrl: '', clientId: '', clientSecret: '' };

  readonly #host: string;
  readonly #catalogue: Catalogue;
  readonly #logger: Logger;
  readonly #tokens = new TokenStore();
  readonly #pins = new PinStore();
  readonly #ledger: Ledger;
  readonly #jomosoftListener: ReopenableListener;
  readonly #portalListener: ReopenableListener;
  #faults: Faults = { ...NO_FAULTS };
  #faultChanges: Promise<void> = Promise.resolve();

  constructor(options: SandboxOptions) {
    this.#host = options.host ?? '127.0.0.1';
    this.#catalogue = options.catalogue ?? BUILT_IN_CATALOGUE;
    this.#logger = options.logger ?? pino({ level: 'silent' });
    this.#ledger = new Ledger(this.#catalogue);
    this.jomosoft.clientId = `wawi-bridge-${this.#catalogue.tenant.id}`;
    this.jomosoft.clientSecret = randomBytes(24).toString('base64url');

    this.#jomosoftListener = new ReopenableListener(
      (closing) => buildJomosoftApp(this.#jomosoftState(), closing),
      this.#host,
      options.jomosoftPort ?? 0,
    );
    this.#portalListener = new ReopenableListener(
      () => buildPortalApp(this.#portalControl()),
      this.#host,
      options.portalPort ?? 0,
    );
  }

  async start(): Promise<void> {
    await this.#jomosoftListener.open();
    const jomosoftOrigin = this.#origin(this.#jomosoftListener.port);
    this.jomosoft.apiUrl = jomosoftOrigin;
    this.jomosoft.tokenUrl = `${jomosoftOrigin}${TOKEN_PATH}`;

    try {
      await this.#portalListener.open();
    } catch (error) {
      await this.#jomosoftListener.close();
      throw error;
    }
    this.portalUrl = this.#origin(this.#portalListener.port);

    const { apiUrl, tokenUrl, clientId } = this.jomosoft;
    this.#logger.info({ portalUrl: this.portalUrl, apiUrl, tokenUrl, clientId }, SANDBOX_NOTICE);
  }

  createPin(): string {
    return this.#pins.create();
  }

  /** Changes are applied one after another, so a close and a reopen never overlap. */
  setFaults(change: Partial<Faults>): Promise<void> {
    const applied = this.#faultChanges.then(async () => {
      this.#faults = { ...this.#faults, ...change };
      const listener = this.#jomosoftListener;
      await (this.#faults.refuseConnections ? listener.close() : listener.open());
      this.#logger.info({ faults: this.#faults }, 'sandbox faults changed');
    });

    this.#faultChanges = applied.catch(() => undefined);
    return applied;
  }

  bookings(): SandboxBooking[] {
    return this.#ledger.bookings();
  }

  requests(): number {
    return this.#ledger.requests();
  }

  async close(): Promise<void> {
    await this.#faultChanges;
    await Promise.all([this.#jomosoftListener.close(), this.#portalListener.close()]);
    this.#logger.info('sandbox stopped');
  }

  #jomosoftState() {
    return {
      catalogue: this.#catalogue,
      credentials: { clientId: this.jomosoft.clientId, clientSecret: this.jomosoft.clientSecret },
      faults: () => this.#faults,
      tokens: this.#tokens,
      ledger: this.#ledger,
      logger: this.#logger,
    };
  }

  #portalControl(): PortalControl {
    return {
      logger: this.#logger,
      redeemPin: (pin, installationId) => this.#pins.redeem(pin, installationId),
      pairing: () => ({ jomosoft: { ...this.jomosoft }, customer: CUSTOMER }),
      createPin: () => this.createPin(),
      faults: () => ({ ...this.#faults }),
      setFaults: (faults) => this.setFaults(faults),
      bookings: () => this.bookings(),
      state: () => this.#state(),
    };
  }

  /** For `GET /_sandbox/state`: everything but the client secret. */
  #state() {
    const { apiUrl, tokenUrl, clientId } = this.jomosoft;
    const catalogue = this.#catalogue;

    return {
      notice: SANDBOX_NOTICE,
      portalUrl: this.portalUrl,
      jomosoft: { apiUrl, tokenUrl, clientId },
      jomosoftListening: this.#jomosoftListener.isOpen,
      faults: this.#faults,
      requests: this.#ledger.requests(),
      tokenRequests: this.#tokens.requests(),
      bookings: this.#ledger.count(),
      pins: this.#pins.counts(),
      catalogue: {
        tenant: catalogue.tenant,
        costCentres: catalogue.costCentres.length,
        priceGroups: catalogue.priceGroups.length,
        articles: catalogue.articles.length,
      },
    };
  }

  /** A wildcard address is reached on loopback; an IPv6 address goes in brackets. */
  #origin(port: number): string {
    const host = this.#host === '0.0.0.0' || this.#host === '::' ? '127.0.0.1' : this.#host;
    return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
}
