import { useEffect, useRef, useState } from 'react';
import type { ShieldBridge } from '../../../electron/contract/bridge';
import type { AlertFilter, AlertRow } from '../../../electron/contract/types';
import { AlertDrawer } from '../components/AlertDrawer/AlertDrawer';
import type { EventQuery } from '../live/events-query';
import { AlertFilters, type AlertQuery } from '../components/AlertList/AlertFilters';
import { AlertTable } from '../components/AlertList/AlertTable';
import { BulkBar } from '../components/AlertList/BulkBar';
import { useAlertSelection } from '../components/AlertList/useAlertSelection';
import { Empty, QueryView } from '../components/States/States';
import { downloadText } from '../export/download';
import { blockList, blockableIps, nginxDeny, wso2DenyPolicies } from '../../../core/report/mitigations';
import { alertsCsv } from '../../../core/report/alerts-csv';
import { errorText, fmtInt } from '../format';
import { useHotkeys } from '../hotkeys/useHotkeys';
import { useLive } from '../live/LiveContext';
import { useQuery } from '../live/useQuery';
import { RULE_IDS } from '../rules-catalog';
import { logExtent } from '../live/overview-query';
import { presetRange, rangeEnd, type RangePreset } from '../live/range';

const PAGE = 25;

function toFilter(q: AlertQuery): AlertFilter {
  return {
    severity: q.severity.length ? q.severity : undefined,
    status: q.status ? [q.status] : undefined,
    rule: q.rule ? [q.rule] : undefined,
    text: q.text.trim() ? q.text.trim() : undefined,
  };
}

/**
 * The filter with its time range: the preset's span of log time ending at the newest stored event, as on the
 * other pages (a replayed log reads like a live one).
 */
async function withRange(bridge: ShieldBridge, filter: AlertFilter, preset: RangePreset): Promise<AlertFilter> {
  if (preset === 'all') return filter;
  const { newest } = await logExtent(bridge, false);
  return { ...filter, range: presetRange(preset, rangeEnd(newest), null) };
}

/** Every alert matching the filter (up to 10,000), for exports. */
async function allMatching(bridge: ShieldBridge, filter: AlertFilter): Promise<AlertRow[]> {
  const out: AlertRow[] = [];
  for (let offset = 0; offset < 10_000; offset += 1000) {
    const page = await bridge.request('alerts.list', { filter, offset, limit: 1000 });
    out.push(...page.rows);
    if (page.rows.length < 1000) break;
  }
  return out;
}

interface Props {
  query: AlertQuery;
  setQuery: (q: AlertQuery) => void;
  focusSearch: number;
  openUid: number | null;
  setOpenUid: (uid: number | null) => void;
  onClient: (client: string) => void;
  onEvents: (q: Partial<EventQuery>) => void;
}

