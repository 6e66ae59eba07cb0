import { z } from 'zod';

/**
 * The trouble the sandbox's JOMOsoft can be told to make, one switch per row of the design's
 * answer table. Faults apply to the API (`/v1/...`); the token endpoint only ever checks the
 * client credentials, so a fault shows up where the bridge meets it in real life.
 */
export interface Faults {
  /** The JOMOsoft listener is closed: connections are refused (ECONNREFUSED) on its port. */
  refuseConnections: boolean;
  /** Every API request is answered 503. */
  serverError: boolean;
  /** Every API answer is delayed this long; a booking is made first, then its answer waits. */
  slowMs: number;
  /** Sales bookings are refused with 422, with per-item details or without. Nothing is booked. */
  unprocessable: 'off' | 'with-details' | 'without-details';
  /** Tokens last for one request: a token already used is answered 401 once, then a fresh works. */
  expireTokens: boolean;
  /** 0 is off; otherwise every API request is answered 429 with `Retry-After` of this many s. */
  rateLimitSeconds: number;
  /** Every API request is answered 403: the tenant is not allowed. */
  refuseCredentials: boolean;
  /** Every token is answered 401, fresh ones too: the API no longer accepts what it issued. */
  rejectTokens: boolean;
  /** A 200 answer leaves out the result of the last item booking, which is not booked. */
  incompleteAnswer: boolean;
  /** A 200 answer arrives garbled (not JSON), after booking; a resend gets the stored answer. */
  garbledAnswer: boolean;
}

export const NO_FAULTS: Faults = {
  refuseConnections: false,
  serverError: false,
  slowMs: 0,
  unprocessable: 'off',
  expireTokens: false,
  rateLimitSeconds: 0,
  refuseCredentials: false,
  rejectTokens: false,
  incompleteAnswer: false,
  garbledAnswer: false,
};

const faultsSchema = z.strictObject({
  refuseConnections: z.boolean(),
  serverError: z.boolean(),
  slowMs: z.number().int().min(0).max(600_000),
  unprocessable: z.enum(['off', 'with-details', 'without-details']),
  expireTokens: z.boolean(),
  rateLimitSeconds: z.number().int().min(0).max(86_400),
  refuseCredentials: z.boolean(),
  rejectTokens: z.boolean(),
  incompleteAnswer: z.boolean(),
  garbledAnswer: z.boolean(),
});

export type FaultsParse = { ok: true; faults: Partial<Faults> } | { ok: false; error: string };

/** Checks a `Partial<Faults>` from the control API; the error names the field. */
export function parseFaults(json: unknown): FaultsParse {
  const parsed = faultsSchema.partial().safeParse(json);
  if (parsed.success) return { ok: true, faults: parsed.data };

  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.');
  const unknown = issue?.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
  return { ok: false, error: `${field ? `${field}: ` : ''}${issue?.message}${unknown}` };
}
