/** Every page's address, so links and the navbar cannot drift apart. */
export const PATHS = {
  jomosoft: '/interfaces/merchandise-management/jomosoft',
  priceLevels: '/price-levels',
  pointsOfSale: '/points-of-sale',
  items: '/items',
  tableEditing: '/items/table-editing',
  transmissions: '/transmissions',
} as const;

export const itemDialog = (id: string) => `${PATHS.items}?item=${encodeURIComponent(id)}`;
export const priceLevelDialog = (id: string) =>
  `${PATHS.priceLevels}?priceLevel=${encodeURIComponent(id)}`;
export const pointOfSaleDialog = (id: string) =>
  `${PATHS.pointsOfSale}?pointOfSale=${encodeURIComponent(id)}`;
export const transmissionPage = (id: string) => `${PATHS.transmissions}/${encodeURIComponent(id)}`;
