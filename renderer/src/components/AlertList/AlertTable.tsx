import { useEffect, useRef, type ChangeEvent } from 'react';
import type { AlertRow } from '../../../../electron/contract/types';
import { fmtInt, fmtTime } from '../../format';
import { TableHead } from '../TableHead/TableHead';
import { pageState, type Selection } from './selection';
import { ruleSummary } from '../../rules-catalog';

interface Props {
  rows: AlertRow[];
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (uid: number) => void;
  /** Alerts ticked for bulk triage (by uid; may include rows of other pages). */
  checked: Selection;
  onCheck: (uid: number, range: boolean) => void;
  onCheckPage: () => void;
}

function PageCheckbox({ state, onChange }: { state: ReturnType<typeof pageState>; onChange: () => void }) {
  const box = useRef<HTMLInputElement>(null);
  // `indeterminate` exists only as a DOM property, not as an attribute React can render.
  useEffect(() => {
    if (box.current) box.current.indeterminate = state === 'some';
  }, [state]);
  return <input ref={box} type="checkbox" aria-label="Select all alerts on this page" checked={state === 'all'} onChange={onChange} />;
}

const shiftHeld = (e: ChangeEvent<HTMLInputElement>) => (e.nativeEvent as MouseEvent).shiftKey === true;

/** Dense alert rows; the selected one (j/k) is highlighted and kept in view; checkboxes pick rows for bulk triage. */
export function AlertTable({ rows, selected, onSelect, onOpen, checked, onCheck, onCheckPage }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const row = body.current?.children[selected] as HTMLElement | undefined;
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const state = pageState(checked, rows.map((a) => a.uid));
  return (
    <table className="dense alert-table" aria-label="Alerts">
      <TableHead
        lead={<PageCheckbox state={state} onChange={onCheckPage} />}
        cols={['severity', 'client / key', 'rule', 'risk', 'count', 'first seen', 'last seen', 'status']}
        num={['risk', 'count']}
      />
      <tbody ref={body}>
        {rows.map((a, i) => (
          <tr
            key={a.uid}
            data-uid={a.uid}
            aria-selected={i === selected}
            className={`${i === selected ? 'selected' : ''} ${a.active ? 'active' : ''} ${checked.has(a.uid) ? 'checked' : ''}`}
            onClick={() => {
              onSelect(i);
              onOpen(a.uid);
            }}
          >
            {/* Ticking a row moves the cursor to it but does not open it. */}
            <td className="pick" onClick={(e) => e.stopPropagation()}>
              <label>
                <input
                  type="checkbox"
                  aria-label={`Select alert ${a.uid}`}
                  checked={checked.has(a.uid)}
                  onChange={(e) => {
                    onSelect(i);
                    onCheck(a.uid, shiftHeld(e));
                  }}
                />
              </label>
            </td>
            <td>
              <span className={`sev sev-${a.severity}`}>{a.severity}</span>
            </td>
            <td className="mono ellipsis" title={a.key}>
              {a.key}
              {a.keyKind !== 'ip' && <span className="muted"> ({a.keyKind})</span>}
            </td>
            <td title={`${a.rule}: ${ruleSummary(a.rule)}`}>{a.rule}</td>
            <td className="num">{a.risk}</td>
            <td className="num">{fmtInt(a.count)}</td>
            <td className="mono">{fmtTime(a.firstSeen)}</td>
            <td className="mono">{fmtTime(a.lastSeen)}</td>
            <td>
              <span className={`status status-${a.status}`}>{a.status}</span>
              {a.active && <span className="live-dot" title="episode still open" aria-label="active" />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
