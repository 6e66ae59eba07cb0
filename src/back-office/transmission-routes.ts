import { route } from './route.js';
import { rejectedCsv } from './rejected-csv.js';
import { transmissionAnswer, transmissionsAnswer, transmissionsQuery } from './schemas.js';
import { listTransmissions, transmissionDetail } from './transmissions.js';

/** The history: transmissions, one with item bookings and mails, the rejected lines as CSV. */

const tag = 'Transmissions';

export const transmissionRoutes = [
  route({
    method: 'GET',
    path: '/transmissions',
    tag,
    summary: 'Transmissions, newest first, a page at a time',
    query: transmissionsQuery,
    answer: transmissionsAnswer,
    handle: async ({ context, query }) => ({
      transmissions: await listTransmissions(context.db, query),
    }),
  }),
  route({
    method: 'GET',
    path: '/transmissions/:id',
    tag,
    summary: 'One transmission with its item bookings, attempts, mails and reconciliation',
    answer: transmissionAnswer,
    handle: ({ context, params }) => transmissionDetail(context.db, params.id!),
  }),
  route({
    method: 'GET',
    path: '/transmissions/:id/rejected.csv',
    tag,
    summary: 'The rejected and failed item bookings as CSV for Excel (semicolons, UTF-8 with BOM)',
    produces: 'text/csv',
    async handle({ context, params, reply }) {
      const file = await rejectedCsv(context.db, params.id!);
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${file.fileName}"`);
      return file.content;
    },
  }),
];
