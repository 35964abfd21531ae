/**
 * Tiny hand-written validators. Every request crossing the boundary is checked with these before a handler
 * sees it, so handlers can trust their typed params. A failure names the offending field path.
 */
export type Check<T> = { ok: true; value: T } | { ok: false; error: string };
export type Validator<T> = (v: unknown, path: string) => Check<T>;

const ok = <T>(value: T): Check<T> => ({ ok: true, value });
const fail = <T>(path: string, what: string): Check<T> => ({ ok: false, error: `${path || 'params'}: ${what}` });

export function str(opts: { min?: number; max?: number } = {}): Validator<string> {
  const min = opts.min ?? 0;
  const max = opts.max ?? 4096;
  return (v, p) => {
    if (typeof v !== 'string') return fail(p, 'expected a string');
    if (v.length < min) return fail(p, min === 1 ? 'must not be empty' : `must have at least ${min} characters`);
    if (v.length > max) return fail(p, `must have at most ${max} characters`);
    return ok(v);
  };
}

export function int(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return fail(p, 'expected an integer');
    if (v < min || v > max) return fail(p, `must be between ${min} and ${max}`);
    return ok(v);
  };
}

export const bool: Validator<boolean> = (v, p) => (typeof v === 'boolean' ? ok(v) : fail(p, 'expected true or false'));

export function oneOf<T extends string>(values: readonly T[]): Validator<T> {
  return (v, p) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? ok(v as T)
      : fail(p, `expected one of ${values.join(', ')}`);
}

export function nullable<T>(inner: Validator<T>): Validator<T | null> {
  return (v, p) => (v === null ? ok(null) : inner(v, p));
}

export function arrayOf<T>(inner: Validator<T>, opts: { max?: number; min?: number } = {}): Validator<T[]> {
  const max = opts.max ?? 1000;
  const min = opts.min ?? 0;
  return (v, p) => {
    if (!Array.isArray(v)) return fail(p, 'expected an array');
    if (v.length > max) return fail(p, `must have at most ${max} items`);
    if (v.length < min) return fail(p, `must have at least ${min} items`);
    const out: T[] = [];
    for (let i = 0; i < v.length; i++) {
      const r = inner(v[i], `${p}[${i}]`);
      if (!r.ok) return r;
      out.push(r.value);
    }
    return ok(out);
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A property validator that may be absent (`undefined`): marks the key optional in the result type. */
export interface Optional<T> {
  optional: true;
  check: Validator<T>;
}
export const optional = <T>(check: Validator<T>): Optional<T> => ({ optional: true, check });

type Shape = Record<string, Validator<unknown> | Optional<unknown>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type Out<V> = V extends Optional<infer T> ? T : V extends Validator<infer T> ? T : never;
export type ShapeOf<S extends Shape> = { [K in RequiredKeys<S>]: Out<S[K]> } & { [K in OptionalKeys<S>]?: Out<S[K]> };

/** Strict object: unknown keys are rejected so a typo in a field name is an error, not a silent default. */
export function object<S extends Shape>(shape: S): Validator<ShapeOf<S>> {
  return (v, p) => {
    if (!isRecord(v)) return fail(p, 'expected an object');
    for (const k of Object.keys(v)) if (!(k in shape)) return fail(p ? `${p}.${k}` : k, 'unknown field');
    const out: Record<string, unknown> = {};
    for (const [k, spec] of Object.entries(shape)) {
      const fp = p ? `${p}.${k}` : k;
      const isOpt = typeof spec !== 'function';
      const value = v[k];
      if (value === undefined) {
        if (isOpt) continue;
        return fail(fp, 'is required');
      }
      const r = (isOpt ? spec.check : spec)(value, fp);
      if (!r.ok) return r;
      out[k] = r.value;
    }
    return ok(out as ShapeOf<S>);
  };
}

/** Adds a cross-field rule to a validator. */
export function refine<T>(inner: Validator<T>, rule: (v: T) => string | null): Validator<T> {
  return (v, p) => {
    const r = inner(v, p);
    if (!r.ok) return r;
    const why = rule(r.value);
    return why === null ? r : fail(p, why);
  };
}

/** Flat record of scalar values (rule parameters). */
export function scalarRecord(maxKeys = 64): Validator<Record<string, number | string | boolean>> {
  return (v, p) => {
    if (!isRecord(v)) return fail(p, 'expected an object');
    const keys = Object.keys(v);
    if (keys.length > maxKeys) return fail(p, `must have at most ${maxKeys} keys`);
    const out: Record<string, number | string | boolean> = {};
    for (const k of keys) {
      const x = v[k];
      if (typeof x === 'number' && Number.isFinite(x)) out[k] = x;
      else if (typeof x === 'string' && x.length <= 1024) out[k] = x;
      else if (typeof x === 'boolean') out[k] = x;
      else return fail(`${p}.${k}`, 'expected a finite number, a short string or a boolean');
    }
    return ok(out);
  };
}

/** A finite number in [min, max]. */
export function num(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? -Number.MAX_VALUE;
  const max = opts.max ?? Number.MAX_VALUE;
  return (v, p) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return fail(p, 'expected a finite number');
    if (v < min || v > max) return fail(p, `must be between ${min} and ${max}`);
    return ok(v);
  };
}

/** Flat record of finite numbers keyed by non-empty names (a hand-entered feature sample). */
export function numberRecord(opts: { minKeys?: number; maxKeys?: number } = {}): Validator<Record<string, number>> {
  const minKeys = opts.minKeys ?? 0;
  const maxKeys = opts.maxKeys ?? 256;
  return (v, p) => {
    if (!isRecord(v)) return fail(p, 'expected an object');
    const keys = Object.keys(v);
    if (keys.length < minKeys) return fail(p, `must have at least ${minKeys} keys`);
    if (keys.length > maxKeys) return fail(p, `must have at most ${maxKeys} keys`);
    const out: Record<string, number> = {};
    for (const k of keys) {
      if (k.length === 0 || k.length > 100) return fail(`${p}.${k}`, 'names must have 1 to 100 characters');
      const x = v[k];
      if (typeof x !== 'number' || !Number.isFinite(x)) return fail(`${p}.${k}`, 'expected a finite number');
      out[k] = x;
    }
    return ok(out);
  };
}

/** One of several validators: the first that accepts wins; the error is `what` when none does. */
export function either<A, B>(a: Validator<A>, b: Validator<B>, what: string): Validator<A | B> {
  return (v, p) => {
    const ra = a(v, p);
    if (ra.ok) return ra;
    const rb = b(v, p);
    if (rb.ok) return rb;
    return fail(p, `${what} (${typeof v === 'object' && v !== null ? rb.error : ra.error})`);
  };
}
