import { requestMessages } from '../../src/core/engine/types';
import { outputFamily } from '../../src/core/formats/types';
import { renderPrompt } from '../../src/core/formats/render';
import { buildToolsGrammar } from '../../src/core/grammar/toolsGrammar';
import { ScriptedEngine, type ScriptedEngineOptions } from './scriptedEngine';

/**
 * A ScriptedEngine that does the model-free part of a local run on every request: renders the
 * prompt and, with the grammar, compiles it, as LocalEngine does before it evaluates anything.
 * Server tests over it reach every recursive walk a real engine would, without a model.
 */
export function renderingEngine(options: ScriptedEngineOptions = {}): ScriptedEngine {
  return new ScriptedEngine({
    chunkDelayMs: 0,
    ...options,
    reply: (request) => {
      renderPrompt({ format: request.format, tools: request.tools, messages: requestMessages(request), ...(request.variant !== undefined ? { variant: request.variant } : {}) });
      if (request.grammar === 'tools') buildToolsGrammar(request.tools, outputFamily(request.format), { budgetChars: 1024 });
      return options.reply?.(request) ?? '[{"name": "f", "arguments": {}}]';
    },
  });
}
