import type { RenderResult } from '../formats/types';
import { pyRepr, pyReprString } from '../formats/pyRepr';
import { pyNumber } from '../json/pyJsonDumps';
import type { JsonNumber } from '../json/jsonValue';
import { pyStringExpr } from './literals';
import { pythonData, pythonHeader } from './pythonData';
import { requestBody, samplingEntries, serveHint, writesBos } from './requestBody';
import { exportModeOf, type ExportInput } from './types';

/**
 * Python with the `openai` client against an OpenAI-compatible server (vLLM): the request our
 * remote engine sends. chat: MESSAGES and TOOLS (json.loads, so `1.0` and key order reach the
 * server's template as written); raw: PROMPT, our exact prompt, to /v1/completions.
 */
export function pythonOpenaiScript(input: ExportInput, rendered: RenderResult): string {
  const mode = exportModeOf(input);
  const { body } = requestBody(input, rendered);
  const sampling = samplingEntries(input)
    .map(([key, value]) => `        ${key}=${pyNumber(value as JsonNumber)},\n`)
    .join('');
  const header = pythonHeader([
    `xLAM Tool Lab export: ${rendered.format} (${rendered.variant}) with the openai client, ${mode === 'raw' ? 'our exact prompt to /v1/completions' : 'chat with tools'}.`,
    ...serveHint(input, rendered),
    'pip install openai; OPENAI_BASE_URL and OPENAI_API_KEY override the server and key.',
  ]);
  const setup = `${mode === 'chat' ? 'import json\n' : ''}import os\n\nBASE_URL = os.environ.get("OPENAI_BASE_URL", "http://localhost:8000/v1")\nMODEL = ${pyReprString(body.get('model') as string)}\n\n`;
  const client = '    from openai import OpenAI\n\n    client = OpenAI(base_url=BASE_URL, api_key=os.environ.get("OPENAI_API_KEY", "EMPTY"))\n';

  if (mode === 'raw') {
    const bos = writesBos(rendered) ? '        # The prompt writes its BOS as text: the server must not add another.\n        extra_body={"add_special_tokens": False},\n' : '';
    const stop = rendered.stop.length > 0 ? `        stop=${pyRepr([...rendered.stop])},\n` : '';
    return (
      header +
      setup +
      `# The exact prompt, byte for byte as the preview shows it.\nPROMPT = ${pyStringExpr(rendered.prompt)}\n\n\n` +
      `def main():\n${client}    response = client.completions.create(\n        model=MODEL,\n        prompt=PROMPT,\n${sampling}${stop}${bos}    )\n    print(response.choices[0].text)\n` +
      MAIN
    );
  }
  const tools = input.tools.length > 0 ? `        tools=[{"type": "function", "function": tool} for tool in TOOLS],\n        tool_choice=${pyReprString(body.get('tool_choice') as string)},\n` : '';
  return (
    header +
    setup +
    pythonData(input.tools, input.messages) +
    `\n\ndef main():\n${client}    response = client.chat.completions.create(\n        model=MODEL,\n        messages=MESSAGES,\n${tools}${sampling}    )\n` +
    '    message = response.choices[0].message\n' +
    '    if message.content:\n        print(message.content)\n' +
    '    for call in message.tool_calls or []:\n        print(json.dumps({"name": call.function.name, "arguments": json.loads(call.function.arguments)}))\n' +
    MAIN
  );
}

const MAIN = '\n\nif __name__ == "__main__":\n    main()\n';
