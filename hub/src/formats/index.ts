export { avroJsonToPegasus } from './avro-json.js';
export {
  decodeEntry,
  expandMetadataPaths,
  expandMetadataSources,
  parseMetadataJson,
  readMetadataFile,
  type DecodedEntry,
  type EntryFailure,
  type MetadataSource,
  type MetadataDocument,
} from './metadata-file.js';
export {
  decodeProposal,
  decodeSnapshot,
  FormatError,
  JSON_CONTENT_TYPE,
  JSON_PATCH_CONTENT_TYPE,
  type FormatFailureCode,
} from './proposal-decoder.js';
export { aspectNameForRecordName, pegasusName, recordNameForAspect } from './record-names.js';
