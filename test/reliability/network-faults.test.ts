import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { activate } from '../helpers/activation.js';
import { booking, closing, loadSmallCanteen } from '../helpers/master-data.js';
import { startTestService, type TestService } from '../helpers/service.js';
import { storeKinds } from '../helpers/stores.js';
import { waitFor } from '../helpers/wait.js';
import { startFaultProxy, type AnswerFault, type FaultProxy } from './helpers/fault-proxy.js';
import { verifyClosing, type PosBooking } from './helpers/ledger-check.js';
import { scenario } from './helpers/summary.js';

/**
 * Network faults between the service and JOMOsoft, made by a TCP proxy on loopback: each is
 * classified as the design's table says (no connection, a timeout, a broken answer: transient,
 * so the whole transmission waits and is retried) and nothing is booked twice, though JOMOsoft
 * booked most of these requests before their answer was lost.
 */
const DEADLINE_MS = 3_000;
const FAULTS_PER_CASE = 2;

interface Case {
  name: string;
  fault: AnswerFault | 'refuse';
  drip?: { dripMs: number; dripBytes: number };
  /** How the stored attempt error must read; null: the fault is no failure at all. */
  error: RegExp | null;
  /** Whether JOMOsoft got the request before the fault. */
  reached: boolean;
}

const CASES: Case[] = [
  { name: 'connection refused', fault: 'refuse', error: /connection refused/, reached: false },
  {
    name: 'connection reset after the request was sent',
    fault: 'reset-after-request',
    error: /reset|closed/,
    reached: true,
  },
  {
    name: 'answer stalled',
    fault: 'stall',
    error: /no complete answer .* within 3 s/,
    reached: true,
  },
  {
    name: 'answer cut in the middle',
    fault: 'cut-answer',
    error: /closed before the answer was complete|reset|closed/,
    reached: true,
  },
  {
    name: 'answer dripping slower than the deadline',
    fault: 'drip',
    drip: { dripMs: 40, dripBytes: 1 },
    error: /no complete answer .* within 3 s/,
    reached: true,
  },
  {
    name: 'answer dripping within the deadline',
    fault: 'drip',
    // About twenty drops of sixteen bytes, 20 ms apart: slow, but well inside the deadline.
    drip: { dripMs: 20, dripBytes: 16 },
    error: null,
    reached: true,
  },
];

describe.each(storeKinds().slice(0, 1))(
  'network faults on the way to JOMOsoft on $name',
  (kind) => {
    let sandbox: Sandbox;
    let proxy: FaultProxy;
    let service: TestService;
    let sequence = 0;

    beforeAll(async () => {
      sandbox = await startSandbox();
      proxy = await startFaultProxy(Number(new URL(sandbox.jomosoft.apiUrl).port));
      service = await startTestService(kind, {
        workers: true,
        worker: { clientOptions: { connectTimeoutMs: 1_000, deadlineMs: DEADLINE_MS } },
      });
      await loadSmallCanteen(service);
      const tokenPath = new URL(sandbox.jomosoft.tokenUrl).pathname;
      await activate(service, {
        ...sandbox,
        jomosoft: { ...sandbox.jomosoft, apiUrl: proxy.url, tokenUrl: `${proxy.url}${tokenPath}` },
      });
    });
    afterAll(async () => {
      await service?.close();
      await proxy?.close();
      await sandbox?.close();
    });

    /** One closing of three bookings in two groups, sent through whatever the proxy does. */
    const closeRegister = async () => {
      sequence += 1;
      const bookings = [
        booking({ quantity: '2', grossAmount: '15.60' }),
        booking({ itemId: 'item-coffee', vatRate: '19', grossAmount: '2.50' }),
        booking({ itemId: 'item-coffee-large', vatRate: '19', grossAmount: '3.20' }),
      ];
      const posted = await service.pos('POST', '/api/v1/bookings', { bookings });
      expect(posted.status).toBe(200);
      const closingId = `net-${sequence}`;
      const taken = await service.pos(
        'POST',
        '/api/v1/closings',
        closing(closingId, { number: sequence }),
      );
      expect(taken.status).toBe(201);
      return { closingId, transmissionId: taken.body.transmission.id as string, bookings };
    };

    const attemptsOf = (transmissionId: string) =>
      service.context.db
        .selectFrom('transmission_attempts')
        .select(['outcome', 'error', 'finished_at'])
        .where('transmission_id', '=', transmissionId)
        .orderBy('attempt')
        .execute();

    it.for(CASES)('$name: classified as the design says, booked once', async (spec, { task }) => {
      const row = scenario(task, `Network fault: ${spec.name}`);
      const requestsBefore = sandbox.requests();

      if (spec.fault === 'refuse') await proxy.refuse(true);
      else proxy.arm(spec.fault, spec.error ? FAULTS_PER_CASE : 1, spec.drip);
      const { closingId, transmissionId, bookings } = await closeRegister();

      if (spec.fault === 'refuse') {
        // Refused until two attempts have failed, then the line is back.
        await waitFor(async () => {
          const failed = (await attemptsOf(transmissionId)).filter((a) => a.finished_at);
          return failed.length >= FAULTS_PER_CASE ? true : null;
        }, 30_000);
        await proxy.refuse(false);
      }
      await waitFor(async () => {
        const [transmission] = await service.context.db
          .selectFrom('transmissions')
          .select('status')
          .where('id', '=', transmissionId)
          .execute();
        return transmission?.status === 'done' ? true : null;
      }, 60_000);

      const attempts = await attemptsOf(transmissionId);
      const failures = attempts.slice(0, -1);
      expect(attempts.at(-1)?.outcome).toMatch(/^answered/);
      if (spec.error) {
        expect(failures.length).toBeGreaterThanOrEqual(FAULTS_PER_CASE);
        for (const failure of failures) {
          expect(failure.outcome).toBe('transient');
          expect(failure.error).toMatch(spec.error);
        }
      } else {
        expect(failures).toEqual([]);
      }
      const requests = sandbox.requests() - requestsBefore;
      expect(requests).toBe(spec.reached ? attempts.length : 1);
      await verifyClosing(
        service.context.db,
        sandbox.bookings(),
        closingId,
        bookings as unknown as PosBooking[],
      );

      row.trials = spec.error ? failures.length : 1;
      const classified = failures[0]?.error?.replace(/127\.0\.0\.1:\d+/, 'JOMOsoft') ?? '';
      row.held.push(
        spec.error ? `${failures.length}× transient ("${classified}"), then answered` : 'answered',
        `${requests} requests, booked once`,
        'reconciliation balanced',
      );
    });
  },
);
