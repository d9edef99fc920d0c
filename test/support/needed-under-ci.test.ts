// The guard every host-dependent suite uses: it may skip outside CI and must fail under it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { neededUnderCi } from './needed-under-ci.js';

describe('neededUnderCi', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('runs a suite whose needs are met, under CI or not, saying nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(neededUnderCi('the sandbox tests', null, { CI: 'true' })).toBe(true);
    expect(neededUnderCi('the sandbox tests', null, {})).toBe(true);
    expect(warn).not.toHaveBeenCalled();
  });

  it('fails under CI when something is missing, naming the suite and the fix', () => {
    expect(() =>
      neededUnderCi('the sandbox tests', 'bubblewrap is missing (Debian package "bubblewrap")', {
        CI: 'true',
      }),
    ).toThrow('the sandbox tests must run under CI: bubblewrap is missing');
  });

  it('skips with one loud line outside CI', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(neededUnderCi('the browser tests', 'Chromium is missing', { CI: 'false' })).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith('SKIPPED the browser tests: Chromium is missing');
  });
});
