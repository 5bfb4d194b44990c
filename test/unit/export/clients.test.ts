import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { CURL_BODY_END } from '../../../src/core/export/curl';
import { outputFamily } from '../../../src/core/formats/types';
import { buildToolsGrammar } from '../../../src/core/grammar/toolsGrammar';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';
import { compactJson, pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import type { JsonObject } from '../../../src/core/json/jsonValue';
import { chatRequestBody, completionRequestBody } from '../../../src/engines/remote/requestBodies';
import { C1_QUERY, W2_TOOLS } from '../formats/goldens';
import { messagesOf, renderTexts, toolsOf } from '../formats/support';
import { exportOf, NO_PYTHON, python, pythonEval, tempFile, TRICKY_MESSAGES, TRICKY_TOOLS, type Case } from './support';

const CASES: Case[] = [
  { format: 'fc-v1', tools: TRICKY_TOOLS, messages: TRICKY_MESSAGES },
  { format: 'general-v1', tools: TRICKY_TOOLS, messages: TRICKY_MESSAGES },
  { format: 'xlam2-qwen', tools: TRICKY_TOOLS, messages: TRICKY_MESSAGES },
  { format: 'xlam2-llama', variant: 'bfcl', tools: W2_TOOLS, messages: JSON.stringify([{ role: 'user', content: C1_QUERY }]) },
];
const promptOf = (c: Case): string => renderTexts(c.format, c.variant, c.tools, c.messages).prompt;

/** The request body of an exported curl script: the text of its quoted heredoc. */
function curlBody(script: string): string {
  const start = script.indexOf(`<<'${CURL_BODY_END}'\n`);
  const end = script.indexOf(`\n${CURL_BODY_END}\n`);
  assert.ok(start > 0 && end > start, 'the script has one heredoc body');
  return script.slice(start + CURL_BODY_END.length + 5, end);
}

/** What our remote engine sends for the same run (src/engines/remote), without streaming. */
function engineBody(c: Case, mode: 'chat' | 'raw', grammar: boolean, model: string): string {
  const request = { format: c.format, ...(c.variant !== undefined ? { variant: c.variant } : {}), tools: toolsOf(c.tools), messages: messagesOf(c.messages), sampling: { maxTokens: 1024, temperature: 0 }, grammar: grammar ? ('tools' as const) : ('none' as const) };
  const rendered = renderTexts(c.format, c.variant, c.tools, c.messages);
  return mode === 'raw' ? completionRequestBody(request, rendered, model, false, 1024) : chatRequestBody(request, model, false);
}

describe('curl: the body is the request our remote engine sends, our prompt byte for byte', () => {
  for (const c of CASES) {
    it(`${c.format} raw: /v1/completions with the exact prompt`, () => {
      const { code } = exportOf('curl', c, { mode: 'raw', modelId: 'm' });
      assert.ok(code.includes('"$BASE_URL/completions"'));
      const body = readJsonDocument(curlBody(code)).value as JsonObject;
      assert.equal(body.get('prompt'), promptOf(c));
      assert.equal(compactJson(body), engineBody(c, 'raw', false, 'm'));
    });
  }

  it('chat mode sends the messages and tools as written, tool_choice "required" with a grammar (else "auto")', () => {
    const c = CASES[2] as Case;
    const body = readJsonDocument(curlBody(exportOf('curl', c, { grammar: true, modelId: 'm' }).code)).value as JsonObject;
    assert.equal(compactJson(body), engineBody(c, 'chat', true, 'm'));
    const auto = readJsonDocument(curlBody(exportOf('curl', c, { modelId: 'm' }).code)).value as JsonObject;
    assert.equal(auto.get('tool_choice'), 'auto');
  });

  it('run by sh, curl posts exactly that body to the server (real HTTP on 127.0.0.1)', async () => {
    const c = CASES[0] as Case;
    const { code } = exportOf('curl', c, { modelId: 'm' });
    let received = '';
    let path = '';
    const server = createServer((req, res) => {
      path = req.url ?? '';
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received = Buffer.concat(chunks).toString('utf8');
        res.setHeader('content-type', 'application/json');
        res.end('{"choices": [{"text": "ok"}]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const stdout = await new Promise<string>((resolve, reject) => {
        execFile('sh', [tempFile('request.sh', code)], { env: { ...process.env, OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1` } }, (error, out) => (error ? reject(new Error(`sh failed: ${error.message}`)) : resolve(out)));
      });
      assert.equal(path, '/v1/completions');
      assert.equal(stdout, '{"choices": [{"text": "ok"}]}');
      assert.equal(received, `${curlBody(code)}\n`);
      assert.equal((readJsonDocument(received).value as JsonObject).get('prompt'), promptOf(c));
    } finally {
      server.close();
    }
  });
});

/** The value of a string expression of literals joined with `+`. */
function stringValue(node: ts.Expression): string {
  if (ts.isStringLiteral(node)) return node.text;
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return stringValue(node.left) + stringValue(node.right);
  if (ts.isParenthesizedExpression(node)) return stringValue(node.expression);
  throw new Error(`not a string expression: ${ts.SyntaxKind[node.kind]}`);
}

function constOf(source: ts.SourceFile, name: string): string | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return stringValue(declaration.initializer);
    }
  }
  return undefined;
}

describe('ts-node-llama-cpp: valid TypeScript whose PROMPT is our prompt', () => {
  for (const c of CASES) {
    it(`${c.format}: parses without syntax errors; PROMPT and GRAMMAR are ours`, () => {
      const { code } = exportOf('ts-node-llama-cpp', c, { grammar: true });
      const transpiled = ts.transpileModule(code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
      assert.deepEqual((transpiled.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), []);
      const source = ts.createSourceFile('xlam-run.mts', code, ts.ScriptTarget.ES2022, true);
      assert.equal(constOf(source, 'PROMPT'), promptOf(c));
      assert.equal(constOf(source, 'GRAMMAR'), buildToolsGrammar(toolsOf(c.tools), outputFamily(c.format), { budgetChars: 1024 }).gbnf);
    });
  }

  it('type-checks (strict) against the node-llama-cpp types we ship, with and without a grammar', () => {
    // Inside the worktree, so that 'node-llama-cpp' resolves to our node_modules.
    const dir = mkdtempSync(join(resolve(__dirname, '../../../..'), 'out', 'export-tc-'));
    try {
      const files = CASES.flatMap((c, i) => [true, false].map((grammar) => {
        const file = join(dir, `run${i}${grammar ? 'g' : ''}.mts`);
        writeFileSync(file, exportOf('ts-node-llama-cpp', c, { grammar }).code);
        return file;
      }));
      const program = ts.createProgram(files, { noEmit: true, strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: ['node'] });
      const problems = ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
      assert.deepEqual(problems, []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('without a grammar, no GRAMMAR and no grammar option', () => {
    const { code } = exportOf('ts-node-llama-cpp', CASES[0] as Case);
    assert.equal(constOf(ts.createSourceFile('x.mts', code, ts.ScriptTarget.ES2022), 'GRAMMAR'), undefined);
    assert.ok(!code.includes('grammar'));
  });
});

describe('python-openai and python-transformers: valid Python holding our prompt and values', { skip: NO_PYTHON }, () => {
  it('every exported Python file compiles', () => {
    const files = CASES.flatMap((c) => [
      exportOf('python-openai', c, { mode: 'raw' }).code,
      exportOf('python-openai', c, { mode: 'chat', grammar: true }).code,
      exportOf('python-transformers', c, { temperature: 0.7 }).code,
    ]).map((code, i) => tempFile(`f${i}.py`, code));
    python(['-c', 'import sys\nfor f in sys.argv[1:]: compile(open(f, encoding="utf-8").read(), f, "exec")', ...files]);
  });

  it('raw PROMPT is our prompt; chat TOOLS and MESSAGES are json.dumps-equal to ours', () => {
    for (const c of CASES) {
      const raw = tempFile('raw.py', exportOf('python-openai', c, { mode: 'raw' }).code);
      assert.equal(pythonEval(raw, 'm["PROMPT"]').toString('utf8'), promptOf(c));
      const chat = tempFile('chat.py', exportOf('python-openai', c, { mode: 'chat' }).code);
      const tools = toolsOf(c.tools).map((tool) => tool.plain);
      const messages = messagesOf(c.messages).map((message) => message.raw);
      assert.equal(pythonEval(chat, 'json.dumps([m["TOOLS"], m["MESSAGES"]])').toString('utf8'), pyJsonDumps([tools, messages]));
    }
  });

  it('xLAM-2 transformers compares the template with XLAM_TOOL_LAB_PROMPT, our prompt', () => {
    const c = CASES[2] as Case;
    const file = tempFile('hf.py', exportOf('python-transformers', c).code);
    assert.equal(pythonEval(file, 'm["XLAM_TOOL_LAB_PROMPT"]').toString('utf8'), promptOf(c));
  });
});
