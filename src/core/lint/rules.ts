import type { Severity } from './diagnostic';

export interface RuleInfo {
  severity: Severity;
  /** One line for hovers and `--help`. */
  doc: string;
  /** Which files the rule applies to. */
  scope: 'any' | 'tools' | 'calls' | 'suite';
}

/**
 * Every lint rule: a stable code (never renamed once shipped), its severity and a one-line doc.
 * Rules report only codes from this table, so the severity shown is always the one documented.
 */
export const RULES = {
  // Any file
  'file-empty': { severity: 'error', scope: 'any', doc: 'The file is empty; a tools file is a JSON array, a calls file one entry per line (or an array).' },
  'file-encoding': { severity: 'warning', scope: 'any', doc: 'The text contains U+FFFD: the file was probably not UTF-8, and Python would read different bytes.' },
  'json-syntax': { severity: 'error', scope: 'any', doc: 'Invalid JSON (comments and trailing commas are errors too: Python json.load rejects them).' },
  'json-too-deep': { severity: 'error', scope: 'any', doc: "JSON nested deeper than Python's json.loads can read (RecursionError); the file is not checked further." },
  'json-duplicate-key': { severity: 'warning', scope: 'any', doc: 'A key is repeated in one object; Python keeps the last value, so the first is silently ignored.' },
  'lint-gave-up': { severity: 'warning', scope: 'any', doc: 'The linter stopped early (time budget, file size or diagnostic count); the rest of the file was not checked.' },
  'internal-error': { severity: 'warning', scope: 'any', doc: 'A lint rule failed on this input (a bug in the linter, please report it); other rules still ran.' },
  // Tools files
  'tools-not-array': { severity: 'error', scope: 'tools', doc: 'A tools file must be a JSON array of tools.' },
  'tool-not-object': { severity: 'error', scope: 'tools', doc: 'Each tool must be an object (plain, OpenAI-wrapped {"type":"function","function":…}, or xlam-60k flat).' },
  'tool-shape': { severity: 'error', scope: 'tools', doc: 'A tool field has the wrong type (name/description must be strings, parameters an object, function an object).' },
  'tool-key-typo': { severity: 'warning', scope: 'tools', doc: 'A tool key looks like a misspelt name, description, parameters or function; it is ignored as written.' },
  'tool-key-unknown': { severity: 'info', scope: 'tools', doc: 'A tool key other than name, description and parameters: no checker reads it; fc v1 and general v1 drop it, xLAM-2 shows it to the model as written.' },
  'tool-name-missing': { severity: 'error', scope: 'tools', doc: 'The tool has no "name"; it cannot be called.' },
  'tool-name-invalid': { severity: 'error', scope: 'tools', doc: 'Tool names must match ^[a-zA-Z0-9_-]{1,64}$ (OpenAI-compatible servers reject others).' },
  'tool-name-duplicate': { severity: 'error', scope: 'tools', doc: 'Two tools share a name; a call cannot tell them apart.' },
  'tool-description-missing': { severity: 'warning', scope: 'tools', doc: 'The tool has no description; the model chooses tools by their descriptions.' },
  'tool-description-short': { severity: 'info', scope: 'tools', doc: 'The tool description is under 20 characters; say what the tool does and when to use it.' },
  'param-description-missing': { severity: 'warning', scope: 'tools', doc: 'A parameter has no description; the model fills arguments from descriptions.' },
  'param-description-short': { severity: 'info', scope: 'tools', doc: 'A parameter description is under 8 characters; give its meaning, unit or format.' },
  'param-type-missing': { severity: 'warning', scope: 'tools', doc: 'A parameter has no type (nor enum, const, $ref or a combinator): any value is accepted.' },
  'parameters-not-object': { severity: 'warning', scope: 'tools', doc: 'The root of "parameters" should be {"type": "object", "properties": …}: arguments are an object.' },
  'schema-invalid': { severity: 'error', scope: 'tools', doc: 'The parameters are not a valid JSON Schema (ajv meta-validation, draft-07 or 2020-12 by $schema).' },
  'schema-dialect': { severity: 'warning', scope: 'tools', doc: 'Only draft-07 (the default) and 2020-12 $schema are checked; others are checked as draft-07.' },
  'schema-compile': { severity: 'error', scope: 'tools', doc: 'ajv could not compile the parameters schema, so no argument can be validated against it. The tools lint compiles a schema only when it uses $id, anchors, or $refs ajv could resolve differently from the lint (percent-encoding, a target not valid as a schema on its own); a meta-valid schema otherwise compiles, and is compiled when a calls file first needs its validator.' },
  'schema-too-deep': { severity: 'warning', scope: 'tools', doc: 'The schema nests deeper than the linter follows (64 levels); deeper parts are not checked.' },
  'type-nonstandard': { severity: 'warning', scope: 'tools', doc: 'A BFCL/Python type name (dict, float, str, …) where JSON Schema expects object, number, string, …' },
  'python-type-unknown': { severity: 'warning', scope: 'tools', doc: 'An xlam-60k Python type that is not understood (str, int, float, bool, List[…], Dict[…], Optional[…], "…, optional"); any value is accepted.' },
  'required-unknown': { severity: 'error', scope: 'tools', doc: '"required" names a property that "properties" does not declare.' },
  'required-absent': { severity: 'info', scope: 'tools', doc: 'No parameter is required, so a call with no arguments is valid; list the ones the tool needs in "required".' },
  'required-unlisted': { severity: 'info', scope: 'tools', doc: 'A parameter\'s description says it is required, but "required" does not list it: calls may leave it out.' },
  'enum-type-mismatch': { severity: 'error', scope: 'tools', doc: 'An enum value does not have the declared type (BFCL rules: an int is a number, a float is not an integer, a bool is not a number).' },
  'default-mismatch': { severity: 'warning', scope: 'tools', doc: 'The default does not have the declared type, or is not one of the enum values.' },
  'pattern-invalid': { severity: 'error', scope: 'tools', doc: 'A "pattern" (or patternProperties key) is not a valid regular expression (JavaScript, unicode mode, as ajv compiles it).' },
  'pattern-unsafe': { severity: 'warning', scope: 'tools', doc: 'A "pattern" that can take exponential time on some strings (nested quantifiers such as (a+)+, or alternatives that start alike under a repeat); arguments are not checked against it.' },
  'format-unknown': { severity: 'warning', scope: 'tools', doc: 'A "format" that validators do not know (ajv-formats list); it is not checked.' },
  'ref-unresolved': { severity: 'error', scope: 'tools', doc: 'A $ref that does not resolve inside the parameters schema (only local "#/…" references are followed).' },
  'ref-recursive': { severity: 'info', scope: 'tools', doc: 'A recursive $ref: the grammar mode handles it; the fc v1 prompt shows the model the raw "$ref" text.' },
  'grammar-unenforced': { severity: 'info', scope: 'tools', doc: 'A keyword the grammar mode cannot enforce; constrained output may still violate it.' },
  'fc-v1-loss': { severity: 'info', scope: 'tools', doc: 'Something the fc v1 tool conversion drops (required, extra keys, nested $ref): the model never sees it.' },
  // Calls files
  'calls-entry-invalid': { severity: 'error', scope: 'calls', doc: 'A calls entry must be an object with "tools", "format", and "output" (text) or "calls" (a list).' },
  'calls-tools-unresolved': { severity: 'error', scope: 'calls', doc: 'The tools file named by the entry could not be read (paths are relative to the calls file).' },
  'calls-tools-invalid': { severity: 'error', scope: 'calls', doc: 'The tools of the entry are not a readable tools list; lint the tools file first.' },
  'output-parse-error': { severity: 'error', scope: 'calls', doc: "The format's parser rejected the output; the position is where parsing failed." },
  'output-no-calls': { severity: 'info', scope: 'calls', doc: 'The output parses to no calls: it is a plain-text answer.' },
  'call-unknown-function': { severity: 'error', scope: 'calls', doc: 'A call names a function that is not in the tools.' },
  'call-arguments-not-object': { severity: 'error', scope: 'calls', doc: 'A call\'s "arguments" is not a JSON object.' },
  'call-missing-arg': { severity: 'error', scope: 'calls', doc: 'A required argument is missing from a call.' },
  'call-unexpected-arg': { severity: 'error', scope: 'calls', doc: 'An argument the tool does not declare (BFCL fails any parameter not in "properties").' },
  'call-arg-type': { severity: 'error', scope: 'calls', doc: 'An argument has the wrong type by BFCL rules: an int is accepted for a number, not the reverse; a bool is never a number.' },
  'call-arg-enum': { severity: 'error', scope: 'calls', doc: 'An argument is not one of the enum values.' },
  'call-arg-constraint': { severity: 'error', scope: 'calls', doc: 'An argument breaks a schema constraint (minimum, maxLength, pattern, format, …) as ajv checks it.' },
  'call-args-unchecked': { severity: 'warning', scope: 'calls', doc: 'Part of a call was not checked: the tool\'s schema does not compile, validation failed, or a pattern was not run (unsafe, or the string too long for it).' },
  'calls-differ-expected': { severity: 'error', scope: 'calls', doc: 'The calls differ from "expected" (compared order-free unless "ordered": true; numbers by value).' },
  // Test suites (*.fctest.json); their expected calls are checked with the calls rules
  'suite-invalid': { severity: 'error', scope: 'suite', doc: 'The test suite cannot be run as written (the first problem xlam-lab test would stop at: a missing "expect", an unknown key, a duplicate id, …).' },
} as const satisfies Record<string, RuleInfo>;

export type RuleCode = keyof typeof RULES;

export const RULE_CODES = Object.keys(RULES) as RuleCode[];
