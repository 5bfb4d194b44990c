import type { CheckCase } from './fixtures';
import { MULTI_CASES } from './multiCases';
import { SIMPLE_CASES } from './simpleCases';
import { STRUCTURED_CASES } from './structuredCases';

export const ALL_CASES: CheckCase[] = [...SIMPLE_CASES, ...STRUCTURED_CASES, ...MULTI_CASES];

/**
 * Every error type gorilla's checker can return for these categories (Python). Not reachable,
 * so not listed: list_dict_checker:unclear (empty answers fail the type check first),
 * simple_function_checker:unclear (only ever on a valid result), type_error:java/js.
 */
export const BFCL_ERROR_TYPES = [
  'simple_function_checker:wrong_count',
  'simple_function_checker:wrong_func_name',
  'simple_function_checker:missing_required',
  'simple_function_checker:unexpected_param',
  'simple_function_checker:missing_optional',
  'type_error:simple',
  'type_error:nested',
  'value_error:string',
  'value_error:list/tuple',
  'value_error:dict_key',
  'value_error:dict_value',
  'value_error:list_dict_count',
  'value_error:others',
  'dict_checker:unclear',
  'parallel_function_checker_enforce_order:wrong_count',
  'parallel_function_checker_no_order:wrong_count',
  'parallel_function_checker_no_order:cannot_find_match',
  'multiple_function_checker:wrong_count',
  'irrelevance_error:decoder_success',
  'ast_decoder:decoder_wrong_output_format',
];
