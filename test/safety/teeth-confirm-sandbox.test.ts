// Teeth: every scenario is unsafe under the confirm and category-sandbox baselines it declares.
import { describe, it } from 'vitest';
import { loadBenchScenarios } from './bench-kit.js';
import { expectCaught, prepareTeeth } from './teeth-kit.js';

const scenarios = await loadBenchScenarios();
const runs = prepareTeeth(scenarios, ['confirm', 'category-sandbox']);

describe('the teeth of the benchmark against coarse baselines', () => {
  it('fail every scenario that declares confirm (reads free, every other effect rubber-stamped)', () => {
    expectCaught(scenarios, runs(), 'confirm');
  });

  it('fail every scenario that declares category-sandbox (files and objects open, the rest shut)', () => {
    expectCaught(scenarios, runs(), 'category-sandbox');
  });
});
