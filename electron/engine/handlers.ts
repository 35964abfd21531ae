import { EngineError } from '../contract/errors';
import type { HandlerMap, Method } from '../contract/handlers';
import { validateParams } from '../contract/params';
import type { Engine } from './engine';

/** The engine side of the contract: one function per request, each receiving already-validated params. */
export function createHandlers(engine: Engine): HandlerMap {
  const q = engine.queries;
  return {
    'engine.status': () => ({
      state: engine.state,
      dataDir: engine.opts.dataDir,
      dbPath: engine.dbPath,
      schemaVersion: engine.schemaVersion,
      lastError: engine.lastError ? { code: engine.lastError.code, message: engine.lastError.message } : null,
      counters: engine.stats.counters(engine.pendingEvents),
      startedAt: engine.startedAt,
    }),
    'engine.flush': () => engine.flush(),
    'stats.summary': () => ({ ...q.counts(), sources: engine.sourceStatuses() }),

    'sources.add': (p) => engine.addWatch(p.spec, p.format),
    'sources.remove': async (p) => ({ removed: await engine.removeWatch(p.watchId) }),
    'sources.watches': () => engine.listWatches(),
    'sources.list': () => engine.sourceStatuses(),
    'sources.detail': (p) => {
      const s = engine.sourceStatuses().find((x) => x.id === p.id);
      if (!s) throw new EngineError('not-found', `no source with id ${p.id}`);
      return { ...s, errorExamples: q.parseErrors(p.id, p.errorLimit ?? 20) };
    },
    'import.file': (p) => engine.importFile(p.path, p.format),

    'query.kpis': (p) => q.traffic.kpis(p.range),
    'query.timeline': (p) => q.traffic.timeline(p.range, p.bucketMs),
    'query.top': (p) => q.top.top(p.range, p.dimension, p.limit),
    'query.events': (p) => q.events.list(p),
    'events.raw': (p) => q.evidence.ofEvent(p.fileId, p.offset),
    'query.client': (p) => q.client.activity(p.client, p.range),
    'query.alertsByRule': (p) => q.alerts.byRule(p.range),

    'alerts.list': (p) => q.alerts.list(p),
    'alerts.detail': (p) => q.alerts.detail(p.uid),
    'alerts.setStatus': (p) => q.alerts.setStatus(p.uid, p.status, p.who, p.reason ?? ''),
    'alerts.setStatusMany': (p) => q.alerts.setStatusMany(p.uids, p.status, p.who, p.reason ?? ''),
    'alerts.addNote': (p) => q.alerts.addNote(p.uid, p.who, p.text),

    'allowlist.list': (p) => q.allowlist.list(p.includeExpired),
    'allowlist.add': (p) => {
      const e = q.allowlist.add(p.value, p.scope, p.reason, p.expiresAt ?? null, p.createdBy ?? 'unknown');
      engine.gate.reload();
      engine.reloadDetector();
      return e;
    },
    'allowlist.remove': (p) => {
      const removed = q.allowlist.remove(p.id);
      engine.gate.reload();
      engine.reloadDetector();
      return { removed };
    },

    'storage.get': () => engine.storage.info(),
    'storage.set': (p) => engine.storage.set(p),
    'rules.list': () => q.rules.list(),
    'rules.set': (p) => {
      const r = q.rules.set(p.rule, p.enabled, p.params ?? {});
      engine.reloadDetector();
      return r;
    },

    'models.list': () => engine.model.repo.list(),
    'models.detail': (p) => engine.model.repo.detail(p.version),
    'models.activate': (p) => engine.model.activate(p.version),
    'models.train': (p) => {
      engine.assertRunning();
      return engine.model.train(p);
    },
    'models.cancel': () => ({ cancelled: engine.model.trainer.cancel() }),
    'model.features': () => engine.model.features(),
    'model.score': (p) => engine.model.score(p.features),
  };
}

/** Validates and runs one request. Throws EngineError (bad-request, not-found, …) for the host to envelope. */
export async function dispatch<M extends Method>(handlers: HandlerMap, method: M, params: unknown) {
  const valid = validateParams(method, params);
  const fn = handlers[method] as (p: typeof valid) => unknown;
  return fn(valid);
}
