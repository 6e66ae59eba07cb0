export {
  closeRegister,
  simulate,
  type ClosingReport,
  type SimulationEvent,
  type SimulationOptions,
  type SimulationReport,
} from './simulate.js';
export {
  catalogueMasterData,
  masterDataBodies,
  type MasterDataPlan,
  type SimulatedItem,
  type SimulatedPointOfSale,
  type SimulatedPriceLevel,
  type SimulatedRegister,
} from './master-data.js';
export { BookingGenerator, type SimulatedBooking } from './bookings.js';
export { PosApiError, PosClient } from './pos-client.js';
export { Random, WeightedTable } from './random.js';
