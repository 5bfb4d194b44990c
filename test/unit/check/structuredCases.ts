import { BOOK, f, GUESTS, OK, type CheckCase } from './fixtures';

const TABLE = { name: ['Ann Lee'], seats: [2] };
const book = (details: unknown, notes?: unknown) => [{ book_table: notes === undefined ? { details } : { details, notes } }];
const guests = (list: unknown) => [{ add_guests: { guests: list } }];
const GUEST_ANSWER = [{ add_guests: { guests: [[{ name: ['Ann'] }, { name: ['Bo'] }]] } }];

/** Dict parameters (dict_checker) and lists of dicts (list_dict_checker). */
export const STRUCTURED_CASES: CheckCase[] = [
  // dict_checker: "Ann Lee" standardises to "annlee" like the answer; 2 in [2].
  { name: 'dict matches', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book({ name: 'ann-lee', seats: 2 }), expect: [OK, OK] },
  // The value is checked against each possible dict in turn; the second one matches.
  { name: 'dict matches the second possible answer', category: 'simple', functions: [BOOK], expected: book([{ name: ['Bob'], seats: [4] }, TABLE]), output: book({ name: 'Ann Lee', seats: 2 }), expect: [OK, OK] },
  { name: 'dict with a key the answer lacks', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book({ name: 'Ann Lee', seats: 2, pet: 'dog' }), expect: ['value_error:dict_key', 'value_error:dict_key'] },
  { name: 'dict with a wrong value', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book({ name: 'Bob', seats: 2 }), expect: ['value_error:dict_value', 'value_error:dict_value'] },
  // The second loop of dict_checker: "seats" is missing and "" is not among its values.
  { name: 'dict missing a key', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book({ name: 'Ann Lee' }), expect: ['value_error:dict_key', 'value_error:dict_key'] },
  // The first loop breaks on name (dict_value), but the second loop still runs and finds seats
  // missing: the error type is overwritten with dict_key.
  { name: 'dict with a wrong value and a missing key', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book({ name: 'Bob' }), expect: ['value_error:dict_key', 'value_error:dict_key'] },
  { name: 'dict key marked optional', category: 'simple', functions: [BOOK], expected: book([{ name: ['Ann Lee'], seats: ['', 2] }]), output: book({ name: 'Ann Lee' }), expect: [OK, OK] },
  // Differential check: a missing key is allowed when `"" in accepted`; for a dict of accepted values
  // that is a key test, so {"": 1} lets seats be left out.
  { name: 'dict key whose accepted values are a dict with the key ""', category: 'simple', functions: [BOOK], expected: book([{ name: ['Ann Lee'], seats: { '': 1 } }]), output: book({ name: 'Ann Lee' }), expect: [OK, OK] },
  // Quirk: dict values that are not strings compare with plain ==: ["VIP"] != ["vip"]. The
  // default checker standardises strings at every depth.
  { name: 'strings in a list inside a dict', category: 'simple', functions: [BOOK], expected: book([{ ...TABLE, tags: [['vip']] }]), output: book({ name: 'Ann Lee', seats: 2, tags: ['VIP'] }), expect: ['value_error:dict_value', OK] },
  // Plain == inside dicts still makes 2 == 2.0.
  { name: 'int and float in a dict compare equal', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book({ name: 'Ann Lee', seats: f('2.0') }), expect: [OK, OK] },
  // notes' only answer is "": the type check passes (no answer type to compare), and dict_checker
  // skips every "" answer, returning its initial dict_checker:unclear.
  { name: 'dict given where the answer says leave it out', category: 'simple', functions: [BOOK], expected: book([TABLE], ['']), output: book({ name: 'Ann Lee', seats: 2 }, {}), expect: ['dict_checker:unclear', 'dict_checker:unclear'] },
  // A str is neither dict (the doc) nor the answers' type (dict).
  { name: 'string for a dict', category: 'simple', functions: [BOOK], expected: book([TABLE]), output: book('a table for two'), expect: ['type_error:simple', 'type_error:simple'] },
  { name: 'list of dicts matches', category: 'simple', functions: [GUESTS], expected: GUEST_ANSWER, output: guests([{ name: 'ann' }, { name: 'BO' }]), expect: [OK, OK] },
  // list_dict_checker compares lengths first.
  { name: 'list of dicts too short', category: 'simple', functions: [GUESTS], expected: GUEST_ANSWER, output: guests([{ name: 'Ann' }]), expect: ['value_error:list_dict_count', 'value_error:list_dict_count'] },
  { name: 'list of dicts with a wrong value', category: 'simple', functions: [GUESTS], expected: GUEST_ANSWER, output: guests([{ name: 'Ann' }, { name: 'Cy' }]), expect: ['value_error:dict_value', 'value_error:dict_value'] },
  // Differential check: len({}) is 0, so an empty dict among the answers matches an empty list of dicts.
  { name: 'empty list of dicts against an empty dict answer', category: 'simple', functions: [GUESTS], expected: [{ add_guests: { guests: [[{ name: ['Ann'] }], {}] } }], output: guests([]), expect: [OK, OK] },
  // Dicts are matched position by position in both checkers.
  { name: 'list of dicts in another order', category: 'simple', functions: [GUESTS], expected: GUEST_ANSWER, output: guests([{ name: 'Bo' }, { name: 'Ann' }]), expect: ['value_error:dict_value', 'value_error:dict_value'] },
  // "Ann" is not a dict, nor of the inner answers' type (dict); the value is a list like the
  // answers, so the nested failure is reported as type_error:nested.
  { name: 'list of strings for a list of dicts', category: 'simple', functions: [GUESTS], expected: GUEST_ANSWER, output: guests(['Ann', 'Bo']), expect: ['type_error:nested', 'type_error:nested'] },
];
