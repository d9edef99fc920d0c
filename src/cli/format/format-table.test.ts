// formatTable: columns line up by display width, whatever the script of the text.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth, formatTable } from './format-table.js';

/** The display column where each line's second cell starts. */
function secondColumnStarts(table: string): number[] {
  return table
    .trimEnd()
    .split('\n')
    .map((line) => {
      const cells = line.split(/ {2,}/);
      return stringWidth(line.slice(0, line.indexOf(cells[1] ?? '')));
    });
}

describe('formatTable', () => {
  it('lines up columns holding CJK characters and emoji by display width', () => {
    const table = formatTable(
      ['NAME', 'STATE'],
      [
        ['研究者', 'running'],
        ['🚀 launch', 'waiting'],
        ['plain', 'exited'],
      ],
    );
    const starts = secondColumnStarts(table);
    expect(new Set(starts).size).toBe(1);
    expect(starts[0]).toBe(stringWidth('🚀 launch') + 2);
  });

  it('leaves no trailing blanks and ends every line with a newline', () => {
    const table = formatTable(['A', 'B'], [['漢字', '']]);
    for (const line of table.split('\n').slice(0, -1)) expect(line).toBe(line.trimEnd());
    expect(table.endsWith('\n')).toBe(true);
  });
});

describe('displayWidth', () => {
  it.each([
    '',
    'plain ascii',
    'proc_00000001  waiting:timer(2026-01-01T00:00:00.000Z)',
    '中文',
    '🚀 launch',
    'e\u0301',
    'ｆｕｌｌ',
  ])('measures %j as string-width does', (text) => {
    expect(displayWidth(text)).toBe(stringWidth(text));
  });
});
