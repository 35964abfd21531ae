import { useState } from 'react';
import type { RuleSetting } from '../../../electron/contract/types';
import { QueryView } from '../components/States/States';
import { errorText } from '../format';
import { useLive } from '../live/LiveContext';
import { useQuery } from '../live/useQuery';
import { RULE_CATALOG, type RuleInfo } from '../rules-catalog';
import { TableHead } from '../components/TableHead/TableHead';
import { formatDefaults, formatParams, parseParams } from '../rule-params';

function RuleRow({ info, setting, onSaved }: { info: RuleInfo; setting: RuleSetting | undefined; onSaved: () => void }) {
  const { bridge } = useLive();
  const enabled = setting ? setting.enabled : info.defaults.enabled !== false;
  const [draft, setDraft] = useState(formatParams(setting?.params ?? {}));
  const [error, setError] = useState<string | null>(null);
  const save = (nextEnabled: boolean) => {
    const params = parseParams(draft);
    if (typeof params === 'string') return setError(params);
    bridge.request('rules.set', { rule: info.rule, enabled: nextEnabled, params }).then(
      () => {
        setError(null);
        onSaved();
      },
      (e) => setError(errorText(e)),
    );
  };
  const { enabled: _e, ...defaults } = info.defaults;
  void _e;
  return (
    <tr>
      <td>
        <div className="mono">{info.rule}</div>
        <div className="muted small">
          {info.summary} <span className="rule-category">· {info.category}</span>
        </div>
      </td>
      <td>
        <input type="checkbox" aria-label={`Enable ${info.rule}`} checked={enabled} onChange={(e) => save(e.target.checked)} />
      </td>
      <td className="muted mono small">{formatDefaults(defaults)}</td>
      <td>
        <input className="mono" aria-label={`Overrides for ${info.rule}`} placeholder="e.g. threshold=30" value={draft} onChange={(e) => setDraft(e.target.value)} />
        <button type="button" onClick={() => save(enabled)}>
          Save
        </button>
        {error && (
          <div className="state state-error" role="alert">
            {error}
          </div>
        )}
      </td>
    </tr>
  );
}

/** Every rule with its defaults; switches and overrides go to rules.set (open episodes close on a change). */
export function RulesPage() {
  const q = useQuery((b) => b.request('rules.list', {}), 'rules');
  return (
    <div className="page rules-page">
      <p className="muted">Changing a rule rebuilds the detector: open episodes close and new ones start from the next event.</p>
      <QueryView q={q} what="rules">
        {(settings) => (
          <table className="dense" aria-label="Rules">
            <TableHead cols={['rule: what it detects', 'on', 'defaults', 'overrides']} />
            <tbody>
              {RULE_CATALOG.map((info) => (
                <RuleRow key={info.rule} info={info} setting={settings.find((s) => s.rule === info.rule)} onSaved={q.reload} />
              ))}
            </tbody>
          </table>
        )}
      </QueryView>
    </div>
  );
}
