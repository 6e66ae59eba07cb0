import type { FastifyRequest } from 'fastify';

import type { Executor } from '../db/database.js';
import { UnauthorizedError } from '../shared/errors.js';
import { tokenOwner } from '../tokens/tokens.js';

/** Checks the POS's `Authorization: Bearer <token>`; the token's name goes into the request log. */
export function posAuthentication(db: Executor) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new UnauthorizedError('send the POS API token as "Authorization: Bearer <token>"');

    const owner = await tokenOwner(db, match[1]!);
    if (!owner) throw new UnauthorizedError('the token is unknown or revoked');

    request.log = request.log.child({ client: owner });
  };
}
