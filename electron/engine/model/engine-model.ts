import { existsSync, readFileSync } from 'node:fs';
import type { AlertChange, AlertSink, Alert } from '../../../core/detect/alert';
import type { AccessEvent } from '../../../core/events/event';
import { parseModel, type ForestModel } from '../../../core/model/model-file';
import { ACTION_LADDER, scoreSample } from '../../../core/model/scoring';
import { ModelAlerter } from '../../../core/pipeline/model-alerts';
import { EngineError } from '../../contract/errors';
import type { ModelFeatures, ModelProgress, ModelScoreResult, ModelVersionInfo, TrainRequest } from '../../contract/types';
import type { Db } from '../store/db';
import { ModelsRepo } from './models-repo';
import { ModelTrainer } from './trainer';

export const DEFAULT_MODEL_SOURCE =
  'shipped default model (resources/default-model.json): generated traffic of three log formats labelled by the ' +
  "generator's ground truth, rebuilt byte for byte by scripts/train-default-model.mjs";

export interface EngineModelOptions {
  /** The shipped default model, stored as version 1 (active) when the store has no model yet. */
  defaultModelPath?: string;
  trainWorker?: string;
  trainWorkers?: number;
  /** Model episodes close once log time passes their last window by this much (the detector's quiet gap). */
  quietGapMs: number;
  /** Where model-only alerts go (opened / updated / closed). */
  sink: AlertSink;
  /** See ModelAlerterOptions.namedByRule. */
  namedByRule?: (client: string) => boolean;
  onProgress(p: ModelProgress): void;
}

/**
 * The engine's model: stored versions, the active one scoring every (client, 10 s window) of ingested
 * events through core's ModelAlerter (model-only alerts, probabilities and drivers on rule alerts), training
 * jobs, and the one-sample /detect of the prototype.
 */
export class EngineModel {
  readonly repo: ModelsRepo;
  readonly trainer: ModelTrainer;
  private current: { version: number; model: ForestModel; alerter: ModelAlerter } | null = null;
  private episodes = 0;
  /** Why the active version could not be loaded (engine then runs without a model). */
  loadError: string | null = null;

  constructor(
    db: Db,
    private readonly opts: EngineModelOptions,
  ) {
    this.repo = new ModelsRepo(db);
    this.trainer = new ModelTrainer(db, this.repo, opts);
    this.seed();
    this.load(this.repo.activeVersion());
  }

  get activeVersion(): number | null {
    return this.current?.version ?? null;
  }

  /** First start: the shipped default model becomes version 1, active. */
  private seed(): void {
    const path = this.opts.defaultModelPath;
    if (this.repo.count() > 0 || !path || !existsSync(path)) return;
    try {
      const model = parseModel(readFileSync(path, 'utf8'));
      const version = this.repo.insert(model, DEFAULT_MODEL_SOURCE);
      this.repo.activate(version);
    } catch (err) {
      this.loadError = `default model ${path}: ${(err as Error).message}`;
    }
  }

  private load(version: number | null): void {
    if (version === null) return;
    try {
      const model = this.repo.load(version);
      const alerter = new ModelAlerter(model, this.opts.quietGapMs, {
        sink: this.opts.sink,
        episodeBase: this.episodes,
        namedByRule: this.opts.namedByRule,
      });
      this.current = { version, model, alerter };
      this.loadError = null;
    } catch (err) {
      this.current = null;
      this.loadError = `model version ${version}: ${(err as Error).message}`;
    }
  }

  push(e: AccessEvent): void {
    this.current?.alerter.push(e);
  }

  ruleAlert(a: Alert, change: AlertChange): void {
    this.current?.alerter.ruleAlert(a, change);
  }

  /** Closes the windows and model episodes in flight (engine stop, or before another version takes over). */
  finish(): void {
    const c = this.current;
    if (!c) return;
    c.alerter.finish();
    this.episodes = c.alerter.episodeCount;
  }

  /** Makes `version` the scoring model: open model episodes of the previous one are closed first. */
  activate(version: number): ModelVersionInfo {
    this.repo.get(version);
    this.repo.load(version); // a corrupt row fails here, before anything changes
    this.finish();
    this.current = null;
    this.repo.activate(version);
    this.load(version);
    return this.repo.get(version);
  }

  async train(req: TrainRequest): Promise<ModelVersionInfo> {
    const version = await this.trainer.train(req);
    return req.activate ? this.activate(version) : this.repo.get(version);
  }

  features(): ModelFeatures {
    const c = this.current;
    return { version: c?.version ?? null, names: c ? [...c.model.featureNames] : [] };
  }

  /** The prototype's /detect: every feature of the active model, by name; unknown or missing ones are refused. */
  score(features: Record<string, number>): ModelScoreResult {
    const c = this.current;
    if (!c) throw new EngineError('not-found', 'no active model: activate a version (models.activate) first');
    const names = c.model.featureNames;
    const known = new Set(names);
    const unknown = Object.keys(features).filter((n) => !known.has(n));
    if (unknown.length) throw new EngineError('bad-request', `model.score: features: unknown feature(s) ${unknown.join(', ')}`);
    const missing = names.filter((n) => !(n in features));
    if (missing.length) throw new EngineError('bad-request', `model.score: features: missing feature(s) ${missing.join(', ')}`);
    const s = scoreSample(c.model, features);
    return {
      version: c.version,
      probability: s.probability,
      action: s.action,
      ladder: ACTION_LADDER.map((r) => ({ min: r.min, action: r.action })),
      threshold: c.model.threshold,
      attack: s.probability >= c.model.threshold,
      drivers: s.drivers,
    };
  }
}
