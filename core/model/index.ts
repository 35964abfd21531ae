/**
 * The learned detector: window features, a histogram random forest trained from ground truth or analyst
 * verdicts, its metrics and model file, and scoring. core/model/train-worker.ts is a separate bundle entry.
 */
export {
  ENDPOINT_FAILURE_MS,
  FEATURE_NAMES,
  FEATURE_COUNT,
  WINDOW_MS,
  MAX_GAP_MS,
  type FeatureName,
} from './features';
export { WindowExtractor, type WindowSample } from './window-extractor';
export {
  ACTION_LADDER,
  actionFor,
  explainSample,
  scoreSample,
  UnknownFeatureError,
  WindowScorer,
  type FeatureDriver,
  type SampleScore,
  type WindowScore,
  type WindowScorerOptions,
} from './scoring';
export {
  contributions,
  DEFAULT_FOREST_OPTIONS,
  predictMatrix,
  predictProba,
  type Forest,
  type ForestOptions,
} from './forest';
export type { FeatureMatrix } from './bins';
export {
  trainForest,
  TrainingCancelled,
  type TrainedForest,
  type TrainProgress,
  type TrainRun,
} from './train';
export {
  MODEL_FORMAT,
  MODEL_VERSION,
  ModelFormatError,
  parseModel,
  serializeModel,
  type ForestModel,
} from './model-file';
export type { ModelMetrics, TypeRecall } from './evaluation';
export type { TrainingSetDescription, SideDescription } from './dataset';
export {
  averagePrecision,
  binaryReport,
  clientConfusion,
  confusionAt,
  prCurve,
  rocAuc,
  type BinaryReport,
  type ClassScores,
  type Confusion,
  type FeatureImportance,
  type PrPoint,
} from './metrics';
export {
  combineLabelers,
  parseTruthCsv,
  readTruthFile,
  truthLabeler,
  TruthFormatError,
  verdictLabeler,
  type Labeler,
  type TruthRecord,
  type Verdict,
  type VerdictKind,
} from './labels';
export { splitByClient, type ClientSplit } from './split';
export type { EventSource } from './read-events';
export {
  trainModel,
  type TrainModelInput,
  type TrainModelOptions,
  type TrainModelProgress,
  type TrainReport,
} from './train-model';
export {
  evaluate,
  type DetectionScores,
  type EvaluateInput,
  type EvaluationResult,
  type TypeScores,
} from './evaluate-model';
