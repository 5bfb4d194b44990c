/**
 * Which output shape is each family's own (xlam-formats.md §1 and §6), and the warning when the
 * tolerant parser read another one. The parser still returns the calls (models drift, the user
 * wants to see them); the warning says the prompt or the model is not producing its format.
 */
import type { OutputFamily } from '../formats/types';
import type { OutputShape, ParseWarning } from './types';

interface FamilyOutput {
  name: string;
  shape: OutputShape;
  /** How the family's output looks, as the warning quotes it. */
  looks: string;
  /** Whether a plain-text answer is the family's own (xLAM-2), or it answers `{"tool_calls": []}`. */
  plainText: boolean;
}

const OWN: Record<OutputFamily, FamilyOutput> = {
  'fc-v1': { name: 'fc v1', shape: 'tool-calls-object', looks: '{"tool_calls": [...]}', plainText: false },
  'general-v1': { name: 'general v1', shape: 'thought-object', looks: '{"thought": "...", "tool_calls": [...]}', plainText: false },
  xlam2: { name: 'xLAM-2', shape: 'array', looks: 'a JSON array of calls, or plain text', plainText: true },
};

const READ: Record<OutputShape, string> = {
  'tool-calls-object': `a {"tool_calls": ...} object without "thought" (fc v1's shape)`,
  'thought-object': `a {"thought", "tool_calls"} object (general v1's shape)`,
  array: `a JSON array of calls (xLAM-2's shape)`,
  'call-object': 'a single {"name", "arguments"} object',
  'separated-calls': `several call objects one after another, not in a list (BFCL's ";" fallback)`,
  'several-values': 'several separate call values',
};

/**
 * `shape`: what was read (undefined: no call value); `offset`: where it starts. A text without
 * call JSON that holds a broken call (`hasError`) gets no warning: the error says more.
 */
export function shapeWarning(family: OutputFamily, shape: OutputShape | undefined, offset: number, hasError: boolean): ParseWarning | undefined {
  const own = OWN[family];
  if (shape === own.shape) return undefined;
  if (shape === undefined) {
    if (own.plainText || hasError) return undefined;
    return { message: `${own.name} output is ${own.looks}, with an empty "tool_calls" list when no call is needed; this output has no call JSON`, offset };
  }
  return { message: `${own.name} output is ${own.looks}; read instead: ${READ[shape]}`, offset };
}
