import { route } from './route.js';
import {
  bulkAnswer,
  bulkBody,
  itemAnswer,
  itemPatch,
  itemsAnswer,
  pointOfSaleAnswer,
  pointOfSalePatch,
  pointsOfSaleAnswer,
  priceLevelAnswer,
  priceLevelPatch,
  priceLevelsAnswer,
  readinessAnswer,
} from './schemas.js';
import {
  listItems,
  listPointsOfSale,
  listPriceLevels,
  setExportAbbreviation,
  setInterfaceId,
  updateInterfaceNumbers,
  updateItem,
} from './interface-numbers.js';
import { readinessReport } from './readiness.js';

/** Price levels, points of sale and items with their interface numbers; the readiness report. */

const tag = 'Interface numbers';

export const masterDataRoutes = [
  route({
    method: 'GET',
    path: '/price-levels',
    tag,
    summary: 'Price levels with their abbreviation for export',
    answer: priceLevelsAnswer,
    handle: async ({ context }) => ({ priceLevels: await listPriceLevels(context.db) }),
  }),
  route({
    method: 'PATCH',
    path: '/price-levels/:id',
    tag,
    summary: 'Set or clear (null or "") a price level’s abbreviation for export',
    body: priceLevelPatch,
    answer: priceLevelAnswer,
    handle: ({ context, params, body, actor }) =>
      setExportAbbreviation(context, params.id!, body.exportAbbreviation, actor),
  }),
  route({
    method: 'GET',
    path: '/points-of-sale',
    tag,
    summary: 'Points of sale with their Interface ID and registers',
    answer: pointsOfSaleAnswer,
    handle: async ({ context }) => ({ pointsOfSale: await listPointsOfSale(context.db) }),
  }),
  route({
    method: 'PATCH',
    path: '/points-of-sale/:id',
    tag,
    summary: 'Set or clear (null or "") a point of sale’s Interface ID',
    body: pointOfSalePatch,
    answer: pointOfSaleAnswer,
    handle: ({ context, params, body, actor }) =>
      setInterfaceId(context, params.id!, body.interfaceId, actor),
  }),
  route({
    method: 'GET',
    path: '/items',
    tag,
    summary: 'Every item with its interface no. and whether it is relevant',
    answer: itemsAnswer,
    handle: async ({ context }) => ({ items: await listItems(context.db) }),
  }),
  route({
    method: 'PATCH',
    path: '/items/:id',
    tag,
    summary:
      'Set an item’s interface no., its "not relevant for merchandise management" flag, or both',
    body: itemPatch,
    answer: itemAnswer,
    handle: ({ context, params, body, actor }) => updateItem(context, params.id!, body, actor),
  }),
  route({
    method: 'PUT',
    path: '/items/interface-numbers',
    tag,
    summary: 'Save up to 20,000 items’ interface numbers at once, all or nothing',
    description:
      'Any bad row answers 400 with a problem per row (`items[i].id`, `items[i].interfaceNo`) ' +
      'and stores nothing. `updated` counts the rows whose values changed.',
    body: bulkBody,
    answer: bulkAnswer,
    handle: ({ context, body, actor }) => updateInterfaceNumbers(context, body.items, actor),
  }),
  route({
    method: 'GET',
    path: '/readiness',
    tag,
    summary:
      'Items sold in the last 30 days without interface no. (by revenue), and price levels ' +
      'and points of sale without numbers',
    answer: readinessAnswer,
    handle: ({ context }) => readinessReport(context.db, context.clock.now()),
  }),
];
