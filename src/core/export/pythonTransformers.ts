import type { RenderResult } from '../formats/types';
import { pyRepr, pyReprString } from '../formats/pyRepr';
import { pyStringExpr } from './literals';
import { pythonData, pythonHeader } from './pythonData';
import { pythonPromptBuilder } from './pythonPrompt';
import { modelIdOf } from './requestBody';
import { DEFAULT_EXPORT_MAX_TOKENS, type ExportInput } from './types';

/**
 * Python with transformers. v1 families reuse python-prompt's build_prompt: fc-v1's is the whole
 * prompt (tokenized as it is), general-v1's the one user message the model's template wraps.
 * xLAM-2 uses the official `apply_chat_template(messages, tools=…)` and says when the tokenizer's
 * template writes another prompt than ours. transformers is imported in main() only, so the
 * module's values can be read without it.
 */
export function pythonTransformersScript(input: ExportInput, rendered: RenderResult): string {
  const { format } = rendered;
  const header = pythonHeader([
    `xLAM Tool Lab export: ${format} (${rendered.variant}) with transformers.`,
    'pip install transformers torch',
  ]);
  const setup = `import json\n${format.startsWith('xlam2') ? 'import sys\n' : ''}\nMODEL_ID = ${pyReprString(modelIdOf(input))}\nMAX_NEW_TOKENS = ${input.maxTokens ?? DEFAULT_EXPORT_MAX_TOKENS}\n`;
  let body: string;
  let prompt: string;
  if (format === 'fc-v1') {
    body = `${pythonPromptBuilder(format, rendered.variant)}\n\n${pythonData(input.tools, input.messages)}`;
    prompt =
      '    # build_prompt writes the whole prompt, the content already in deepseek-coder\'s template (the\n' +
      '    # model card passes the content through tokenizer.apply_chat_template instead). The tokenizer\n' +
      '    # adds a BOS only when the prompt does not write one as text.\n' +
      '    prompt = build_prompt(TOOLS, MESSAGES)\n' +
      '    bos = tokenizer.bos_token\n' +
      '    inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=not (bos and prompt.startswith(bos)))\n';
  } else if (format === 'general-v1') {
    body = `${pythonPromptBuilder(format, rendered.variant)}\n\n${pythonData(input.tools, input.messages)}`;
    prompt =
      "    # build_prompt writes the one user message; the model's own chat template wraps it.\n" +
      '    messages = [{"role": "user", "content": build_prompt(TOOLS, MESSAGES)}]\n' +
      '    prompt = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)\n' +
      '    inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)\n';
  } else {
    body = `\n${pythonData(input.tools, input.messages)}\n# The prompt xLAM Tool Lab's ${format} (${rendered.variant}) renders, to compare with the tokenizer's.\nXLAM_TOOL_LAB_PROMPT = ${pyStringExpr(rendered.prompt)}\n`;
    prompt =
      '    # The official usage: the chat template writes the prompt from plain tools (none: tools=None).\n' +
      '    prompt = tokenizer.apply_chat_template(MESSAGES, tools=TOOLS or None, add_generation_prompt=True, tokenize=False)\n' +
      '    if prompt != XLAM_TOOL_LAB_PROMPT:\n' +
      `        print("note: the tokenizer's chat template writes another prompt than xLAM Tool Lab's ${format} (${rendered.variant})", file=sys.stderr)\n` +
      '    inputs = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)\n';
  }
  const temperature = input.temperature ?? 0;
  const sampling = temperature > 0 ? `do_sample=True, temperature=${String(temperature)}` : 'do_sample=False';
  const stop = rendered.stop.length > 0 ? `\n        stop_strings=${pyRepr([...rendered.stop])},\n        tokenizer=tokenizer,` : '';
  return (
    header +
    setup +
    body +
    '\n\ndef main():\n' +
    '    from transformers import AutoModelForCausalLM, AutoTokenizer\n\n' +
    '    tokenizer = AutoTokenizer.from_pretrained(MODEL_ID)\n' +
    '    model = AutoModelForCausalLM.from_pretrained(MODEL_ID, torch_dtype="auto")\n' +
    prompt +
    '    inputs = inputs.to(model.device)\n' +
    `    outputs = model.generate(\n        **inputs,\n        max_new_tokens=MAX_NEW_TOKENS,\n        ${sampling},${stop}\n    )\n` +
    '    print(tokenizer.decode(outputs[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True))\n' +
    '\n\nif __name__ == "__main__":\n    main()\n'
  );
}
