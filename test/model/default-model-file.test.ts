import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainDefaultModel } from '../../core/model/default-model';
import { parseModel, serializeModel } from '../../core/model/model-file';

const shipped = resolve(import.meta.dirname, '../../resources/default-model.json');
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('the shipped default model', () => {
  it('loads and names the features the extractor produces', () => {
    const model = parseModel(readFileSync(shipped, 'utf8'));
    expect(model.featureNames.length).toBeGreaterThan(30);
    expect(model.featureNames.some((n) => /risk|rule|alert/i.test(n))).toBe(false);
  });

  it('is reproduced byte for byte by its recipe (scripts/train-default-model.mjs)', async () => {
    const { model } = await trainDefaultModel();
    expect(sha(serializeModel(model))).toBe(sha(readFileSync(shipped, 'utf8')));
  }, 240_000);
});
