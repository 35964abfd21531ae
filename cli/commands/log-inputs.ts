import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat } from '@core/parse/index';
import type { FormatId } from '@core/parse/parser';
import { headLines, isBlank, STDIN_PATH } from '@core/pipeline/scan-files';
import { firstEventTime, lastEventTime, overlapInTime, readOrder } from '@core/pipeline/read-order';
import type { CliIO } from '../command';

/** Files in a folder that are not logs to read: hidden files, editor and temp files, compressions we do not read. */
const NOT_A_LOG = /^\.|~$|\.(swp|tmp|bak|bz2|xz|zst|zip|7z|tar)$/i;

export interface ScanInputs {
  /** Files (and `-`) to scan, in the order given, a folder's files in name order. */
  paths: string[];
  /** Paths named that do not exist. */
  missing: string[];
  /** Notes for stderr: files of a folder skipped, and why. */
  notes: string[];
}

/**
 * What `scan` and `import` read from their arguments. A folder stands for the log files in it, rotated and compressed
 * copies included (`access.log`, `access.log.1`, `access.log.2.gz`): the scanner puts them in log-time order
 * itself. A file found in a folder whose first lines are no log format we read (an error log, a README) is
 * skipped with a note; a file named on its own is never skipped (its unknown format is an error).
 */
async function scanInputs(args: readonly string[], formatGiven: boolean): Promise<ScanInputs> {
  const out: ScanInputs = { paths: [], missing: [], notes: [] };
  for (const arg of args) {
    if (arg === STDIN_PATH) {
      out.paths.push(arg);
      continue;
    }
    let st;
    try {
      st = statSync(arg);
    } catch {
      out.missing.push(arg);
      continue;
    }
    if (!st.isDirectory()) {
      out.paths.push(arg);
      continue;
    }
    const names = readdirSync(arg).filter((n) => !NOT_A_LOG.test(n)).sort();
    let taken = 0;
    for (const name of names) {
      const path = join(arg, name);
      if (!statSync(path, { throwIfNoEntry: false })?.isFile()) continue;
      const head = formatGiven ? [] : await headLines(path);
      if (!formatGiven && !detectFormat(head) && !isBlank(head)) {
        out.notes.push(`skipped ${path}: its first lines are no log format api-shield reads`);
        continue;
      }
      out.paths.push(path);
      taken++;
    }
    if (taken === 0) out.notes.push(`${arg}: no log files in this folder`);
  }
  return out;
}

/**
 * The files to read from a command's arguments, having said on stderr what was skipped; null (after saying
 * why) when a named path is missing or nothing is left to read: the command then exits with EXIT.input.
 */
export async function logFilesOrSay(args: readonly string[], formatGiven: boolean, io: Pick<CliIO, 'stderr'>): Promise<string[] | null> {
  const inputs = await scanInputs(args, formatGiven);
  if (inputs.missing.length) {
    io.stderr.write(`api-shield: ${inputs.missing[0]}: no such file\n`);
    return null;
  }
  for (const n of inputs.notes) io.stderr.write(`api-shield: ${n}\n`);
  return inputs.paths.length ? inputs.paths : null;
}

/**
 * Files in the order to import them: oldest log time first (see core/pipeline/read-order.ts), whatever
 * order they were named in. `scan` orders its files itself, after detecting their formats.
 */
export async function inLogTimeOrder(
  paths: readonly string[],
  format: FormatId | undefined,
): Promise<{ paths: string[]; overlap: boolean }> {
  const formats: FormatId[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  for (const path of paths) {
    const head = await headLines(path);
    const detected = format ?? detectFormat(head)?.format;
    // A file of no known format gets NaN: it keeps its place after the others, and the engine reports it.
    formats.push(detected ?? 'combined');
    firsts.push(detected ? firstEventTime(head, detected) : NaN);
    lasts.push(detected ? lastEventTime(path, detected) : NaN);
  }
  const order = readOrder(formats, firsts, false);
  return { paths: order.map((i) => paths[i]!), overlap: overlapInTime(order, firsts, lasts) };
}
