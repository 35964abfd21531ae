/** Bundle entry for scripts/train-default-model.mjs (plain Node cannot import the TypeScript sources). */
export { trainDefaultModel } from '@core/model/default-model';
export { serializeModel } from '@core/model/model-file';
