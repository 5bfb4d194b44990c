import type { ErrorObject } from 'ajv';
import * as draft07 from './meta/draft07.generated';
import * as draft2020 from './meta/draft2020.generated';

export type Dialect = 'draft-07' | '2020-12';

/** A validator as ajv compiles it: the result, and the errors of the last failed call. */
export interface MetaValidator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * The meta-schema validators, compiled ahead of time by ajv's standalone code generation
 * (scripts/gen-meta-validators.mjs, with the lint's own ajv options): a cold lint compiles no
 * meta-schema, which at run time cost more than linting a 1,000-tool file.
 */
export const META_VALIDATORS: Record<Dialect, MetaValidator> = {
  'draft-07': draft07.validate as MetaValidator,
  '2020-12': draft2020.validate as MetaValidator,
};
