/** Why a proposal was refused; stable codes for HTTP errors and CLI summaries. */
export type IngestFailureCode =
  | 'INVALID_URN'
  | 'UNKNOWN_ENTITY_TYPE'
  | 'ENTITY_TYPE_MISMATCH'
  | 'UNKNOWN_ASPECT'
  | 'INVALID_ASPECT'
  | 'INVALID_CHANGE_TYPE'
  | 'ASPECT_ALREADY_EXISTS'
  | 'ENTITY_ALREADY_EXISTS'
  | 'PRECONDITION_FAILED'
  | 'PATCH_FAILED'
  | 'INVALID_PROPOSAL'
  | 'RESERVED_KEY'
  | 'INVALID_TEXT'
  | 'JSON_TOO_DEEP';

export interface IngestOutcomeBase {
  /** Position of the proposal in the batch it came in. */
  index: number;
  urn: string;
  aspectName: string;
  /** As given, even when it is not a valid change type (the outcome then says so). */
  changeType: string;
}

export type IngestOutcome =
  | (IngestOutcomeBase & {
      status: 'applied';
      /** the history version the previous value moved to, if any */ previousVersion?: number;
    })
  | (IngestOutcomeBase & { status: 'unchanged' })
  | (IngestOutcomeBase & { status: 'failed'; code: IngestFailureCode; reason: string });

export interface IngestResult {
  outcomes: IngestOutcome[];
  applied: number;
  unchanged: number;
  failed: number;
}

export class ProposalError extends Error {
  constructor(
    readonly code: IngestFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProposalError';
  }
}
