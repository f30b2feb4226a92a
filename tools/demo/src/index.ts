export { DEMO_RUN_ID } from './aspects.js';
export { DEMO_TEMPLATE_SIZE } from './context.js';
export {
  generateDemoCatalog,
  summarize,
  type DemoCatalog,
  type DemoCatalogOptions,
  type DemoCatalogSummary,
} from './generator.js';
export type { IncidentKind, PlantedIncident } from './incidents.js';
