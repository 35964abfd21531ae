export * from './types';
export * from './handlers';
export * from './events';
export * from './errors';
export * from './protocol';
export { paramValidators, validateParams, isMethod, FORMAT_IDS } from './params';
