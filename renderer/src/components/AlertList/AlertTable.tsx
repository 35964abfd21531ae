import { useEffect, useRef } from 'react';
import type { AlertRow } from '../../../../electron/contract/types';
import { fmtInt, fmtTime } from '../../format';
import { TableHead } from '../TableHead/TableHead';

interface Props {
  rows: AlertRow[];
  selected: number;
  onSelect: (index: number) => void;
  onOpen: (uid: number) => void;
}

/** Dense alert rows; the selected one (j/k) is highlighted and kept in view. */
export function AlertTable({ rows, selected, onSelect, onOpen }: Props) {
  const body = useRef<HTMLTableSectionElement>(null);
  useEffect(() => {
    const row = body.current?.children[selected] as HTMLElement | undefined;
    row?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <table className="dense alert-table" aria-label="Alerts">
      <TableHead cols={['severity', 'client / key', 'rule', 'risk', 'count', 'first seen', 'last seen', 'status']} num={['risk', 'count']} />
      <tbody ref={body}>
        {rows.map((a, i) => (
          <tr
            key={a.uid}
            aria-selected={i === selected}
            className={`${i === selected ? 'selected' : ''} ${a.active ? 'active' : ''}`}
            onClick={() => {
              onSelect(i);
              onOpen(a.uid);
            }}
          >
            <td>
              <span className={`sev sev-${a.severity}`}>{a.severity}</span>
            </td>
            <td className="mono ellipsis" title={a.key}>
              {a.key}
              {a.keyKind !== 'ip' && <span className="muted"> ({a.keyKind})</span>}
            </td>
            <td>{a.rule}</td>
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
