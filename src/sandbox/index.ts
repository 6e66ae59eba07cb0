export { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
export type { Faults } from './faults.js';
export type { SandboxBooking } from './ledger.js';
export {
  BUILT_IN_CATALOGUE,
  loadCatalogue,
  parseCatalogue,
  type Catalogue,
  type CatalogueArticle,
  type CatalogueEntry,
} from './catalogue.js';
