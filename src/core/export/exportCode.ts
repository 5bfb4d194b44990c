import { renderPrompt } from '../formats/render';
import { pythonPromptScript } from './pythonPromptScript';
import { exportProblem, type ExportInput, type ExportResult } from './types';

/**
 * Code that reproduces the current prompt outside xLAM Tool Lab, in one of EXPORT_LANGS. The
 * prompt is rendered once here; every generator embeds or rebuilds exactly that text. An input
 * the language cannot serve (exportProblem) is an Error; callers check exportProblem first.
 */
export function exportCode(input: ExportInput): ExportResult {
  const problem = exportProblem(input);
  if (problem !== undefined) throw new Error(problem);
  const rendered = renderPrompt({ format: input.format, tools: input.tools, messages: input.messages, ...(input.variant !== undefined ? { variant: input.variant } : {}) });
  const notes: string[] = [];
  switch (input.lang) {
    case 'python-prompt':
      return { code: pythonPromptScript(input, rendered), notes };
    default:
      throw new Error(`not yet: ${input.lang}`);
  }
}
