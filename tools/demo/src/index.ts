export {
  DEMO_RUN_ID,
  DEMO_TEMPLATE_SIZE,
  generateDemoCatalog,
  summarize,
  type DemoCatalog,
  type DemoCatalogOptions,
  type DemoCatalogSummary,
  type IncidentKind,
  type PlantedIncident,
} from './generator.js';
