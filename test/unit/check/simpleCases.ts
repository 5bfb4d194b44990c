import { ALARM, AREA, f, LOG, MEAN, MOVE, OK, TAG, WEATHER, weatherAnswer, weatherCall, type CheckCase } from './fixtures';

const PARIS = [{ get_weather: { city: ['Paris'], unit: ['', 'celsius'] } }];

/** Simple category: one call, scalar parameters, arrays and tuples, output format. */
export const SIMPLE_CASES: CheckCase[] = [
  // Strings compare after standardize_string: "new-york" and "New York" both become "newyork".
  { name: 'standardised string matches', category: 'simple', functions: [WEATHER], expected: [weatherAnswer(['New York'])], output: [weatherCall('new-york')], expect: [OK, OK] },
  // "'" becomes '"' on both sides, so Joe's matches Joe"s.
  { name: 'quotes are standardised too', category: 'simple', functions: [WEATHER], expected: [weatherAnswer(['Joe"s Diner'])], output: [weatherCall("joe's diner")], expect: [OK, OK] },
  // Optional unit given as one of its values; the answer's "" allows leaving it out, not a wrong value.
  { name: 'optional parameter given with an accepted value', category: 'simple', functions: [WEATHER], expected: PARIS, output: [weatherCall('Paris', { unit: 'Celsius' })], expect: [OK, OK] },
  // ast_checker: len(model_output) != 1 → simple_function_checker:wrong_count.
  { name: 'no call', category: 'simple', functions: [WEATHER], expected: PARIS, output: [], expect: ['simple_function_checker:wrong_count', 'simple_function_checker:wrong_count'] },
  { name: 'two calls', category: 'simple', functions: [WEATHER], expected: PARIS, output: [weatherCall('Paris'), weatherCall('Paris')], expect: ['simple_function_checker:wrong_count', 'simple_function_checker:wrong_count'] },
  // func_description[0]["name"] is not a key of the model's call.
  { name: 'wrong function name', category: 'simple', functions: [WEATHER], expected: PARIS, output: [{ get_forecast: { city: 'Paris' } }], expect: ['simple_function_checker:wrong_func_name', 'simple_function_checker:wrong_func_name'] },
  // "city" is in required and not in the call: checked before any argument.
  { name: 'missing required parameter', category: 'simple', functions: [WEATHER], expected: PARIS, output: [{ get_weather: { unit: 'celsius' } }], expect: ['simple_function_checker:missing_required', 'simple_function_checker:missing_required'] },
  // "country" is in neither the doc nor the answer.
  { name: 'parameter the doc does not declare', category: 'simple', functions: [WEATHER], expected: PARIS, output: [weatherCall('Paris', { country: 'FR' })], expect: ['simple_function_checker:unexpected_param', 'simple_function_checker:unexpected_param'] },
  // Quirk: "days" is declared (default 3) but absent from the answer, so BFCL calls it unexpected;
  // stating the default is the same call, which the default checker accepts.
  { name: 'declared default stated, absent from the answer', category: 'simple', functions: [WEATHER], expected: PARIS, output: [weatherCall('Paris', { days: 3 })], expect: ['simple_function_checker:unexpected_param', OK] },
  // A value other than the default changes the call: unexpected in both.
  { name: 'declared parameter with a non-default value, absent from the answer', category: 'simple', functions: [WEATHER], expected: PARIS, output: [weatherCall('Paris', { days: 5 })], expect: ['simple_function_checker:unexpected_param', 'simple_function_checker:unexpected_param'] },
  // The final loop: "unit" is in the answer, not in the call, and "" is not among its values.
  { name: 'answer parameter left out without ""', category: 'simple', functions: [WEATHER], expected: [weatherAnswer(['Paris'], ['fahrenheit'])], output: [weatherCall('Paris')], expect: ['simple_function_checker:missing_optional', 'simple_function_checker:missing_optional'] },
  { name: 'wrong string value', category: 'simple', functions: [WEATHER], expected: PARIS, output: [weatherCall('Rome')], expect: ['value_error:string', 'value_error:string'] },
  // Arguments are checked in the model's order: "unit" (an int where a string is expected) comes
  // first, so its type error is reported, not the wrong city.
  { name: 'first argument in output order decides the error', category: 'simple', functions: [WEATHER], expected: PARIS, output: [{ get_weather: { unit: 5, city: 'Rome' } }], expect: ['type_error:simple', 'type_error:simple'] },
  // type(True) is bool, not int; the answers' type (int) is not bool either → type_error:simple.
  { name: 'boolean for an integer', category: 'simple', functions: [WEATHER], expected: [{ get_weather: { city: ['Paris'], days: [1] } }], output: [weatherCall('Paris', { days: true })], expect: ['type_error:simple', 'type_error:simple'] },
  // No float → int conversion: 3.0 is a float, the answers are ints.
  { name: 'float for an integer', category: 'simple', functions: [WEATHER], expected: [{ get_weather: { city: ['Paris'], days: [3] } }], output: [weatherCall('Paris', { days: f('3.0') })], expect: ['type_error:simple', 'type_error:simple'] },
  // Types match; value_checker falls through to `value not in possible_answer[param]`.
  { name: 'wrong integer', category: 'simple', functions: [WEATHER], expected: [{ get_weather: { city: ['Paris'], days: [3] } }], output: [weatherCall('Paris', { days: 4 })], expect: ['value_error:others', 'value_error:others'] },
  // The answer's type (str) differs from the doc's (int): "num_days" is a variable; a str value
  // passes the type check as one and is compared exactly, without standardisation.
  { name: 'variable name in place of a value', category: 'simple', functions: [WEATHER], expected: [{ get_weather: { city: ['Paris'], days: ['num_days'] } }], output: [weatherCall('Paris', { days: 'num_days' })], expect: [OK, OK] },
  { name: 'variable names compare exactly', category: 'simple', functions: [WEATHER], expected: [{ get_weather: { city: ['Paris'], days: ['num_days'] } }], output: [weatherCall('Paris', { days: 'Num_Days' })], expect: ['value_error:others', 'value_error:others'] },
  // int → float at the top level, then 10.0 in [10.0].
  { name: 'int accepted for a float at the top level', category: 'simple', functions: [AREA], expected: [{ triangle_area: { base: [f('10.0')], height: [f('5.0')] } }], output: [{ triangle_area: { base: 10, height: f('5.0') } }], expect: [OK, OK] },
  // Int answers for a float parameter make BFCL treat them as variables; 10.0 == 10 still holds.
  { name: 'int answers for a float parameter', category: 'simple', functions: [AREA], expected: [{ triangle_area: { base: [10], height: [5] } }], output: [{ triangle_area: { base: f('10.0'), height: 5 } }], expect: [OK, OK] },
  // Differential check against gorilla's checker: float(2**53 + 1) is 2**53, and Python compares it
  // with the int answer 2**53 + 1 exactly (not as doubles), so the model's exact answer fails.
  { name: 'int beyond 2**53 for a float, int answer', category: 'simple', functions: [AREA], expected: [{ triangle_area: { base: [f('9007199254740993')], height: [f('5.0')] } }], output: [{ triangle_area: { base: f('9007199254740993'), height: f('5.0') } }], expect: ['value_error:others', 'value_error:others'] },
  { name: 'string for a float', category: 'simple', functions: [AREA], expected: [{ triangle_area: { base: [f('10.0')], height: [f('5.0')] } }], output: [{ triangle_area: { base: '10', height: f('5.0') } }], expect: ['type_error:simple', 'type_error:simple'] },
  { name: 'wrong boolean', category: 'simple', functions: [ALARM], expected: [{ set_alarm: { enabled: [true] } }], output: [{ set_alarm: { enabled: false } }], expect: ['value_error:others', 'value_error:others'] },
  { name: 'string for a boolean', category: 'simple', functions: [ALARM], expected: [{ set_alarm: { enabled: [true] } }], output: [{ set_alarm: { enabled: 'true' } }], expect: ['type_error:simple', 'type_error:simple'] },
  // Quirk: the nested check has no int → float promotion: 1 is int, the inner answers are floats.
  // The value is a list like the answers, so BFCL reports type_error:nested. Default: 1 == 1.0.
  { name: 'ints in a list of floats', category: 'simple', functions: [MEAN], expected: [{ mean: { numbers: [[f('1.0'), f('2.0')]] } }], output: [{ mean: { numbers: [1, 2] } }], expect: ['type_error:nested', OK] },
  // "2" is neither float nor the inner answers' type: nested failure in both.
  { name: 'a string in a list of floats', category: 'simple', functions: [MEAN], expected: [{ mean: { numbers: [[f('1.5'), f('2.0')]] } }], output: [{ mean: { numbers: [f('1.5'), '2'] } }], expect: ['type_error:nested', 'type_error:nested'] },
  // The nested check passes at the first answer that is not a list (here ""); list_checker then
  // reads "" as [] and ["a"] matches neither [] nor [1.0].
  { name: 'optional list: "" first skips the item types', category: 'simple', functions: [MEAN], expected: [{ mean: { numbers: ['', [f('1.0')]] } }], output: [{ mean: { numbers: ['a'] } }], expect: ['value_error:list/tuple', 'value_error:list/tuple'] },
  // Differential check: list_checker reads each answer as range(len(a)), so an empty dict answer is
  // an empty list and [] matches it (the nested type check passes at the first non-list answer).
  { name: 'optional list: an empty dict answer reads as []', category: 'simple', functions: [MEAN], expected: [{ mean: { numbers: [[f('1.0')], {}] } }], output: [{ mean: { numbers: [] } }], expect: [OK, OK] },
  { name: 'wrong list', category: 'simple', functions: [MEAN], expected: [{ mean: { numbers: [[f('1.0'), f('2.0')]] } }], output: [{ mean: { numbers: [f('1.0'), f('3.0')] } }], expect: ['value_error:list/tuple', 'value_error:list/tuple'] },
  // Lists compare in order in both checkers.
  { name: 'list in another order', category: 'simple', functions: [MEAN], expected: [{ mean: { numbers: [[f('1.0'), f('2.0')]] } }], output: [{ mean: { numbers: [f('2.0'), f('1.0')] } }], expect: ['value_error:list/tuple', 'value_error:list/tuple'] },
  // list_checker standardises string items: "Dark Blue" and "dark-blue" are both "darkblue".
  { name: 'list of strings standardised', category: 'simple', functions: [TAG], expected: [{ tag: { tags: [['red', 'dark-blue']] } }], output: [{ tag: { tags: ['Red', 'Dark Blue'] } }], expect: [OK, OK] },
  // Quirk: only top-level items are standardised; ["A", "B"] inside the list is compared with ==.
  { name: 'strings in a nested list', category: 'simple', functions: [TAG], expected: [{ tag: { tags: [['x']], grid: [[['a', 'b']]] } }], output: [{ tag: { tags: ['x'], grid: [['A', 'B']] } }], expect: ['value_error:list/tuple', OK] },
  { name: 'tuple as a list', category: 'simple', functions: [MOVE], expected: [{ move_to: { point: [[1, 2]] } }], output: [{ move_to: { point: [1, 2] } }], expect: [OK, OK] },
  { name: 'wrong tuple', category: 'simple', functions: [MOVE], expected: [{ move_to: { point: [[1, 2]] } }], output: [{ move_to: { point: [2, 1] } }], expect: ['value_error:list/tuple', 'value_error:list/tuple'] },
  // "any" maps to str: a string is standardised like any string.
  { name: 'any: a string', category: 'simple', functions: [LOG], expected: [{ log_value: { value: ['hello world'] } }], output: [{ log_value: { value: 'Hello World' } }], expect: [OK, OK] },
  // Quirk: "any" is str for BFCL; 42 is not, nor is the first answer's type (str) → type error,
  // though 42 is among the answers. The default checker takes any type for "any".
  { name: 'any: a number among mixed answers', category: 'simple', functions: [LOG], expected: [{ log_value: { value: ['forty-two', 42] } }], output: [{ log_value: { value: 42 } }], expect: ['type_error:simple', OK] },
  // The eval runner's is_function_calling_format_output: items must be {name: {args}} with one key.
  { name: 'OpenAI-style call objects', category: 'simple', functions: [WEATHER], expected: PARIS, output: [{ name: 'get_weather', arguments: { city: 'Paris' } }], expect: ['ast_decoder:decoder_wrong_output_format', 'ast_decoder:decoder_wrong_output_format'] },
  { name: 'a call not in a list', category: 'simple', functions: [WEATHER], expected: PARIS, output: weatherCall('Paris'), expect: ['ast_decoder:decoder_wrong_output_format', 'ast_decoder:decoder_wrong_output_format'] },
];
