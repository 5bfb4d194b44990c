import { DEFAULT_MAX_TOKENS, EngineError, type Engine, type GenerateRequest, type SamplingOptions } from '../../core/engine/types';
import { JsonObject } from '../../core/json/jsonValue';
import { compactJson } from '../../core/json/pyJsonDumps';
import { partialTextOf } from '../../engines/remote/faults';
import { numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from '../args';
import { conversationSpec, formatOptions, printWarnings, readConversation } from '../conversation';
import type { CliIo } from '../io';
import { classifyModelRef, modelsDirectory } from '../modelRef';
import { openEngine } from '../openEngine';
import { runNotes, timingSummary } from '../../core/engine/runReport';
import { confidenceLines, resultJson } from './runOutput';

export const RUN_HELP = `Usage: xlam-lab run --model PATH|hf:URI|URL.gguf|http(s)://HOST/v1 --format FORMAT
                    [--variant NAME] --tools FILE (--query TEXT | --messages FILE)
                    [--grammar] [--confidence] [--json] [--raw] [--model-id ID]
                    [--temperature T] [--max-tokens N] [--seed S] [--threads N]
                    [--max-string-chars N] [--max-calls N] [--max-items N]
                    [--models-dir DIR]

Runs one generation. Prints the output as it arrives, then the parsed calls,
one JSON object per line; timings and notes go to stderr. With --json, prints
one object {"text","calls","content","timings","finishReason","grammar"}.

  --model        a GGUF file (local engine); an hf: URI (hf:user/repo:Q4_K_M,
                 hf:user/repo/file.gguf) or an https URL of a .gguf file,
                 downloaded once into --models-dir (default
                 ~/.cache/xlam-tool-lab/models); or the base URL of an
                 OpenAI-compatible endpoint: vLLM, llama.cpp server, Ollama,
                 "xlam-lab serve" (e.g. http://127.0.0.1:8000/v1)
  --format       fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --variant      see "xlam-lab render --help"
  --max-tokens   most tokens to generate (default ${DEFAULT_MAX_TOKENS})
  --threads      local: CPU threads (default: one per physical core, one for a
                 tiny model)
  --grammar      constrain output to valid calls of these tools (local: a
                 grammar; remote chat: tool_choice "required"). Schema keywords
                 the grammar cannot enforce are listed on stderr.
  --confidence   how sure the model was of each call's function name: the
                 probability of the name's tokens and, where the names part,
                 the alternatives ("get_weather 0.62 · get_forecast 0.35";
                 stderr, or "confidence" per call with --json). Local: token
                 probabilities (slower decoding); remote: asks for logprobs
  --max-string-chars, --max-calls, --max-items
                 grammar bounds. Unset ones are fitted to --max-tokens so that
                 even a model that fills every slot (a weak or random one)
                 closes its JSON: strings as long as let one call fill half
                 the budget (at most 1000), then as many calls as fit (at most
                 16); arrays without maxItems take at most 16 items
  --raw          remote: send our exact prompt to /v1/completions with the
                 format's stop strings and parse the text with our parser
                 (default: /v1/chat/completions, the server's template and
                 tool parser)
  --model-id     remote: model to ask for (default: the first /v1/models lists)

A remote endpoint gets XLAM_API_KEY (else OPENAI_API_KEY) as its bearer token.
Exit codes: 0 ok, 1 bad input or engine failure (code: message), 2 usage error.
`;

function samplingOf(args: ParsedArgs): SamplingOptions {
  const temperature = numberOption(args, 'temperature', (n) => n >= 0, 'a number ≥ 0');
  const maxTokens = numberOption(args, 'max-tokens', (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const seed = numberOption(args, 'seed', Number.isInteger, 'an integer');
  return { ...(temperature !== undefined ? { temperature } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}), ...(seed !== undefined ? { seed } : {}) };
}

const positive = (n: number): boolean => Number.isInteger(n) && n > 0;

function grammarLimitsOf(args: ParsedArgs): NonNullable<GenerateRequest['grammarLimits']> {
  const maxStringChars = numberOption(args, 'max-string-chars', positive, 'a positive integer');
  const maxCalls = numberOption(args, 'max-calls', positive, 'a positive integer');
  const maxItems = numberOption(args, 'max-items', positive, 'a positive integer');
  return { ...(maxStringChars !== undefined ? { maxStringChars } : {}), ...(maxCalls !== undefined ? { maxCalls } : {}), ...(maxItems !== undefined ? { maxItems } : {}) };
}

export async function runRun(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    values: ['model', 'format', 'variant', 'tools', 'query', 'messages', 'temperature', 'max-tokens', 'seed', 'model-id', 'max-string-chars', 'max-calls', 'max-items', 'threads', 'models-dir'],
    flags: ['grammar', 'confidence', 'json', 'raw', 'help'],
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
  const ref = classifyModelRef(model);
  const remote = ref.kind === 'endpoint';
  const raw = args.options.has('raw');
  const grammar = args.options.has('grammar');
  const modelId = stringOption(args, 'model-id');
  const threads = numberOption(args, 'threads', positive, 'a positive integer');
  if (!remote && (raw || modelId !== undefined)) throw new UsageError('--raw and --model-id apply to a remote endpoint (an http(s)://HOST/v1 --model)');
  if (remote && threads !== undefined) throw new UsageError('--threads applies to a local model, not an endpoint');
  if (remote && raw && grammar) throw new UsageError('--grammar with a remote endpoint works in chat mode only (drop --raw)');
  const sampling = samplingOf(args);
  const maxTokens = sampling.maxTokens ?? DEFAULT_MAX_TOKENS;
  const grammarLimits = grammarLimitsOf(args);
  const json = args.options.has('json');
  const modelsDir = modelsDirectory(stringOption(args, 'models-dir'));

  const { tools, messages, warnings } = readConversation(conversation);
  printWarnings(warnings, io);

  // Ctrl-C cancels the generation (a typed "cancelled") instead of killing the process mid-write.
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let engine: Engine | undefined;
  try {
    engine = (await openEngine(ref, io, { signal: controller.signal, modelsDir, raw, ...(modelId !== undefined ? { modelId } : {}), ...(threads !== undefined ? { threads } : {}) })).engine;
    let printed = '';
    const request: GenerateRequest = {
      format,
      ...(variant !== undefined ? { variant } : {}),
      tools,
      messages,
      sampling: { ...sampling, maxTokens },
      grammar: grammar ? 'tools' : 'none',
      grammarLimits,
      ...(args.options.has('confidence') ? { confidence: true } : {}),
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
      for (const line of confidenceLines(result)) io.stderr(`${line}\n`);
      io.stderr(`${timingSummary(result)}\n`);
    }
    for (const note of runNotes(result, maxTokens, '--max-tokens')) io.stderr(`${note}\n`);
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
