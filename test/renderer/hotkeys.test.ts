import { describe, expect, it } from 'vitest';
import { HOTKEYS, duplicateKeys, keyLabel, matchHotkey } from '../../renderer/src/hotkeys/registry';

describe('hotkey registry', () => {
  it('has one entry per key, each with a description', () => {
    expect(duplicateKeys()).toEqual([]);
    for (const def of Object.values(HOTKEYS)) expect(def.description.length).toBeGreaterThan(3);
    expect(duplicateKeys({ a: { key: 'x', description: 'a' }, b: { key: 'x', description: 'b' } })).toEqual(['x: a, b']);
  });

  it('maps the documented keys to their ids', () => {
    expect(matchHotkey({ key: '/' })).toBe('focus-search');
    expect(matchHotkey({ key: 'j' })).toBe('next-alert');
    expect(matchHotkey({ key: 'k' })).toBe('prev-alert');
    expect(matchHotkey({ key: 'Enter' })).toBe('open-alert');
    expect(matchHotkey({ key: 'x' })).toBe('toggle-alert');
    expect(matchHotkey({ key: 'Escape' })).toBe('close');
    expect(matchHotkey({ key: '?' })).toBe('help');
    expect(['1', '2', '3', '4', '5', '6', '7', '8'].map((key) => matchHotkey({ key }))).toEqual([
      'page-overview', 'page-alerts', 'page-client', 'page-sources', 'page-rules', 'page-allowlist', 'page-models', 'page-events',
    ]);
    expect(matchHotkey({ key: 'q' })).toBeNull();
  });

  it('stays out of text fields (except Escape) and of modifier shortcuts', () => {
    expect(matchHotkey({ key: 'j', inInput: true })).toBeNull();
    expect(matchHotkey({ key: '/', inInput: true })).toBeNull();
    expect(matchHotkey({ key: 'Escape', inInput: true })).toBe('close');
    expect(matchHotkey({ key: '1', ctrlKey: true })).toBeNull();
    expect(matchHotkey({ key: 'k', metaKey: true })).toBeNull();
    expect(matchHotkey({ key: 'j', altKey: true })).toBeNull();
  });

  it('labels keys for the help list', () => {
    expect(keyLabel('Escape')).toBe('Esc');
    expect(keyLabel('/')).toBe('/');
  });
});
