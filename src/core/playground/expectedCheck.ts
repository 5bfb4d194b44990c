import type { CheckerMode } from '../check/types';
import { functionDoc } from '../suite/functionDocs';
import { checkCategoryOf } from '../suite/readExpectation';
import { scoreCase, type CaseOutput } from '../suite/scoreCase';
import type { Expectation } from '../suite/types';
import type { Tool } from '../tools/tool';
import type { PlaygroundDocument } from './types';

/** A run's calls against the document's expected answer: the checker's verdict and the mode it ran in. */
export interface ExpectedCheck {
  pass: boolean;
  /** BFCL's error type (e.g. `value_error:string`); null on a pass. */
  errorType: string | null;
  message: string;
  mode: CheckerMode;
}

/** The expected answer and the checker mode of a document, or undefined when it has none. */
export interface ExpectedAnswer {
  expect: Expectation;
  mode: CheckerMode;
}

/** The mode is the suite's (kept in `source.checker`), else `default`, as `xlam-lab test` resolves it without an override. */
export function expectedAnswerOf(doc: PlaygroundDocument): ExpectedAnswer | undefined {
  return doc.expected !== undefined ? { expect: doc.expected, mode: doc.source?.checker ?? 'default' } : undefined;
}

/**
 * Scores a run's output as `xlam-lab test` scores a case (scoreCase.ts): the category from the
 * expectation and the number of tools, the functions from the tools the run was given.
 */
export function checkExpected(expected: ExpectedAnswer, tools: readonly Tool[], output: CaseOutput): ExpectedCheck {
  const verdict = scoreCase({ expect: expected.expect, checkCategory: checkCategoryOf(expected.expect, tools.length), functions: tools.map(functionDoc) }, output, expected.mode);
  return { pass: verdict.valid, errorType: verdict.errorType, message: verdict.message, mode: expected.mode };
}
