import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_KEYS, RESTRICTED_KEYS } from '../../../src/host/configKeys';
import { chooseSettingValue } from '../../../src/host/trustedSettings';

const ROOT = resolve(__dirname, '../../../..');

describe('chooseSettingValue (workspace trust for model path and endpoint)', () => {
  const all = { defaultValue: '', globalValue: '/home/me/model.gguf', workspaceValue: '/repo/evil.gguf', workspaceFolderValue: '/repo/folder.gguf' };

  it('a trusted workspace: the most specific value wins', () => {
    assert.deepEqual(chooseSettingValue(all, true, true), { value: '/repo/folder.gguf', ignoredWorkspaceValue: false });
    assert.deepEqual(chooseSettingValue({ ...all, workspaceFolderValue: undefined }, true, true), { value: '/repo/evil.gguf', ignoredWorkspaceValue: false });
  });

  it('an untrusted workspace: a restricted setting takes only the user value, and says it ignored the workspace one', () => {
    assert.deepEqual(chooseSettingValue(all, true, false), { value: '/home/me/model.gguf', ignoredWorkspaceValue: true });
    assert.deepEqual(chooseSettingValue({ defaultValue: '', workspaceValue: 'http://evil:8000/v1' }, true, false), { value: '', ignoredWorkspaceValue: true });
  });

  it('an untrusted workspace without workspace values: nothing ignored', () => {
    assert.deepEqual(chooseSettingValue({ defaultValue: '', globalValue: '/m.gguf' }, true, false), { value: '/m.gguf', ignoredWorkspaceValue: false });
  });

  it('an unrestricted setting keeps its workspace value even untrusted', () => {
    assert.deepEqual(chooseSettingValue({ defaultValue: 512, workspaceValue: 64 }, false, false), { value: 64, ignoredWorkspaceValue: false });
  });

  it('no inspection (unknown key): undefined', () => {
    assert.deepEqual(chooseSettingValue(undefined, true, false), { value: undefined, ignoredWorkspaceValue: false });
  });

  it('package.json restrictedConfigurations are exactly the facade restricted keys, all of them settings', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { capabilities?: { untrustedWorkspaces?: { supported?: unknown; restrictedConfigurations?: string[] } } };
    const untrusted = pkg.capabilities?.untrustedWorkspaces;
    assert.equal(untrusted?.supported, 'limited');
    assert.deepEqual([...(untrusted?.restrictedConfigurations ?? [])].sort(), RESTRICTED_KEYS.map((key) => `xlam.${key}`).sort());
    for (const key of RESTRICTED_KEYS) assert.ok((CONFIG_KEYS as readonly string[]).includes(key));
  });
});
