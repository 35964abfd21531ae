import { useState } from 'react';
import type { AlertDetail } from '../../../../electron/contract/types';
import { alertReport } from '../../export/alert-report';
import { downloadText } from '../../export/download';

/** The alert as a Markdown incident report: saved as a file, or copied for a ticket. */
export function ReportButtons({ detail }: { detail: AlertDetail }) {
  const [done, setDone] = useState<string | null>(null);
  const report = () => alertReport(detail, Date.now());
  return (
    <div className="report-buttons" role="group" aria-label="Incident report">
      <button
        type="button"
        onClick={() => {
          downloadText(`api-shield-alert-${detail.alert.uid}.md`, report(), 'text/markdown');
          setDone('Report saved.');
        }}
      >
        Download report
      </button>
      <button
        type="button"
        onClick={() =>
          void (navigator.clipboard?.writeText(report()) ?? Promise.reject(new Error('no clipboard'))).then(
            () => setDone('Report copied as Markdown.'),
            () => setDone('This window may not use the clipboard: download the report instead.'),
          )
        }
      >
        Copy as Markdown
      </button>
      {done && (
        <span className="muted small" role="status">
          {done}
        </span>
      )}
    </div>
  );
}
