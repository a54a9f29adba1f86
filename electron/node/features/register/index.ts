/**
 * The asset register: customers' sites and their equipment (tables `sites`, `assets`). Other
 * features read assets and their machine facts through the repository and `machineFactsFor`;
 * they do not query these tables themselves.
 */
export { machineFactsFor } from './asset-facts';
export { AssetsRepository } from './assets';
export { REGISTER_PERSONAL_DATA } from './personal-data';
export { restorePlace, type AssetPlace } from './restore-place';
export { registerFeature } from './register-feature';
export { SitesRepository } from './sites';
