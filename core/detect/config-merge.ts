/**
 * Validation of user override files. The defaults object doubles as the schema: a field is known iff the
 * defaults have it, and its type is the default's type. Field-name conventions add ranges (…Ms > 0,
 * thresholds are whole numbers ≥ 1, ratio in (0, 1], weights in 0..100).
 */
import type { DetectionConfig } from './config';
import { parseIpRange } from './ip';

const SEVERITIES = ['low', 'medium', 'high', 'critical'];
const COUNT_FIELDS = new Set([
  'threshold',
  'identityThreshold',
  'minRequests',
  'sequentialRun',
  'userThreshold',
  'endpointThreshold',
  'maxTrackedKeys',
]);

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function suggestion(key: string, known: string[]): string {
  let best = '';
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return bestD <= Math.max(2, Math.floor(key.length / 3)) ? ` (did you mean '${best}'?)` : '';
}

/** Returns an error message, or '' when the number is acceptable for this field. */
function numberProblem(key: string, path: string, v: number): string {
  if (!Number.isFinite(v)) return `${path} must be a finite number, got ${describe(v)}`;
  if (COUNT_FIELDS.has(key) && (!Number.isInteger(v) || v < 1)) return `${path} must be a whole number ≥ 1, got ${v}`;
  if ((key === 'evidenceFirst' || key === 'evidenceLatest') && (!Number.isInteger(v) || v < 0 || v > 1000)) {
    return `${path} must be a whole number from 0 to 1000, got ${v}`;
  }
  if (key.endsWith('Ms') && v <= 0) return `${path} must be a positive number of milliseconds, got ${v}`;
  if (key === 'ratio' && !(v > 0 && v <= 1)) return `${path} must be in (0, 1], got ${v}`;
  if ((key === 'weight' || path.startsWith('severityBands.')) && (v < 0 || v > 100)) {
    return `${path} must be from 0 to 100, got ${v}`;
  }
  return '';
}

function mergeValue(key: string, path: string, base: unknown, user: unknown, errors: string[]): unknown {
  if (isObj(base)) {
    if (!isObj(user)) {
      errors.push(`${path} must be an object, got ${describe(user)}`);
      return base;
    }
    return mergeObject(path, base, user, errors);
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(user) || user.some((x) => typeof x !== 'string')) {
      errors.push(`${path} must be an array of strings, got ${describe(user)}`);
      return base;
    }
    if (path === 'allowlist.ips') {
      const good: string[] = [];
      for (const s of user as string[]) {
        if (parseIpRange(s)) good.push(s);
        else errors.push(`${path}: '${s}' is not an IP address or CIDR range`);
      }
      return good;
    }
    return [...(user as string[])];
  }
  if (typeof base === 'number') {
    if (typeof user !== 'number') {
      errors.push(`${path} must be a number, got ${describe(user)}`);
      return base;
    }
    const problem = numberProblem(key, path, user);
    if (problem) {
      errors.push(problem);
      return base;
    }
    return user;
  }
  if (typeof base === 'boolean') {
    if (typeof user !== 'boolean') {
      errors.push(`${path} must be true or false, got ${describe(user)}`);
      return base;
    }
    return user;
  }
  if (key === 'minSeverity') {
    if (typeof user !== 'string' || !SEVERITIES.includes(user)) {
      errors.push(`${path} must be one of ${SEVERITIES.join(', ')}, got ${describe(user)}`);
      return base;
    }
    return user;
  }
  if (typeof user !== typeof base) {
    errors.push(`${path} must be a ${typeof base}, got ${describe(user)}`);
    return base;
  }
  return user;
}

function mergeObject(path: string, base: Obj, user: Obj, errors: string[]): Obj {
  const out: Obj = { ...base };
  const known = Object.keys(base);
  for (const [key, value] of Object.entries(user)) {
    if (key.startsWith('//') || key === '$schema') continue; // comment keys are allowed in override files
    const p = path ? `${path}.${key}` : key;
    if (!Object.hasOwn(base, key)) {
      errors.push(`unknown setting '${p}'${suggestion(key, known)}`);
      continue;
    }
    out[key] = mergeValue(key, p, base[key], value, errors);
  }
  return out;
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

export function mergeConfigImpl(base: DetectionConfig, userJson: unknown): { config: DetectionConfig; errors: string[] } {
  const errors: string[] = [];
  if (userJson === undefined || userJson === null) return { config: clone(base), errors };
  if (!isObj(userJson)) {
    errors.push(`the configuration must be a JSON object, got ${describe(userJson)}`);
    return { config: clone(base), errors };
  }
  const merged = clone(mergeObject('', base as unknown as Obj, userJson, errors)) as unknown as DetectionConfig;
  const b = merged.severityBands;
  if (!(b.critical >= b.high && b.high >= b.medium)) {
    errors.push(`severityBands must satisfy critical ≥ high ≥ medium, got ${b.critical}/${b.high}/${b.medium}`);
    merged.severityBands = { ...base.severityBands };
  }
  return { config: merged, errors };
}
