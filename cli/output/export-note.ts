import type { MitigationExport } from '@core/report/mitigations';

/** What an export wrote, for stderr. */
export function exportNote(kind: MitigationExport, entries: number, alerts: number): string {
  const what = kind === 'wso2-deny' ? `${entries} deny polic${entries === 1 ? 'y' : 'ies'}` : `${entries} address${entries === 1 ? '' : 'es'}`;
  return `Exported ${what} (${kind}) from ${alerts.toLocaleString('en-US')} alert${alerts === 1 ? '' : 's'}.\n`;
}
