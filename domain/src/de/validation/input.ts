import { z } from 'zod';
import { InvalidInputError } from '../../shared/errors.js';

/** A proposed data point to check against history without storing anything (dry run). */
const count = z.number().int().nonnegative();
export const observationsSchema = z
  .object({
    timestampMillis: z.number().int().nonnegative().optional(),
    rowCount: count.optional(),
    sizeInBytes: count.optional(),
    fields: z
      .array(
        z
          .object({
            fieldPath: z.string().min(1),
            nullProportion: z.number().min(0).max(1).optional(),
            uniqueCount: count.optional(),
            min: z.number().optional(),
            max: z.number().optional(),
            mean: z.number().optional(),
          })
          .strict(),
      )
      .max(2000)
      .optional(),
  })
  .strict();

export type Observations = z.infer<typeof observationsSchema>;

export const validateRequestSchema = z
  .object({
    urn: z.string().min(1),
    asOf: z.number().int().nonnegative().nullish(),
    dryRun: z.boolean().nullish(),
    observations: observationsSchema.nullish(),
  })
  .strict();

export type ValidateRequest = z.infer<typeof validateRequestSchema>;

/** Parses a request or refuses it with INVALID_OBSERVATIONS / INVALID_AS_OF and where it went wrong. */
export function parseValidateRequest(input: unknown): ValidateRequest {
  const parsed = validateRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.join('.');
  const code = where.startsWith('observations')
    ? 'INVALID_OBSERVATIONS'
    : where === 'asOf'
      ? 'INVALID_AS_OF'
      : 'BAD_USER_INPUT';
  throw new InvalidInputError(code, `${where || 'request'}: ${issue.message}`);
}

export const historyQuerySchema = z.object({
  urn: z.string().min(1),
  limit: z.number().int().min(1).max(100).default(20),
  offset: z.number().int().min(0).default(0),
});