export function AlertsPage({ query, setQuery, focusSearch, openUid, setOpenUid, onClient, onEvents }: Props) {
  const { bridge, alertsRev } = useLive();
  const [offset, setOffset] = useState(0);
  const [selected, setSelected] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const picked = useAlertSelection();
  const search = useRef<HTMLInputElement>(null);
  const filter = toFilter(query);
  const q = useQuery(
    async (b) => b.request('alerts.list', { filter: await withRange(b, filter, query.preset), sort: { field: query.sort, dir: query.dir }, offset, limit: PAGE }),
    `${JSON.stringify(filter)}|${query.preset}|${query.sort}|${query.dir}|${offset}|${alertsRev}`,
  );
  const rows = q.data?.rows ?? [];
  const total = q.data?.total ?? 0;
  const pageUids = rows.map((a) => a.uid);

  useEffect(() => {
    if (focusSearch) search.current?.focus();
  }, [focusSearch]);
  useEffect(() => setSelected((s) => Math.min(s, Math.max(0, rows.length - 1))), [rows.length]);

  useHotkeys({
    'next-alert': () => setSelected((s) => Math.min(s + 1, rows.length - 1)),
    'prev-alert': () => setSelected((s) => Math.max(s - 1, 0)),
    'open-alert': () => rows[selected] && setOpenUid(rows[selected]!.uid),
    'toggle-alert': () => rows[selected] && picked.toggle(rows[selected]!.uid, pageUids),
  });

  const changeQuery = (next: AlertQuery) => {
    // A selection made under other filters may hold alerts this list no longer shows: never apply to those.
    if (JSON.stringify(toFilter(next)) !== JSON.stringify(filter) || next.preset !== query.preset) picked.clear();
    setQuery(next);
    setOffset(0);
    setSelected(0);
  };

  const exportAs = async (kind: 'csv' | 'blocklist' | 'nginx' | 'wso2') => {
    try {
      const alerts = await allMatching(bridge, await withRange(bridge, filter, query.preset));
      if (kind === 'csv') {
        if (!alerts.length) return setNotice('No alert matches these filters.');
        downloadText(`api-shield-alerts-${new Date().toISOString().slice(0, 10)}.csv`, alertsCsv(alerts), 'text/csv');
        return setNotice(`Exported ${fmtInt(alerts.length)} alert(s) as CSV${alerts.length === 10_000 ? ' (the first 10,000)' : ''}.`);
      }
      if (kind === 'wso2') {
        const policies = wso2DenyPolicies(alerts);
        if (!policies.length) return setNotice('No IP addresses or users among the matching alerts.');
        downloadText('api-shield-wso2-deny-policies.json', JSON.stringify(policies, null, 2) + '\n', 'application/json');
        return setNotice(`Exported ${policies.length} WSO2 deny polic${policies.length === 1 ? 'y' : 'ies'} from ${alerts.length} alert(s).`);
      }
      const ips = blockableIps(alerts);
      if (!ips.length) {
        setNotice('No IP addresses among the matching alerts.');
        return;
      }
      if (kind === 'blocklist') downloadText('api-shield-blocklist.txt', blockList(alerts));
      else downloadText('api-shield-deny.conf', nginxDeny(alerts, Date.now()));
      setNotice(`Exported ${ips.length} address(es) from ${alerts.length} alert(s).`);
    } catch (e) {
      setNotice(`Export failed: ${errorText(e)}`);
    }
  };

  return (
    <div className={`page alerts-page ${openUid !== null ? 'with-drawer' : ''}`}>
      <div className="page-main">
        <div className="toolbar">
          <AlertFilters ref={search} value={query} rules={RULE_IDS} onChange={changeQuery} />
          <div className="exports" role="group" aria-label="Export mitigations">
            <button type="button" onClick={() => void exportAs('csv')} title="Every alert matching the filters, for a report or a spreadsheet">
              Export CSV
            </button>
            <button type="button" onClick={() => void exportAs('blocklist')}>
              Export block list
            </button>
            <button type="button" onClick={() => void exportAs('nginx')}>
              Export nginx deny
            </button>
            <button type="button" onClick={() => void exportAs('wso2')} title="Deny policies for WSO2 API Manager's admin API">
              Export WSO2 deny policies
            </button>
          </div>
        </div>
        {picked.uids.size > 0 && (
          <BulkBar
            uids={[...picked.uids]}
            offPage={[...picked.uids].filter((u) => !pageUids.includes(u)).length}
            onClear={picked.clear}
            onApplied={(msg) => {
              picked.clear();
              setNotice(msg);
            }}
          />
        )}
        {notice && (
          <div className="state" role="status">
            {notice}
          </div>
        )}
        <QueryView q={q} what="alerts">
          {() =>
            rows.length === 0 ? (
              <Empty>
                {total === 0 && !filter.severity && !filter.text && !filter.status && !filter.rule && query.preset === 'all'
                  ? 'No alerts yet. They appear here as the engine finds them.'
                  : 'No alert matches these filters.'}
              </Empty>
            ) : (
              <AlertTable
                rows={rows}
                selected={selected}
                onSelect={setSelected}
                onOpen={(uid) => setOpenUid(uid)}
                checked={picked.uids}
                onCheck={(uid, range) => picked.toggle(uid, pageUids, range)}
                onCheckPage={() => picked.togglePage(pageUids)}
              />
            )
          }
        </QueryView>
        <nav className="pager" aria-label="Alert pages">
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            ← Previous
          </button>
          <span aria-live="polite" data-testid="alert-count">
            {total ? `${fmtInt(offset + 1)}–${fmtInt(Math.min(offset + PAGE, total))} of ${fmtInt(total)}` : '0 alerts'}
          </span>
          <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next →
          </button>
        </nav>
      </div>
      {openUid !== null && <AlertDrawer uid={openUid} onClose={() => setOpenUid(null)} onClient={onClient} onEvents={onEvents} />}
    </div>
  );
}
