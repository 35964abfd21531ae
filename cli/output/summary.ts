import type { ScanStats } from '@core/pipeline/scan-summary';

const fmt = (n: number) => n.toLocaleString('en-US');

/** The human summary printed to stderr after a scan: counts, parse errors with examples, speed. */
export function renderSummary(s: ScanStats): string {
  const out: string[] = [];
  const rate = s.lines > 0 ? ((s.events / s.lines) * 100).toFixed(2) : '0';
  out.push(
    `Scanned ${fmt(s.lines)} lines (${(s.bytes / 1048576).toFixed(1)} MiB) in ${s.seconds.toFixed(2)} s: ` +
      `${fmt(s.lines_per_second)} lines/s.`,
  );
  out.push(
    `Events ${fmt(s.events)} (${rate}% of lines), ignored ${fmt(s.ignored)}, parse errors ${fmt(s.parse_errors)}, alerts ${fmt(s.alerts)}.`,
  );
  const outside = s.ignored_by_reason['outside-range'] ?? 0;
  if (outside > 0) out.push(`Outside the --since/--until window: ${fmt(outside)} events, not detected.`);
  if (s.sources.length > 1) {
    for (const [i, src] of s.sources.entries()) {
      out.push(`  [${i}] ${src.path} (${src.format}): ${fmt(src.lines)} lines, ${fmt(src.events)} events, ${fmt(src.parseErrors)} errors`);
    }
  } else if (s.sources.length === 1) {
    out.push(`Format: ${s.sources[0].format}.`);
  }
  const codes = Object.entries(s.parse_errors_by_code).sort((a, b) => b[1].count - a[1].count);
  if (codes.length) {
    out.push('Parse errors by reason:');
    for (const [code, { count, examples }] of codes) {
      out.push(`  ${code}: ${fmt(count)}`);
      for (const e of examples) {
        const where = s.sources.length > 1 ? `${e.source}:${e.line}` : `line ${e.line}`;
        out.push(`    ${where} (byte ${e.offset}): ${e.message} | ${JSON.stringify(e.sample).slice(0, 120)}`);
      }
    }
  }
  const rules = Object.entries(s.alerts_by_rule).sort((a, b) => b[1] - a[1]);
  if (rules.length) out.push(`Alerts by rule: ${rules.map(([r, n]) => `${r} ${n}`).join(', ')}.`);
  return out.join('\n') + '\n';
}
