import type { Statement } from 'better-sqlite3';
import { parseModel, serializeModel, type ForestModel } from '../../../core/model/model-file';
import { EngineError } from '../../contract/errors';
import type { ModelDetail, ModelMetrics, ModelVersionInfo, TrainingSetDescription } from '../../contract/types';
import type { Db } from '../store/db';

const NAME = 'random-forest';

interface Row {
  id: number;
  created_at: number;
  source: string;
  active: number;
  activated_at: number | null;
  threshold: number;
  metrics: string;
  training_set: string;
  trees: number | null;
}

function json<T>(text: string): T | null {
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function info(r: Row): ModelVersionInfo {
  const m = json<ModelMetrics>(r.metrics);
  const t = json<TrainingSetDescription>(r.training_set);
  const has = m !== null && typeof m === 'object' && 'windows' in m;
  return {
    version: r.id,
    createdAt: r.created_at,
    source: r.source,
    active: r.active === 1,
    activatedAt: r.activated_at,
    threshold: r.threshold,
    trees: r.trees ?? 0,
    summary: has
      ? {
          evaluatedOn: m.evaluatedOn,
          precision: m.windows.attack.precision,
          recall: m.windows.attack.recall,
          f1: m.windows.attack.f1,
          clientPrecision: m.clients.attack.precision,
          clientRecall: m.clients.attack.recall,
          clientF1: m.clients.attack.f1,
          rocAuc: m.rocAuc,
          averagePrecision: m.averagePrecision,
        }
      : null,
    trainingWindows: t?.total?.windows ?? null,
  };
}

const COLUMNS = `id, created_at, source, active, activated_at, threshold, metrics, training_set,
  json_extract(model, '$.options.nTrees') AS trees`;

/**
 * Model versions in the store: the model file itself, where its data came from and its metrics. version is
 * the row id; at most one version is active (the one scoring live traffic).
 */
export class ModelsRepo {
  private readonly st: Record<string, Statement>;

  constructor(private readonly db: Db) {
    this.st = {
      count: db.prepare('SELECT COUNT(*) AS n FROM model_versions'),
      next: db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM model_versions'),
      insert: db.prepare(`INSERT INTO model_versions (id, name, version, created_at, metrics, active, source, model,
        training_set, threshold, activated_at) VALUES (@id, @name, @version, @createdAt, @metrics, 0, @source, @model,
        @trainingSet, @threshold, NULL)`),
      list: db.prepare(`SELECT ${COLUMNS} FROM model_versions WHERE model <> '' ORDER BY id DESC`),
      one: db.prepare(`SELECT ${COLUMNS} FROM model_versions WHERE id = ? AND model <> ''`),
      detail: db.prepare(`SELECT json_extract(model, '$.featureNames') AS names, json_extract(model, '$.options') AS options
        FROM model_versions WHERE id = ?`),
      text: db.prepare('SELECT model FROM model_versions WHERE id = ?'),
      active: db.prepare(`SELECT id FROM model_versions WHERE active = 1 AND model <> '' ORDER BY id DESC LIMIT 1`),
      deactivate: db.prepare('UPDATE model_versions SET active = 0 WHERE active = 1'),
      activate: db.prepare('UPDATE model_versions SET active = 1, activated_at = ? WHERE id = ?'),
    };
  }

  count(): number {
    return (this.st.count.get() as { n: number }).n;
  }

  /** Stores a model as the next version (not active). */
  insert(model: ForestModel, source: string, createdAt = Date.now()): number {
    return this.db
      .transaction(() => {
        const id = (this.st.next.get() as { id: number }).id;
        this.st.insert.run({
          id,
          name: NAME,
          version: String(id),
          createdAt,
          metrics: JSON.stringify(model.metrics ?? {}),
          source,
          model: serializeModel(model),
          trainingSet: JSON.stringify(model.trainingSet ?? null),
          threshold: model.threshold,
        });
        return id;
      })
      .immediate();
  }

  list(): ModelVersionInfo[] {
    return (this.st.list.all() as Row[]).map(info);
  }

  get(version: number): ModelVersionInfo {
    const r = this.st.one.get(version) as Row | undefined;
    if (!r) throw new EngineError('not-found', `no model version ${version}`);
    return info(r);
  }

  detail(version: number): ModelDetail {
    const base = this.get(version);
    const r = this.st.detail.get(version) as { names: string; options: string };
    const all = this.st.one.get(version) as Row;
    return {
      ...base,
      featureNames: json<string[]>(r.names) ?? [],
      options: json<Record<string, number>>(r.options) ?? {},
      metrics: json<ModelMetrics>(all.metrics),
      trainingSet: json<TrainingSetDescription>(all.training_set),
    };
  }

  load(version: number): ForestModel {
    const r = this.st.text.get(version) as { model: string } | undefined;
    if (!r || r.model === '') throw new EngineError('not-found', `no model version ${version}`);
    return parseModel(r.model);
  }

  activeVersion(): number | null {
    const r = this.st.active.get() as { id: number } | undefined;
    return r ? r.id : null;
  }

  activate(version: number, now = Date.now()): void {
    this.get(version);
    this.db
      .transaction(() => {
        this.st.deactivate.run();
        this.st.activate.run(now, version);
      })
      .immediate();
  }
}
