/** What bench/model/*.mjs needs from core/model, bundled by vite into a temp dir (Node cannot import .ts). */
export { trainForest } from '@core/model/train';
export { predictMatrix, predictProba } from '@core/model/forest';
export { binMatrix } from '@core/model/bins';
export { WindowExtractor } from '@core/model/window-extractor';
export { WindowScorer, scoreSample } from '@core/model/scoring';
export { FEATURE_NAMES } from '@core/model/features';
export { DatasetBuilder, clientStrata, subsetByClients } from '@core/model/dataset';
export { truthLabeler, parseTruthCsv } from '@core/model/labels';
export { splitByClient } from '@core/model/split';
export { confusionAt, binaryReport, rocAuc, clientConfusion } from '@core/model/metrics';
export { serializeModel, parseModel } from '@core/model/model-file';
export { makeEvent } from '@core/events/event';
export { Rng } from '@core/model/rng';
export { forEachEvent } from '@core/model/read-events';
export { trainModel } from '@core/model/train-model';
export { evaluate } from '@core/model/evaluate-model';
export { ModelAlerter } from '@core/pipeline/model-alerts';
