import type { Catalogue } from '../sandbox/catalogue.js';
import {
  popularity,
  priceCents,
  type MasterDataPlan,
  type SimulatedItem,
} from '../simulator/master-data.js';

/**
 * The demo's clinic canteen: a cafeteria, a kiosk and a ward kitchen, guests, staff and patients,
 * and the items of the sandbox catalogue, with the rough edges of real master data: items that
 * share an interface no., one without, one whose interface no. JOMOsoft does not know, and a
 * deposit that is not relevant for merchandise management.
 */
export const CANTEEN = {
  cafeteria: { id: 'vk-cafeteria', register: 'kasse-cafeteria-1', interfaceId: 'KST-100' },
  kiosk: { id: 'vk-kiosk', register: 'kasse-kiosk-1', interfaceId: 'KST-200' },
  ward: { id: 'vk-station', register: 'kasse-station-1', interfaceId: 'KST-300' },
  /** Not in the catalogue: JOMOsoft rejects its item bookings. */
  unknownInterfaceNo: 'A-9999',
  itemWithoutInterfaceNo: 'art-broetchen-vortag',
  itemWithUnknownInterfaceNo: 'art-bowl-woche',
  deposit: 'art-pfand-becher',
} as const;

const LEVEL = { guests: 'pe-gaeste', staff: 'pe-mitarbeitende', patients: 'pe-patienten' };

export function canteenMasterData(catalogue: Catalogue): MasterDataPlan {
  const items = catalogueItems(catalogue);
  const byArticle = (from: number, to: number) =>
    items
      .filter((item) => {
        const number = Number(item.interfaceNo?.slice(2));
        return number >= from && number <= to;
      })
      .map((item) => item.id);
  const drinks = byArticle(1047, 1059);

  return {
    priceLevels: [
      { id: LEVEL.guests, name: 'Gäste', exportAbbreviation: 'GAST', percent: 100, weight: 40 },
      { id: LEVEL.staff, name: 'Mitarbeitende', exportAbbreviation: 'MA', percent: 80, weight: 45 },
      { id: LEVEL.patients, name: 'Patienten', exportAbbreviation: 'PAT', percent: 90, weight: 15 },
    ],
    pointsOfSale: [
      {
        id: CANTEEN.cafeteria.id,
        name: 'Cafeteria',
        interfaceId: CANTEEN.cafeteria.interfaceId,
        itemIds: [
          ...byArticle(1001, 1028),
          ...drinks,
          'art-tagessuppe-klein',
          CANTEEN.itemWithoutInterfaceNo,
          CANTEEN.itemWithUnknownInterfaceNo,
        ],
        priceLevelIds: [LEVEL.guests, LEVEL.staff],
      },
      {
        id: CANTEEN.kiosk.id,
        name: 'Kiosk Eingangshalle',
        interfaceId: CANTEEN.kiosk.interfaceId,
        itemIds: [
          ...byArticle(1029, 1042),
          ...drinks,
          'art-kaffee-gross',
          'art-kaffee-to-go',
          'art-wasser-pet',
          CANTEEN.deposit,
        ],
        priceLevelIds: [LEVEL.guests, LEVEL.staff],
      },
      {
        id: CANTEEN.ward.id,
        name: 'Stationsküche',
        interfaceId: CANTEEN.ward.interfaceId,
        itemIds: [...byArticle(1043, 1046), ...byArticle(1009, 1010), ...byArticle(1023, 1026)],
        priceLevelIds: [LEVEL.patients, LEVEL.staff],
      },
    ],
    registers: [
      {
        id: CANTEEN.cafeteria.register,
        name: 'Cafeteria Kasse 1',
        pointOfSaleId: CANTEEN.cafeteria.id,
      },
      { id: CANTEEN.kiosk.register, name: 'Kiosk Kasse 1', pointOfSaleId: CANTEEN.kiosk.id },
      { id: CANTEEN.ward.register, name: 'Station Kasse 1', pointOfSaleId: CANTEEN.ward.id },
    ],
    items,
  };
}

/** Every article JOMOsoft takes, as a POS item, plus the demo's special cases. */
function catalogueItems(catalogue: Catalogue): SimulatedItem[] {
  const articles = catalogue.articles.filter((article) => !article.blocked);
  const items: SimulatedItem[] = articles.map((article, index) => ({
    id: `art-${article.id.toLowerCase()}`,
    name: article.name,
    interfaceNo: article.id,
    vatRate: article.vatRate,
    priceCents: priceCents(article.price),
    weight: popularity(index),
  }));

  const shared = (id: string, name: string, interfaceNo: string, price: number) => ({
    id,
    name,
    interfaceNo,
    vatRate: articles.find((article) => article.id === interfaceNo)?.vatRate ?? '19',
    priceCents: price,
    weight: 20,
  });
  return [
    ...items,
    // Several POS items booked on one JOMOsoft article.
    shared('art-kaffee-gross', 'Kaffee groß', 'A-1047', 240),
    shared('art-kaffee-to-go', 'Kaffee to go', 'A-1047', 200),
    shared('art-wasser-pet', 'Mineralwasser 0,5 l PET', 'A-1053', 160),
    shared('art-tagessuppe-klein', 'Tagessuppe klein', 'A-1010', 250),
    {
      id: CANTEEN.itemWithoutInterfaceNo,
      name: 'Brötchen vom Vortag',
      vatRate: '7',
      priceCents: 50,
      weight: 25,
    },
    {
      id: CANTEEN.itemWithUnknownInterfaceNo,
      name: 'Bowl der Woche',
      interfaceNo: CANTEEN.unknownInterfaceNo,
      vatRate: '7',
      priceCents: 890,
      weight: 30,
    },
    {
      id: CANTEEN.deposit,
      name: 'Pfand Mehrwegbecher',
      vatRate: '19',
      excluded: true,
      priceCents: 100,
      weight: 30,
    },
  ];
}
