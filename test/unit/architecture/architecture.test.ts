import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_KEYS } from '../../../src/host/configKeys';

const ROOT = resolve(__dirname, '../../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm)) {
    found.push(match[1] as string);
  }
  return found;
}

describe('architecture invariants (ARCHITECTURE.md)', () => {
  it('src/core never imports vscode, files, processes or the network', () => {
    const forbidden = /^(vscode|(node:)?(fs|fs\/promises|http|https|net|child_process|dgram|tls))$/;
    const offenders: string[] = [];
    for (const file of sourceFiles(join(ROOT, 'src/core'))) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        if (forbidden.test(spec)) offenders.push(`${relative(ROOT, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(offenders, []);
  });

  it('the import scanner sees the import forms it is meant to catch', () => {
    assert.deepEqual(importsOf("import * as vscode from 'vscode';\nconst x = require('fs');\nawait import(\"http\");\nimport 'net';"), ['vscode', 'fs', 'http', 'net']);
  });

  it('src/cli and src/core do not import src/host', () => {
    const offenders = [...sourceFiles(join(ROOT, 'src/core')), ...sourceFiles(join(ROOT, 'src/cli'))].filter((file) =>
      importsOf(readFileSync(file, 'utf8')).some((spec) => spec.includes('/host/') || spec === 'vscode'),
    );
    assert.deepEqual(offenders.map((file) => relative(ROOT, file)), []);
  });

  it('package.json settings and the config facade agree', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, unknown> } } };
    const declared = Object.keys(pkg.contributes.configuration.properties).sort();
    assert.deepEqual(declared, CONFIG_KEYS.map((key) => `xlam.${key}`).sort());
  });

  it('package.json has no "*" activation and the required entry points', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { activationEvents: string[]; main: string; bin: Record<string, string>; engines: { vscode: string } };
    assert.ok(!pkg.activationEvents.includes('*'));
    assert.equal(pkg.main, './dist/extension.js');
    assert.equal(pkg.bin['xlam-lab'], 'dist/cli.js');
    assert.equal(pkg.engines.vscode, '^1.95.0');
  });
});
