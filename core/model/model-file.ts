/**
 * The model file: versioned JSON with the trees as base64 typed arrays (little-endian, the byte order of
 * every platform Node and Electron ship on). Nothing time-dependent goes in unless passed in, so a script
 * can rebuild a shipped default model byte for byte.
 */
import type { Forest, ForestOptions } from './forest';
import type { ModelMetrics } from './evaluation';
import type { TrainingSetDescription } from './dataset';

export const MODEL_FORMAT = 'api-shield-forest';
export const MODEL_VERSION = 1;

export interface ForestModel {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  featureNames: string[];
  /** Probability at or above which a window counts as an attack (metrics and model-only alerts). */
  threshold: number;
  /** Log-time window length the features were computed over (ms). */
  windowMs: number;
  options: ForestOptions;
  forest: Forest;
  metrics: ModelMetrics | null;
  trainingSet: TrainingSetDescription | null;
  trainedAt?: string;
}

interface TreesJson {
  count: number;
  nodes: number;
  offsets: string;
  feature: string;
  threshold: string;
  left: string;
  right: string;
  value: string;
}

type ModelJson = Omit<ForestModel, 'forest'> & { trees: TreesJson };

export class ModelFormatError extends Error {
  override name = 'ModelFormatError';
}

function b64(a: ArrayBufferView): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** Copies into a fresh, aligned buffer: a Buffer's pooled memory may not be aligned for the element type. */
function fromB64<T>(s: string, make: (buf: ArrayBuffer) => T, bytesPer: number, expected: number, name: string): T {
  const raw = Buffer.from(s, 'base64');
  if (raw.byteLength !== expected * bytesPer) throw new ModelFormatError(`trees.${name}: wrong length`);
  const buf = new ArrayBuffer(raw.byteLength);
  new Uint8Array(buf).set(raw);
  return make(buf);
}

/** Fixed key order, so equal models serialize to equal bytes. */
export function serializeModel(m: ForestModel, space?: number): string {
  const f = m.forest;
  const json: ModelJson = {
    format: m.format,
    version: m.version,
    featureNames: m.featureNames,
    threshold: m.threshold,
    windowMs: m.windowMs,
    options: m.options,
    ...(m.trainedAt !== undefined ? { trainedAt: m.trainedAt } : {}),
    trainingSet: m.trainingSet,
    metrics: m.metrics,
    trees: {
      count: f.offsets.length - 1,
      nodes: f.feature.length,
      offsets: b64(f.offsets),
      feature: b64(f.feature),
      threshold: b64(f.threshold),
      left: b64(f.left),
      right: b64(f.right),
      value: b64(f.value),
    },
  };
  return JSON.stringify(json, null, space);
}

export function parseModel(text: string): ForestModel {
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (err) {
    throw new ModelFormatError(`not JSON: ${(err as Error).message}`);
  }
  if (json?.format !== MODEL_FORMAT) throw new ModelFormatError(`not an ${MODEL_FORMAT} file`);
  if (json.version !== MODEL_VERSION) {
    throw new ModelFormatError(`model version ${json.version} is not supported (expected ${MODEL_VERSION})`);
  }
  const t = json.trees;
  if (!t || !Number.isInteger(t.count) || !Number.isInteger(t.nodes)) throw new ModelFormatError('trees missing');
  const forest: Forest = {
    nFeatures: json.featureNames.length,
    offsets: fromB64(t.offsets, (b) => new Int32Array(b), 4, t.count + 1, 'offsets'),
    feature: fromB64(t.feature, (b) => new Int16Array(b), 2, t.nodes, 'feature'),
    threshold: fromB64(t.threshold, (b) => new Float64Array(b), 8, t.nodes, 'threshold'),
    left: fromB64(t.left, (b) => new Int32Array(b), 4, t.nodes, 'left'),
    right: fromB64(t.right, (b) => new Int32Array(b), 4, t.nodes, 'right'),
    value: fromB64(t.value, (b) => new Float32Array(b), 4, t.nodes, 'value'),
  };
  validateForest(forest);
  const { trees: _trees, ...rest } = json;
  return { ...rest, forest };
}

/** A corrupt file must fail here, not loop or read out of bounds while scoring live traffic. */
function validateForest(f: Forest): void {
  const nodes = f.feature.length;
  for (let t = 0; t + 1 < f.offsets.length; t++) {
    const at = f.offsets[t]!;
    const size = f.offsets[t + 1]! - at;
    if (size <= 0 || at + size > nodes) throw new ModelFormatError(`tree ${t}: bad offsets`);
    for (let i = 0; i < size; i++) {
      const feat = f.feature[at + i]!;
      if (feat < 0) continue;
      const l = f.left[at + i]!;
      const r = f.right[at + i]!;
      // Children always come after their parent, which rules out cycles; prediction relies on r = l + 1.
      if (feat >= f.nFeatures || l <= i || r !== l + 1 || r >= size) {
        throw new ModelFormatError(`tree ${t}: bad node ${i}`);
      }
    }
  }
}
