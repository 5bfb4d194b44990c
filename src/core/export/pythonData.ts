import type { ChatMessage } from '../messages';
import type { Tool } from '../tools/tool';
import { pyJsonLoads } from './literals';

/**
 * TOOLS and MESSAGES as Python values: the plain tools (an OpenAI wrapper removed, as every xLAM
 * source expects) and the messages exactly as written.
 */
export function pythonData(tools: readonly Tool[], messages: readonly ChatMessage[]): string {
  return `TOOLS = ${pyJsonLoads(tools.map((tool) => tool.plain))}\n\nMESSAGES = ${pyJsonLoads(messages.map((message) => message.raw))}\n`;
}

/** The first lines of every exported Python file. */
export function pythonHeader(lines: readonly string[]): string {
  return lines.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n') + '\n';
}
