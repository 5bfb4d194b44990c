import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HostRenderGate } from '../../../webview/hostRenderGate';

void describe('HostRenderGate: the host renders of earlier keystrokes never replace a newer preview', () => {
  void it('holds back renders of older texts while typing, shows the one of the text previewed', () => {
    const gate = new HostRenderGate();
    gate.documentState('[a]');
    assert.equal(gate.showsHostRender(), true, 'nothing previewed: the host is the truth');
    gate.preview('[ab]');
    gate.preview('[abc]');
    gate.documentState('[ab]');
    assert.equal(gate.showsHostRender(), false, "the host's render of [ab] arrives after [abc] was shown");
    gate.documentState('[abc]');
    assert.equal(gate.showsHostRender(), true);
    gate.documentState('[abc]');
    assert.equal(gate.showsHostRender(), true, 'later renders of the same text (exact counts, an engine change) show too');
  });

  void it('lets the host through once no preview is waiting: broken JSON, or the pane settled on another text', () => {
    const gate = new HostRenderGate();
    gate.preview('[ab]');
    gate.preview(undefined);
    gate.documentState('[a]');
    assert.equal(gate.showsHostRender(), true, 'no local render could be made: the shown prompt is not newer than the host');
    gate.preview('[abc]');
    gate.documentState('[xyz]');
    assert.equal(gate.showsHostRender(), false);
    gate.settled();
    assert.equal(gate.showsHostRender(), true, 'the edit was refused or replaced: the document holds the truth');
  });
});
