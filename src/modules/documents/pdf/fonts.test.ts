import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FONT_BOLD, FONT_REGULAR, fontPath } from './fonts.ts';

describe('embedded fonts', () => {
  it('resolves DejaVu Sans regular and bold through module resolution (works from a clean clone)', () => {
    for (const [name, file] of [
      [FONT_REGULAR, 'DejaVuSans.ttf'],
      [FONT_BOLD, 'DejaVuSans-Bold.ttf'],
    ] as const) {
      const path = fontPath(name);
      assert.ok(path.endsWith(`dejavu-fonts-ttf/ttf/${file}`), path);
      assert.ok(existsSync(path) && statSync(path).size > 500_000, `${file} is the full TrueType file`);
    }
  });
});
