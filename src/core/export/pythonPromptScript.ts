import type { RenderResult } from '../formats/types';
import { pythonData, pythonHeader } from './pythonData';
import { pythonPromptBuilder } from './pythonPrompt';
import type { ExportInput } from './types';

/** python-prompt: the v1 builder and the data; run as a script it prints the exact prompt and nothing else. */
export function pythonPromptScript(input: ExportInput, rendered: RenderResult): string {
  return (
    pythonHeader([
      `xLAM Tool Lab export: the ${rendered.format} (${rendered.variant}) prompt, standard-library Python.`,
      'build_prompt(tools, messages) writes it byte for byte as the preview shows it;',
      'run as a script, this prints it (UTF-8, no newline added), as `xlam-lab render` does.',
    ]) +
    `import json\nimport sys\n\n${pythonPromptBuilder(rendered.format, rendered.variant)}\n\n${pythonData(input.tools, input.messages)}` +
    `\n\nif __name__ == "__main__":\n` +
    `    # A lone surrogate (from a "\\ud800" escape), which UTF-8 cannot carry, is written as its 3 bytes.\n` +
    `    sys.stdout.buffer.write(build_prompt(TOOLS, MESSAGES).encode("utf-8", "surrogatepass"))\n`
  );
}
