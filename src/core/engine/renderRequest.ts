import { renderPrompt } from '../formats/render';
import type { RenderResult } from '../formats/types';
import { requestMessages, type GenerateRequest } from './types';

/** The exact prompt of a run: what the preview shows is what every engine evaluates or sends. */
export function renderRequest(request: GenerateRequest): RenderResult {
  return renderPrompt({ format: request.format, tools: request.tools, messages: requestMessages(request), ...(request.variant !== undefined ? { variant: request.variant } : {}) });
}
