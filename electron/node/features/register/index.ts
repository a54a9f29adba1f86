/**
 * The asset register: customers' sites and their equipment (tables `sites`, `assets`). Other
 * features read assets and their machine facts through the repository and `machineFactsFor`;
 * they do not query these tables themselves.
 */
export { machineFactsFor } from './asset-facts';
export { AssetsRepository } from './assets';
export { registerFeature } from './register-feature';
export { SitesRepository } from './sites';
