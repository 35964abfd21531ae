import { useEffect, useRef, useState } from 'react';
import type { EventRow } from '../../../electron/contract/types';
import { EventDetail } from '../components/EventDetail/EventDetail';
import { EventFilters } from '../components/EventList/EventFilters';
import { EventTable, eventKey } from '../components/EventList/EventTable';
import { RangePicker } from '../components/RangePicker/RangePicker';
import { Empty, ErrorState, QueryView } from '../components/States/States';
import { downloadText } from '../export/download';
import { eventsCsv } from '../../../core/report/events-csv';
import { fmtInt, fmtTime } from '../format';
import { EVENTS_PAGE, eventParams, isEmptyQuery, loadFirstPage, type EventQuery } from '../live/events-query';
import { useLive } from '../live/LiveContext';
import type { RangePreset } from '../live/range';
import { useQuery } from '../live/useQuery';

/** Older pages stop here: past it the analyst should narrow the filter rather than scroll. */
const MAX_LOADED = 5_000;

interface Props {
  query: EventQuery;
  setQuery: (q: EventQuery) => void;
  open: EventRow | null;
  setOpen: (e: EventRow | null) => void;
  preset: RangePreset;
  setPreset: (p: RangePreset) => void;
  onClient: (client: string) => void;
}

/** `value`, except that it stays as it was while `hold` is set (a live revision frozen while paging). */
function useHeld<T>(value: T, hold: boolean): T {
  const [held, setHeld] = useState(value);
  if (!hold && held !== value) setHeld(value);
  return hold ? held : value;
}

/** Hunting in the stored raw events: filter, read newest first, page older, open one with its raw line. */
export function EventsPage({ query, setQuery, open, setOpen, preset, setPreset, onClient }: Props) {
  const { bridge, sources, trafficRev } = useLive();
  const [older, setOlder] = useState<EventRow[]>([]);
  const [olderBusy, setOlderBusy] = useState(false);
  const [olderError, setOlderError] = useState<unknown>(null);
  const [olderDone, setOlderDone] = useState(false);
  const paged = older.length > 0;
  // New traffic refreshes the first page only: an analyst reading older pages keeps their place.
  const rev = useHeld(trafficRev, paged);
  const filterKey = JSON.stringify(query);
  const q = useQuery((b) => loadFirstPage(b, preset, query), `${filterKey}|${preset}|${rev}`);

  // A new filter or range starts over from the newest page; a reply to the old one is dropped.
  const generation = useRef(0);
  useEffect(() => {
    generation.current++;
    setOlder([]);
    setOlderDone(false);
    setOlderError(null);
  }, [filterKey, preset]);

  const first = q.data?.rows ?? [];
  const rows = paged ? [...first, ...older] : first;
  const exhausted = first.length < EVENTS_PAGE || olderDone;
  // Not while the first page reloads: its rows may still be those of the previous filter.
  const canPage = !exhausted && !olderBusy && !q.loading && rows.length < MAX_LOADED;

  const loadOlder = async () => {
    const last = rows[rows.length - 1];
    if (!q.data || !last || olderBusy) return;
    const gen = generation.current;
    setOlderBusy(true);
    setOlderError(null);
    try {
      const page = await bridge.request('query.events', eventParams(query, q.data.range, last));
      if (gen !== generation.current) return;
      setOlder((o) => [...o, ...page]);
      if (page.length < EVENTS_PAGE) setOlderDone(true);
    } catch (e) {
      if (gen === generation.current) setOlderError(e);
    } finally {
      setOlderBusy(false);
    }
  };

  const backToNewest = () => {
    generation.current++;
    setOlder([]);
    setOlderDone(false);
    setOlderError(null);
  };

  const sourceOf = (id: number) => sources?.find((s) => s.id === id);
  const sourceName = (id: number) => sourceOf(id)?.path.split('/').pop() ?? `source ${id}`;
  const exportCsv = () => {
    const iso = (t: number) => new Date(t).toISOString().replace(/[:.]/g, '');
    const name = `events-${iso(rows[rows.length - 1]!.time)}-${iso(rows[0]!.time)}.csv`;
    downloadText(name, eventsCsv(rows, (id) => sourceOf(id)?.path ?? `source ${id}`), 'text/csv');
  };

  return (
    <div className={`page events-page ${open ? 'with-drawer' : ''}`}>
      <div className="page-main">
        <div className="toolbar">
          <EventFilters value={query} sources={sources ?? []} onApply={setQuery} />
          {query.window && (
            <span className="window-chip" data-testid="event-window" data-from={query.window.from} data-to={query.window.to}>
              Window {fmtTime(query.window.from)} → {fmtTime(query.window.to)} UTC
              <button type="button" aria-label="Clear the time window" title="Back to the range preset" onClick={() => setQuery({ ...query, window: null })}>
                ✕
              </button>
            </span>
          )}
          <RangePicker
            value={query.window ? null : preset}
            onChange={(p) => {
              // Picking a range means leaving the window picked on a chart.
              if (query.window) setQuery({ ...query, window: null });
              setPreset(p);
            }}
          />
        </div>
        {q.data && (
          <span className="muted range-note">
            {q.data.newest === null ? 'no events stored yet' : `log time ${fmtTime(q.data.range.from)} → ${fmtTime(q.data.range.to)} UTC`}
            {q.loading && ' · refreshing'}
          </span>
        )}
        <QueryView q={q} what="events">
          {() =>
            rows.length === 0 ? (
              <Empty>{isEmptyQuery(query) ? 'No events in this range.' : 'No event matches these filters in this range.'}</Empty>
            ) : (
              <EventTable rows={rows} openKey={open ? eventKey(open) : null} sourceName={sourceName} onOpen={setOpen} onClient={onClient} />
            )
          }
        </QueryView>
        {olderError !== null && <ErrorState error={olderError} retry={() => void loadOlder()} />}
        <nav className="pager" aria-label="Event pages">
          {paged && (
            <button type="button" onClick={backToNewest} title="Back to the newest events; live updates resume">
              ↑ Newest
            </button>
          )}
          <span aria-live="polite" data-testid="event-count">
            {fmtInt(rows.length)} event{rows.length === 1 ? '' : 's'} loaded
            {exhausted && rows.length > 0 ? ' · oldest in range reached' : ''}
            {paged ? ' · live updates paused while reading older events' : ''}
          </span>
          <button
            type="button"
            disabled={rows.length === 0}
            title="The events loaded here, as CSV (formulas in log fields are neutralised)"
            onClick={exportCsv}
          >
            Export CSV
          </button>
          <button
            type="button"
            disabled={!canPage}
            title={rows.length >= MAX_LOADED ? `At most ${fmtInt(MAX_LOADED)} events are loaded: narrow the filter or the range` : undefined}
            onClick={() => void loadOlder()}
          >
            {olderBusy ? 'Loading…' : 'Older →'}
          </button>
        </nav>
      </div>
      {open && (
        <EventDetail
          event={open}
          sourcePath={sourceOf(open.sourceId)?.path ?? `source ${open.sourceId}`}
          onClose={() => setOpen(null)}
          onClient={onClient}
          onFilter={(patch) => setQuery({ ...query, ...patch })}
        />
      )}
    </div>
  );
}
