import { OK, TIME, WEATHER, weatherAnswer, weatherCall, type CheckCase } from './fixtures';

const BOSTON_PARIS = [weatherAnswer(['Boston']), weatherAnswer(['Paris'])];
const timeAnswer = (zones: string[]) => ({ get_time: { timezone: zones } });
const timeCall = (timezone: string) => ({ get_time: { timezone } });

/** Multiple, parallel, parallel_multiple and irrelevance: dispatch, counts and matching. */
export const MULTI_CASES: CheckCase[] = [
  // multiple_function_checker: the answer's function doc is found by name among several.
  { name: 'multiple: the right function of two', category: 'multiple', functions: [WEATHER, TIME], expected: [timeAnswer(['Europe/Paris'])], output: [timeCall('europe/paris')], expect: [OK, OK] },
  { name: 'multiple: two calls', category: 'multiple', functions: [WEATHER, TIME], expected: [timeAnswer(['UTC'])], output: [timeCall('UTC'), timeCall('UTC')], expect: ['multiple_function_checker:wrong_count', 'multiple_function_checker:wrong_count'] },
  { name: 'multiple: no call', category: 'multiple', functions: [WEATHER, TIME], expected: [timeAnswer(['UTC'])], output: [], expect: ['multiple_function_checker:wrong_count', 'multiple_function_checker:wrong_count'] },
  // The call is checked against get_time's doc, whose name is not in the call.
  { name: 'multiple: the other function', category: 'multiple', functions: [WEATHER, TIME], expected: [timeAnswer(['UTC'])], output: [weatherCall('Paris')], expect: ['simple_function_checker:wrong_func_name', 'simple_function_checker:wrong_func_name'] },
  { name: 'multiple: a wrong value', category: 'multiple', functions: [WEATHER, TIME], expected: [timeAnswer(['UTC'])], output: [timeCall('Asia/Tokyo')], expect: ['value_error:string', 'value_error:string'] },
  // no_order: Boston finds output 1, then Paris finds output 0.
  { name: 'parallel: calls in another order', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Paris'), weatherCall('boston')], expect: [OK, OK] },
  { name: 'parallel: one call of two', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Boston')], expect: ['parallel_function_checker_no_order:wrong_count', 'parallel_function_checker_no_order:wrong_count'] },
  // Paris (answer 1) matches no call left: the sub-error (value_error:string) is not the type.
  { name: 'parallel: one wrong call', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Boston'), weatherCall('Rome')], expect: ['parallel_function_checker_no_order:cannot_find_match', 'parallel_function_checker_no_order:cannot_find_match'] },
  // Quirk: answer 0 accepts Boston or Paris and greedily takes output 0 (Boston); answer 1 needs
  // Boston and only Paris is left. The default checker's matching gives answer 0 the Paris call.
  {
    name: 'parallel: greedy matching takes the call a later answer needed',
    category: 'parallel',
    functions: [WEATHER],
    expected: [weatherAnswer(['Boston', 'Paris']), weatherAnswer(['Boston'])],
    output: [weatherCall('Boston'), weatherCall('Paris')],
    expect: ['parallel_function_checker_no_order:cannot_find_match', OK],
  },
  // The same answers with the calls the other way round: greedy finds it too.
  { name: 'parallel: greedy matching in a lucky order', category: 'parallel', functions: [WEATHER], expected: [weatherAnswer(['Boston', 'Paris']), weatherAnswer(['Boston'])], output: [weatherCall('Paris'), weatherCall('Boston')], expect: [OK, OK] },
  // Both calls match answer 0; answer 1 matches neither: no checker can accept it.
  { name: 'parallel: the same call twice', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Boston'), weatherCall('Boston')], expect: ['parallel_function_checker_no_order:cannot_find_match', 'parallel_function_checker_no_order:cannot_find_match'] },
  // enforce_order: call i against answer i, and the sub-checker's error is returned as it is.
  { name: 'parallel, enforced order: in order', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Boston'), weatherCall('Paris')], enforceOrder: true, expect: [OK, OK] },
  { name: 'parallel, enforced order: another order', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Paris'), weatherCall('Boston')], enforceOrder: true, expect: ['value_error:string', 'value_error:string'] },
  { name: 'parallel, enforced order: one call of two', category: 'parallel', functions: [WEATHER], expected: BOSTON_PARIS, output: [weatherCall('Paris')], enforceOrder: true, expect: ['parallel_function_checker_enforce_order:wrong_count', 'parallel_function_checker_enforce_order:wrong_count'] },
  { name: 'parallel_multiple: two functions in another order', category: 'parallel_multiple', functions: [WEATHER, TIME], expected: [weatherAnswer(['Boston']), timeAnswer(['UTC'])], output: [timeCall('utc'), weatherCall('Boston')], expect: [OK, OK] },
  { name: 'parallel_multiple: three calls for two', category: 'parallel_multiple', functions: [WEATHER, TIME], expected: [weatherAnswer(['Boston']), timeAnswer(['UTC'])], output: [timeCall('UTC'), weatherCall('Boston'), weatherCall('Boston')], expect: ['parallel_function_checker_no_order:wrong_count', 'parallel_function_checker_no_order:wrong_count'] },
  // get_time's answer finds only get_weather calls left: wrong_func_name each, so no match.
  { name: 'parallel_multiple: one function instead of the other', category: 'parallel_multiple', functions: [WEATHER, TIME], expected: [weatherAnswer(['Boston']), timeAnswer(['UTC'])], output: [weatherCall('Boston'), weatherCall('Paris')], expect: ['parallel_function_checker_no_order:cannot_find_match', 'parallel_function_checker_no_order:cannot_find_match'] },
  // Quirk: answer 0 leaves unit optional and so takes the fahrenheit call; answer 1 needs that
  // call (unit is not optional there) and finds only the one without a unit: missing_optional.
  {
    name: 'parallel_multiple: greedy matching and an optional parameter',
    category: 'parallel_multiple',
    functions: [WEATHER, TIME],
    expected: [timeAnswer(['UTC']), weatherAnswer(['Boston'], ['', 'celsius', 'fahrenheit']), weatherAnswer(['Boston'], ['fahrenheit'])],
    output: [weatherCall('Boston', { unit: 'fahrenheit' }), timeCall('UTC'), weatherCall('Boston')],
    expect: ['parallel_function_checker_no_order:cannot_find_match', OK],
  },
  // relevance_file_runner: is_empty_output([]) → no call, right for irrelevance.
  { name: 'irrelevance: no call', category: 'irrelevance', functions: [WEATHER], output: [], expect: [OK, OK] },
  { name: 'irrelevance: a call', category: 'irrelevance', functions: [WEATHER], output: [weatherCall('Paris')], expect: ['irrelevance_error:decoder_success', 'irrelevance_error:decoder_success'] },
  { name: 'irrelevance: two calls', category: 'irrelevance', functions: [WEATHER], expected: [], output: [weatherCall('Paris'), timeCall('UTC')], expect: ['irrelevance_error:decoder_success', 'irrelevance_error:decoder_success'] },
  // [{}] is not in function-calling format (one key per call), hence "empty".
  { name: 'irrelevance: [{}]', category: 'irrelevance', functions: [WEATHER], output: [{}], expect: [OK, OK] },
  // Anything not in BFCL's call format counts as no call.
  { name: 'irrelevance: a call in another format', category: 'irrelevance', functions: [WEATHER], output: [{ name: 'get_weather', arguments: { city: 'Paris' } }], expect: [OK, OK] },
];
