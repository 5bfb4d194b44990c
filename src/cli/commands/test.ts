import { closeSync, openSync, writeSync } from 'node:fs';
import { CHECKER_MODES } from '../../core/check/types';
import { DEFAULT_MAX_TOKENS, EngineError, type Engine } from '../../core/engine/types';
import { InputError } from '../../core/errors';
import { FORMAT_IDS } from '../../core/formats/types';
import { matchesFilter, planCases, type RunOverrides } from '../../core/suite/plan';
import { DEFAULT_MIN_CONFIDENCE } from '../../core/suite/lowConfidence';
import { headerLine, trialLine } from '../../core/suite/record';
import { runCases, runConcurrency } from '../../core/suite/runCases';
import { summaryText } from '../../core/suite/summaryText';
import type { Suite, SuiteCase, SuiteInfo } from '../../core/suite/types';
import { choiceOption, parseArgs, stringOption, UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { chatTemplateSha256, modelSha256, versions } from '../modelFingerprint';
import { classifyModelRef, modelsDirectory } from '../modelRef';
import { openEngine } from '../openEngine';
import { sequencesOption } from '../sequencesOption';
import { readSuiteFile, suiteModel } from '../suiteFiles';
import { TestProgress } from '../testProgress';
import { TestResults } from '../testResults';
import { replayRecord } from './testReplay';

export const TEST_HELP = `Usage: xlam-lab test SUITE.fctest.json... [--model PATH|hf:URI|http(s)://HOST/v1]
         [--trials K] [--checker bfcl|default] [--filter TEXT]
         [--junit FILE] [--json FILE] [--record FILE | --replay FILE]
         [--format FORMAT] [--variant NAME] [--grammar | --no-grammar]
         [--temperature T] [--seed S] [--max-tokens N] [--threads N]
         [--concurrency N] [--sequences N|auto]
         [--confidence] [--min-confidence P]
         [--raw] [--model-id ID] [--models-dir DIR]

Runs every case of the suites on the model and scores each output with the
checker. Progress goes to stderr (a bar on a terminal, one line per case
otherwise), then a summary table to stdout: accuracy by category, tool-name
precision/recall/F1, irrelevance accuracy, and pass@k and pass^k when k > 1.

  --model      a GGUF file, an hf: URI, or an endpoint's base URL (as for
               "xlam-lab run"); default: the suites' "defaults.model"
  --trials     runs per case (k); trial t uses seed + t; a case passes when
               all its trials pass (default: the suite's, else 1)
  --checker    bfcl (BFCL's AST checker, quirks included) or default
  --filter     only cases whose id, category or suite name contains TEXT
  --junit      write JUnit XML (one testcase per case) to FILE
  --json       write every case, trial, output, verdict and timing to FILE
  --record     write a run record (JSONL: a header with the suites' and the
               model's SHA-256, the chat template's hash, settings and
               versions, then one line per case and trial) to FILE
  --replay     score a record again without a model (after changing the
               checker or the expectations); SUITEs default to the record's
  --concurrency
               trials in flight at once (an integer ≥ 1); default: what the
               engine serves side by side (an endpoint 8, a local model its
               sequences, else 1). Results, progress lines and records stay
               in the suites' order whatever finishes first
  --sequences  a local model's context sequences, so N cases run at once in
               one batch with one model load (default 1); "auto" fits the
               count (up to 4) to the context size and free memory
  --confidence record each call's name confidence (as "xlam-lab run
               --confidence") in --json and --record, and flag a passing case
               whose lowest call confidence is under --min-confidence
  --min-confidence
               the flag's threshold, a probability in [0, 1] (default
               ${DEFAULT_MIN_CONFIDENCE}); implies --confidence
  --format, --variant, --grammar, --no-grammar, --temperature, --seed,
  --max-tokens override the suites' "defaults"

Exit codes: 0 every case passed, 1 a case failed (or the engine failed),
2 bad input (FILE:LINE:COL: message) or usage error.
`;

function intOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got "${text}")`);
  return value;
}

function overridesOf(args: ParsedArgs): RunOverrides {
  if (args.options.has('grammar') && args.options.has('no-grammar')) throw new UsageError('give --grammar or --no-grammar, not both');
  const temperatureText = stringOption(args, 'temperature');
  const temperature = temperatureText === undefined ? undefined : Number(temperatureText);
  if (temperature !== undefined && !(temperature >= 0)) throw new UsageError(`--temperature must be a number ≥ 0 (got "${temperatureText}")`);
  const seed = intOption(args, 'seed', 0);
  const maxTokens = intOption(args, 'max-tokens', 1);
  const trials = intOption(args, 'trials', 1);
  const format = choiceOption(args, 'format', FORMAT_IDS);
  const variant = stringOption(args, 'variant');
  const checker = choiceOption(args, 'checker', CHECKER_MODES);
  return {
    ...(format !== undefined ? { format } : {}),
    ...(variant !== undefined ? { variant } : {}),
    sampling: { ...(temperature !== undefined ? { temperature } : {}), ...(seed !== undefined ? { seed } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) },
    ...(args.options.has('grammar') ? { grammar: 'tools' as const } : args.options.has('no-grammar') ? { grammar: 'none' as const } : {}),
    ...(trials !== undefined ? { trials } : {}),
    ...(checker !== undefined ? { checker } : {}),
    ...(minConfidenceOf(args) !== undefined ? { confidence: true } : {}),
  };
}

/** The low-confidence threshold when confidence is asked for (--confidence, --min-confidence P). */
function minConfidenceOf(args: ParsedArgs): number | undefined {
  const text = stringOption(args, 'min-confidence');
  if (text === undefined) return args.options.has('confidence') ? DEFAULT_MIN_CONFIDENCE : undefined;
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) throw new UsageError(`--min-confidence must be a probability from 0 to 1 (got "${text}")`);
  return value;
}

export async function runTest(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    values: ['model', 'trials', 'checker', 'filter', 'junit', 'json', 'record', 'replay', 'format', 'variant', 'temperature', 'seed', 'max-tokens', 'threads', 'concurrency', 'sequences', 'model-id', 'models-dir', 'min-confidence'],
    flags: ['help', 'grammar', 'no-grammar', 'raw', 'confidence'],
  });
  if (args.options.has('help')) {
    io.stdout(TEST_HELP);
    return 0;
  }
  const replay = stringOption(args, 'replay');
  const record = stringOption(args, 'record');
  if (replay !== undefined && record !== undefined) throw new UsageError('--record and --replay do not go together (a replay runs no model)');
  if (replay === undefined && args.positionals.length === 0) throw new UsageError('give at least one SUITE file');
  const overrides = overridesOf(args);
  // Checked before any file is read or model loaded, so a bad value costs nothing.
  const concurrency = intOption(args, 'concurrency', 1);
  const filter = stringOption(args, 'filter');
  const select = (suite: SuiteInfo, item: SuiteCase): boolean => matchesFilter(suite, item, filter);
  if (replay !== undefined && args.options.has('model')) throw new UsageError('--replay runs no model: drop --model');
  if (replay !== undefined && concurrency !== undefined) throw new UsageError('--replay runs no model: drop --concurrency');
  let results: TestResults | undefined;
  try {
    const minConfidence = minConfidenceOf(args);
    results = new TestResults({ junit: stringOption(args, 'junit'), json: stringOption(args, 'json'), ...(minConfidence !== undefined ? { minConfidence } : {}) });
    const sink = results;
    if (replay !== undefined) {
      await replayRecord(replay, io, { suitePaths: args.positionals, checker: overrides.checker, select, onOutcome: (o, suite, item) => sink.add(o, suite, item) });
    } else {
      const code = await runLive(args.positionals.map(readSuiteFile), args, { overrides, select, record, concurrency }, io, sink);
      if (code !== undefined) return code;
    }
    const summary = results.summary();
    io.stdout(summaryText(summary));
    results.writeReports(summary);
    return summary.failedCases > 0 || summary.cases === 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof InputError) {
      io.stderr(`${error.describe()}\n`);
      return 2;
    }
    throw error;
  } finally {
    results?.discard();
  }
}

interface LiveOptions {
  overrides: RunOverrides;
  select: Parameters<typeof planCases>[2];
  record: string | undefined;
  concurrency: number | undefined;
}

/** Runs the plan on the model; a number is an early exit code (engine failure, cancel). */
async function runLive(suites: Suite[], args: ParsedArgs, { overrides, select, record, concurrency }: LiveOptions, io: CliIo, results: TestResults): Promise<number | undefined> {
  const plan = planCases(suites, overrides, select);
  if (plan.length === 0) throw new InputError(`no case matches${stringOption(args, 'filter') !== undefined ? ` --filter "${stringOption(args, 'filter')}"` : ''}`);
  const model = stringOption(args, 'model') ?? suiteModel(suites);
  if (model === undefined) throw new UsageError('--model is required (the suites name no "defaults.model")');
  const ref = classifyModelRef(model);
  const threads = intOption(args, 'threads', 1);
  const sequences = sequencesOption(args, 'sequences');
  if (ref.kind === 'endpoint' && sequences !== undefined) throw new UsageError('--sequences applies to a local model, not an endpoint');
  const modelId = stringOption(args, 'model-id');
  if (ref.kind !== 'endpoint' && (args.options.has('raw') || modelId !== undefined)) throw new UsageError('--raw and --model-id apply to an endpoint (an http(s)://HOST/v1 --model)');
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  let engine: Engine | undefined;
  let fd: number | undefined;
  try {
    const opened = await openEngine(ref, io, { signal: controller.signal, modelsDir: modelsDirectory(stringOption(args, 'models-dir')), raw: args.options.has('raw'), ...(modelId !== undefined ? { modelId } : {}), ...(threads !== undefined ? { threads } : {}), ...(sequences !== undefined ? { sequences } : {}) });
    engine = opened.engine;
    if (record !== undefined) {
      fd = openSync(record, 'w');
      const local = opened.modelPath;
      const fingerprint = local === undefined ? {} : { sha256: (await modelSha256(local)).sha256, chatTemplateSha256: await chatTemplateSha256(local) };
      const settingsOf = new Map(plan.map((p) => [p.suite, p.settings]));
      const header = headerLine({
        suites: suites.flatMap((s) => {
          const settings = settingsOf.get(s);
          return settings === undefined ? [] : [{ file: s.file, name: s.name, sha256: s.sha256, settings: { ...settings, sampling: { maxTokens: DEFAULT_MAX_TOKENS, temperature: 0, ...settings.sampling } } }];
        }),
        model: { ref: model, ...fingerprint },
        engine: engine.info(),
        versions: versions(local !== undefined),
        startedAt: new Date().toISOString(),
      });
      writeSync(fd, header);
    }
    const width = runConcurrency(engine, concurrency);
    if (width > 1) io.stderr(`${width} trials in flight at once\n`);
    const progress = new TestProgress(io, plan.length, plan.reduce((n, p) => n + p.settings.trials, 0));
    const out = fd;
    const result = await runCases(engine, plan, {
      signal: controller.signal,
      concurrency: width,
      events: {
        onTrial: (outcome) => progress.trialDone(outcome),
        // Cases end in plan order here, so the reports and the record keep the suites' order
        // (a case's trials together) whatever finished first.
        onCaseDone: (planned, mine) => {
          for (const outcome of mine) {
            results.add(outcome, planned.suite, planned.item);
            if (out !== undefined) writeSync(out, trialLine(outcome));
          }
          progress.caseDone(planned, mine);
        },
      },
    });
    progress.finish();
    if (result.cancelled) io.stderr(`cancelled after ${results.trials} trials (whole cases only)\n`);
    return undefined;
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    io.stderr(`xlam-lab test: ${error.code}: ${error.message}\n`);
    return ['model-not-found', 'model-corrupt', 'unsupported-model'].includes(error.code) ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
    if (fd !== undefined) closeSync(fd);
    await engine?.dispose();
  }
}
