import type { TechSpecSourceType } from '../../ports/techspec-source.js';
import { filesSourceType } from './files-source.js';
import { kafkaSourceType } from './kafka-source.js';
import { postgresSourceType } from './postgres-source.js';

/** Every kind of technical-spec source, by its `type` in an ingestion configuration. */
export const techSpecSourceTypes: readonly TechSpecSourceType[] = [
  postgresSourceType,
  kafkaSourceType,
  filesSourceType,
];
