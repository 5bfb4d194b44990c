import { EngineError, type Engine, type GenerateRequest, type GenerateResult, type SamplingOptions } from '../../core/engine/types';
import { JsonNumber, JsonObject, type JsonValue } from '../../core/json/jsonValue';
import { compactJson } from '../../core/json/pyJsonDumps';
import { partialTextOf } from '../../engines/remote/faults';
import { RemoteEngine } from '../../engines/remote/remoteEngine';
import { apiKeyFromEnv } from '../../engines/remote/remoteOptions';
import { loadLocalEngine } from '../../server/loadLocalEngine';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from '../args';
import { conversationSpec, formatOptions, readConversation } from '../conversation';
import type { CliIo } from '../io';
import type { ToolsGrammarOptions } from '../../core/grammar/toolsGrammar';

export const RUN_HELP = `Usage: xlam-lab run --model PATH|http(s)://HOST/v1 --format FORMAT [--variant NAME]
                    --tools FILE (--query TEXT | --messages FILE)
                    [--grammar] [--json] [--raw] [--model-id ID]
                    [--temperature T] [--max-tokens N] [--seed S]
                    [--max-string-chars N] [--max-calls N]

Runs one generation. Prints the output as it arrives, then the parsed calls,
one JSON object per line; timings go to stderr. With --json, prints one object
{"text","calls","content","timings"} instead.

  --model        a GGUF file (local engine), or the base URL of an
                 OpenAI-compatible endpoint: vLLM, llama.cpp server, Ollama,
                 "xlam-lab serve" (e.g. http://127.0.0.1:8000/v1)
  --format       fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --variant      see "xlam-lab render --help"
  --grammar      constrain output to valid calls of these tools (local: a
                 grammar; remote chat: tool_choice "required")
  --max-string-chars, --max-calls
                 grammar bounds (default 1000 and 16): a weak or random model
                 fills every string to the bound, so small test models want
                 small bounds
  --raw          remote: send our exact prompt to /v1/completions with the
                 format's stop strings and parse the text with our parser
                 (default: /v1/chat/completions, the server's template and
                 tool parser)
  --model-id     remote: model to ask for (default: the first /v1/models lists)

A remote endpoint gets XLAM_API_KEY (else OPENAI_API_KEY) as its bearer token.
Exit codes: 0 ok, 1 bad input or engine failure (code: message), 2 usage error.
`;

function numberOption(args: ParsedArgs, name: string, valid: (n: number) => boolean, rule: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !valid(value)) throw new UsageError(`--${name} must be ${rule} (got "${text}")`);
  return value;
}

function samplingOf(args: ParsedArgs): SamplingOptions {
  const temperature = numberOption(args, 'temperature', (n) => n >= 0, 'a number ≥ 0');
  const maxTokens = numberOption(args, 'max-tokens', (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const seed = numberOption(args, 'seed', Number.isInteger, 'an integer');
  return { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}), ...(seed !== undefined ? { seed } : {}) };
}

function grammarLimitsOf(args: ParsedArgs): ToolsGrammarOptions {
  const positive = (n: number) => Number.isInteger(n) && n > 0;
  const maxStringChars = numberOption(args, 'max-string-chars', positive, 'a positive integer');
  const maxCalls = numberOption(args, 'max-calls', positive, 'a positive integer');
  return { ...(maxStringChars !== undefined ? { maxStringChars } : {}), ...(maxCalls !== undefined ? { maxCalls } : {}) };
}

function resultJson(result: GenerateResult): JsonObject {
  const t = result.timings;
  const timings = new JsonObject();
  if (t.loadMs !== undefined) timings.set('loadMs', JsonNumber.fromNumber(t.loadMs));
  timings.set('promptTokens', JsonNumber.fromNumber(t.promptTokens));
  timings.set('cachedPromptTokens', JsonNumber.fromNumber(t.cachedPromptTokens));
  timings.set('ttftMs', JsonNumber.fromNumber(t.ttftMs));
  timings.set('tokensPerSecond', JsonNumber.fromNumber(Math.round(t.tokensPerSecond * 10) / 10, true));
  timings.set('completionTokens', JsonNumber.fromNumber(t.completionTokens));
  const calls: JsonValue[] = result.calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]]));
  return new JsonObject([['text', result.text], ['calls', calls], ['content', result.content], ['timings', timings]]);
}

function timingLine(result: GenerateResult): string {
  const t = result.timings;
  const load = t.loadMs !== undefined ? `load ${t.loadMs} ms, ` : '';
  return `${load}ttft ${t.ttftMs} ms, ${t.tokensPerSecond.toFixed(1)} tok/s, prompt ${t.promptTokens} tokens (${t.cachedPromptTokens} cached), ${t.completionTokens} generated, finish ${result.finishReason}\n`;
}

export async function runRun(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    values: ['model', 'format', 'variant', 'tools', 'query', 'messages', 'temperature', 'max-tokens', 'seed', 'model-id', 'max-string-chars', 'max-calls'],
    flags: ['grammar', 'json', 'raw', 'help'],
  });
  if (args.options.has('help')) {
    io.stdout(RUN_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const model = stringOption(args, 'model');
  if (model === undefined) throw new UsageError('--model is required');
  const { format, variant } = formatOptions(args);
  const conversation = conversationSpec(args);
  const remote = /^https?:\/\//i.test(model);
  const raw = args.options.has('raw');
  const grammar = args.options.has('grammar');
  const modelId = stringOption(args, 'model-id');
  if (!remote && (raw || modelId !== undefined)) throw new UsageError('--raw and --model-id apply to a remote endpoint (an http(s):// --model)');
  if (remote && raw && grammar) throw new UsageError('--grammar with a remote endpoint works in chat mode only (drop --raw)');
  const sampling = samplingOf(args);
  const json = args.options.has('json');

  const { tools, messages } = readConversation(conversation);

  // Ctrl-C cancels the generation (a typed "cancelled") instead of killing the process mid-write.
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let engine: Engine | undefined;
  try {
    engine = remote
      ? new RemoteEngine({ baseURL: model, mode: raw ? 'raw' : 'chat', model: modelId, apiKey: apiKeyFromEnv() })
      : (await loadLocalEngine(model, { signal: controller.signal })).engine;
    let printed = '';
    const request: GenerateRequest = {
      format,
      ...(variant !== undefined ? { variant } : {}),
      tools,
      messages,
      sampling,
      grammar: grammar ? 'tools' : 'none',
      grammarLimits: grammarLimitsOf(args),
      signal: controller.signal,
      ...(json
        ? {}
        : {
            onText: (chunk: string) => {
              printed += chunk;
              io.stdout(chunk);
            },
          }),
    };
    const result = await engine.generate(request);
    if (json) {
      io.stdout(`${compactJson(resultJson(result))}\n`);
    } else {
      if (printed !== result.text) io.stdout(result.text.slice(printed.length));
      io.stdout(`${result.text.endsWith('\n') || result.text === '' ? '' : '\n'}--- calls (${result.calls.length}) ---\n`);
      for (const call of result.calls) io.stdout(`${compactJson(new JsonObject([['name', call.name], ['arguments', call.arguments]]))}\n`);
      io.stderr(timingLine(result));
    }
    if (result.parseError) io.stderr(`warning: ${result.parseError.message} (offset ${result.parseError.offset})\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    const partial = partialTextOf(error);
    io.stderr(`xlam-lab run: ${error.code}: ${error.message}${partial !== '' && json ? `\npartial output: ${partial}` : ''}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
    await engine?.dispose();
  }
}
