import { renderPrompt } from '../formats/render';
import type { RenderResult } from '../formats/types';
import { isV1Format } from './types';
import { curlScript } from './curl';
import { pythonOpenaiScript } from './pythonOpenai';
import { pythonPromptScript } from './pythonPromptScript';
import { pythonTransformersScript } from './pythonTransformers';
import { tsNodeLlamaCppScript } from './tsNodeLlamaCpp';
import { exportModeOf, exportProblem, type ExportInput, type ExportResult } from './types';

/**
 * Code that reproduces the current prompt outside xLAM Tool Lab, in one of EXPORT_LANGS. The
 * prompt is rendered once here; every generator embeds or rebuilds exactly that text. An input
 * the language cannot serve (exportProblem) is an Error: callers check exportProblem first.
 */
export function exportCode(input: ExportInput): ExportResult {
  const problem = exportProblem(input);
  if (problem !== undefined) throw new Error(problem);
  const rendered = renderPrompt({ format: input.format, tools: input.tools, messages: input.messages, ...(input.variant !== undefined ? { variant: input.variant } : {}) });
  return { code: generate(input, rendered), notes: exportNotes(input, rendered.variant), prompt: rendered.prompt, warnings: rendered.warnings };
}

function generate(input: ExportInput, rendered: RenderResult): string {
  switch (input.lang) {
    case 'python-prompt':
      return pythonPromptScript(input, rendered);
    case 'python-transformers':
      return pythonTransformersScript(input, rendered);
    case 'python-openai':
      return pythonOpenaiScript(input, rendered);
    case 'ts-node-llama-cpp':
      return tsNodeLlamaCppScript(input, rendered);
    case 'curl':
      return curlScript(input, rendered);
  }
}

/** What the exported code does differently from what the input asked. */
function exportNotes(input: ExportInput, variant: string): string[] {
  const notes: string[] = [];
  if (input.grammar === true && (input.lang === 'python-prompt' || input.lang === 'python-transformers')) {
    notes.push(`${input.lang} does not constrain the output: the grammar applies to ts-node-llama-cpp, and to python-openai and curl in chat mode (tool_choice "required")`);
  }
  if (input.lang === 'python-transformers' && !isV1Format(input.format)) {
    notes.push(`python-transformers uses the tokenizer's own chat template, not our ${variant} variant; the script says when the two prompts differ`);
  }
  if ((input.lang === 'python-openai' || input.lang === 'curl') && exportModeOf(input) === 'chat') {
    if (isV1Format(input.format)) notes.push(`chat mode: the server's chat template writes the prompt (vLLM has no ${input.format} template or tool parser); --mode raw sends our exact prompt`);
    else if (variant !== 'vllm') notes.push(`chat mode: the server's chat template writes the prompt, not our ${variant} variant; --mode raw sends our exact prompt`);
  }
  return notes;
}
