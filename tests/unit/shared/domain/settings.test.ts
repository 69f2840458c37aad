import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, Settings, SettingsUpdate, withDefaults } from '../../../../shared/domain/settings.ts';

describe('Constant: DEFAULT_SETTINGS', () => {
  it("are WordPress's Settings → Discussion defaults", () => {
    // Act & Assess
    expect(DEFAULT_SETTINGS).toEqual({
      requireNameEmail: true,
      manualModeration: false,
      previouslyApproved: true,
      maxLinks: 2,
      moderationKeys: [],
      disallowedKeys: [],
      closeAfterDays: 0,
      threadDepth: 5,
      floodSeconds: 15,
      ratePerIpPerMinute: 10,
    });
  });

  it('are valid settings', () => {
    // Act & Assess
    expect(Settings.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('Schema: SettingsUpdate', () => {
  it('accepts an empty update', () => {
    // Act & Assess
    expect(SettingsUpdate.parse({})).toEqual({});
  });

  it('does not fill in defaults for what is not sent', () => {
    // Act
    const update = SettingsUpdate.parse({ maxLinks: 5 });

    // Assess
    expect(update).toEqual({ maxLinks: 5 });
  });

  it('accepts every setting at once', () => {
    // Prepare
    const all = { ...DEFAULT_SETTINGS, manualModeration: true, maxLinks: 0, threadDepth: 10, ratePerIpPerMinute: 0 };

    // Act & Assess
    expect(SettingsUpdate.parse(all)).toEqual(all);
  });

  it('trims key lines and drops blank ones', () => {
    // Act
    const update = SettingsUpdate.parse({ moderationKeys: ['  casino ', '', '   ', 'pills'], disallowedKeys: [' spam'] });

    // Assess
    expect(update).toEqual({ moderationKeys: ['casino', 'pills'], disallowedKeys: ['spam'] });
  });

  it('rejects unknown keys instead of dropping them', () => {
    // Act
    const result = SettingsUpdate.safeParse({ maxLinks: 3, requireNameAndEmail: false });

    // Assess
    expect(result.success).toBe(false);
  });

  it.each([
    ['requireNameEmail', 'yes'],
    ['manualModeration', 1],
    ['previouslyApproved', null],
    ['maxLinks', -1],
    ['maxLinks', 1.5],
    ['maxLinks', '2'],
    ['maxLinks', 1001],
    ['closeAfterDays', -1],
    ['closeAfterDays', 36501],
    ['threadDepth', 0],
    ['threadDepth', 11],
    ['floodSeconds', -5],
    ['floodSeconds', 86401],
    ['ratePerIpPerMinute', -1],
    ['moderationKeys', 'casino'],
    ['moderationKeys', [1, 2]],
    ['disallowedKeys', ['x'.repeat(201)]],
    ['disallowedKeys', Array.from({ length: 1001 }, (_, i) => `w${i}`)],
  ])('rejects %s = %j', (name, value) => {
    // Act
    const result = SettingsUpdate.safeParse({ [name]: value });

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(name);
  });

  it('reports every bad setting', () => {
    // Act
    const result = SettingsUpdate.safeParse({ maxLinks: -1, threadDepth: 0, requireNameEmail: 'no' });

    // Assess
    expect(new Set(result.error?.issues.map((i) => i.path[0]))).toEqual(new Set(['maxLinks', 'threadDepth', 'requireNameEmail']));
  });
});

describe('Function: withDefaults', () => {
  it.each([undefined, null, 'text', 42])('gives the defaults for nothing stored (%s)', (stored) => {
    // Act & Assess
    expect(withDefaults(stored)).toEqual(DEFAULT_SETTINGS);
  });

  it('fills in settings that did not exist when these were stored', () => {
    // Act
    const settings = withDefaults({ manualModeration: true, maxLinks: 7 });

    // Assess
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, manualModeration: true, maxLinks: 7 });
  });

  it('gives the default for an unreadable setting', () => {
    // Act & Assess
    expect(withDefaults({ maxLinks: 'many' })).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps the readable settings when another one is unreadable', () => {
    // Act
    const settings = withDefaults({ disallowedKeys: ['casino'], manualModeration: true, threadDepth: 99 });

    // Assess
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, disallowedKeys: ['casino'], manualModeration: true });
  });

  it('ignores stored names that are not settings', () => {
    // Act & Assess
    expect(withDefaults({ retired: true })).toEqual(DEFAULT_SETTINGS);
  });

  it('returns a copy that callers cannot use to change the defaults', () => {
    // Prepare
    const settings = withDefaults({ maxLinks: 'many' });

    // Act
    settings.moderationKeys.push('changed');
    settings.maxLinks = 99;

    // Assess
    expect(DEFAULT_SETTINGS.moderationKeys).toEqual([]);
    expect(DEFAULT_SETTINGS.maxLinks).toBe(2);
  });
});
