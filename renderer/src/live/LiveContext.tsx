import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ShieldBridge } from '../../../electron/contract/bridge';
import type { ErrorEnvelope } from '../../../electron/contract/errors';
import type { EngineCounters, EngineState, SourceStatus } from '../../../electron/contract/types';
import type { ConnectionState } from '../transport/ws-bridge';
import type { Transport } from '../transport/pick';
import { throttled } from './throttle';

export interface Live {
  bridge: ShieldBridge;
  connection: ConnectionState;
  engine: { state: EngineState; lastError: ErrorEnvelope | null } | null;
  counters: EngineCounters | null;
  sources: SourceStatus[] | null;
  /** Bumped (at most every 2 s) when alerts change: alert views re-query on it. */
  alertsRev: number;
  /** Bumped (at most every 5 s) when traffic was committed: charts and KPIs re-query on it. */
  trafficRev: number;
  /** Re-query alert views now (after a triage change, which the engine does not push). */
  refreshAlerts(): void;
}

const Ctx = createContext<Live | null>(null);

export function useLive(): Live {
  const v = useContext(Ctx);
  if (!v) throw new Error('useLive outside LiveProvider');
  return v;
}

/** One subscription to the pushed events for the whole app. */
export function LiveProvider({ transport, children }: { transport: Transport; children: ReactNode }) {
  const { bridge } = transport;
  const [connection, setConnection] = useState<ConnectionState>(transport.state());
  const [engine, setEngine] = useState<Live['engine']>(null);
  const [counters, setCounters] = useState<EngineCounters | null>(null);
  const [sources, setSources] = useState<SourceStatus[] | null>(null);
  const [alertsRev, setAlertsRev] = useState(0);
  const [trafficRev, setTrafficRev] = useState(0);

  useEffect(() => {
    const off = transport.onState(setConnection);
    setConnection(transport.state()); // it may have changed between the first render and this subscription
    return off;
  }, [transport]);

  useEffect(() => {
    if (connection !== 'open') return;
    let live = true;
    // Fresh snapshot on every (re)connect: events missed while away are not replayed.
    bridge.request('engine.status', {}).then(
      (s) => {
        if (!live) return;
        setEngine({ state: s.state, lastError: s.lastError ? { name: 'EngineError', code: s.lastError.code as ErrorEnvelope['code'], message: s.lastError.message } : null });
        setCounters(s.counters);
      },
      () => {},
    );
    bridge.request('sources.list', {}).then((s) => live && setSources(s), () => {});
    setAlertsRev((r) => r + 1);
    setTrafficRev((r) => r + 1);
    return () => {
      live = false;
    };
  }, [bridge, connection]);

  useEffect(() => {
    const alerts = throttled(() => setAlertsRev((r) => r + 1), 2_000);
    const traffic = throttled(() => setTrafficRev((r) => r + 1), 5_000);
    const offs = [
      bridge.on('alerts', () => {
        alerts.trigger();
        traffic.trigger();
      }),
      bridge.on('counters', (c) => {
        setCounters(c);
        traffic.trigger();
      }),
      bridge.on('sources', (s) =>
        setSources((prev) => {
          // The push carries only the sources that changed.
          const byId = new Map((prev ?? []).map((x) => [x.id, x]));
          for (const x of s) byId.set(x.id, x);
          return [...byId.values()].sort((a, b) => a.id - b.id);
        }),
      ),
      bridge.on('engine.state', (e) => setEngine(e)),
    ];
    return () => {
      alerts.cancel();
      traffic.cancel();
      for (const off of offs) off();
    };
  }, [bridge]);

  const refreshAlerts = useCallback(() => setAlertsRev((r) => r + 1), []);
  return <Ctx.Provider value={{ bridge, connection, engine, counters, sources, alertsRev, trafficRev, refreshAlerts }}>{children}</Ctx.Provider>;
}
