import type { AccessEvent, EventKind } from '../../../core/events/event';
import { templatePath } from '../../../core/detect/path-template';
import { ipv4Key } from '../../../core/detect/key-table';
import { detach } from '../../../core/detect/strings';
import type { Interner } from './interner';
import type { RollupDeltas } from './rollups';

/** `events.kind`: what the parser made of the line (see AccessEvent.kind). */
export const KIND_REQUEST = 0;
export const KIND_AUTH_FAILURE = 1;

export function eventKind(stored: number): EventKind {
  return stored === KIND_AUTH_FAILURE ? 'auth-failure' : 'request';
}

/** Numeric columns of one encoded event, in `events` insert order (the query string follows them). */
export const EVENT_COLUMNS = 18;

/**
 * Uncommitted events as rows of integers in one growable Float64Array. Holding 20,000 AccessEvent objects
 * (and the line slabs their strings point into) until the commit made them survive into the old generation:
 * a third of ingest time went to garbage collection. Encoded right away, the objects die young.
 *
 * Query strings are stored inline (not interned: cache busters and search terms make nearly every one
 * distinct) and kept as the parser's strings until the commit. Copying them into a byte buffer instead, so as
 * not to pin line slabs, measured slower: decoding each back for the insert cost ingest a fifth of its
 * rate (half the lines of a generated log have a query); kept as they are, storing queries costs about 8 %.
 */
export class EventRows {
  data = new Float64Array(EVENT_COLUMNS * 1024);
  count = 0;
  /** Row r's query string ('' when none). Reused like `data` (a fresh array per batch measured slower). */
  queries: string[] = [];

  clear(): void {
    // The queries are slices of line slabs: a written batch must not keep them alive.
    this.queries.fill('', 0, this.count);
    this.count = 0;
  }

  push(r0: number, r1: number, r2: number, r3: number, r4: number, r5: number, r6: number, r7: number,
    r8: number, r9: number, r10: number, r11: number, r12: number, r13: number, r14: number, r15: number,
    r16: number, r17: number, query: string): void {
    let o = this.count * EVENT_COLUMNS;
    if (o + EVENT_COLUMNS > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const d = this.data;
    d[o++] = r0; d[o++] = r1; d[o++] = r2; d[o++] = r3; d[o++] = r4; d[o++] = r5; d[o++] = r6; d[o++] = r7;
    d[o++] = r8; d[o++] = r9; d[o++] = r10; d[o++] = r11; d[o++] = r12; d[o++] = r13; d[o++] = r14; d[o++] = r15;
    d[o++] = r16; d[o] = r17;
    this.queries[this.count] = query;
    this.count++;
  }

}

/** Entries of each small per-column cache before it starts over. */
const SMALL_CACHE = 4096;
/** Clients cached before the client cache starts over (a busy gateway sees tens of thousands an hour). */
const CLIENT_CACHE = 100_000;

/**
 * Turns events into rows and rollup deltas. Ids come from the interner, whose one cache holds every kind
 * of string (hundreds of thousands of paths): each lookup there is a cache miss or two. Columns with few
 * distinct values (method, user agent, identity) get a small cache of their own in front of it that stays in
 * the CPU's caches; paths map to their path and template ids in one lookup.
 */
export class EventEncoder {
  /**
   * Client ids by IPv4 address as a number (ipv4Key), else by text. A number is found without hashing the
   * address's text, and this map of clients alone stays in the CPU's caches where the interner's (every string
   * of every kind) does not: the client lookup, which every event makes, took a tenth of the engine thread.
   */
  private readonly clients = new Map<number | string, number>();
  private readonly paths = new Map<string, { path: number; template: number }>();
  private readonly methods = new Map<string, number>();
  private readonly uas = new Map<string, number>();
  private readonly apis = new Map<string, number>();
  private readonly apps = new Map<string, number>();
  private readonly users = new Map<string, number>();
  private readonly hosts = new Map<string, number>();
  private readonly dims = [0, 0, 0, 0, 0, 0, 0];

  constructor(private readonly strings: Interner) {}

  /** `e.source` must already hold the file generation id. */
  encode(e: AccessEvent, rows: EventRows, rollups: RollupDeltas): void {
    const client = this.client(e.client);
    const path = this.path(e.path);
    const ua = this.small(this.uas, e.userAgent);
    const api = this.small(this.apis, e.api);
    const app = this.small(this.apps, e.application);
    const host = this.small(this.hosts, e.host);
    rows.push(e.time, client, this.small(this.methods, e.method), path.path, path.template, e.status, e.bytes, e.latencyMs,
      ua, api, app, this.small(this.users, e.user), e.source, e.line, e.offset,
      e.kind === 'auth-failure' ? KIND_AUTH_FAILURE : KIND_REQUEST, e.errorCode, host, e.query);
    const dims = this.dims;
    dims[0] = client;
    dims[1] = path.template;
    dims[2] = e.status;
    dims[3] = ua;
    dims[4] = api;
    dims[5] = app;
    dims[6] = host;
    rollups.add(e.time, e.status, e.bytes, e.latencyMs, dims);
  }

  /** After unused strings were deleted (string-gc.ts): every cached id may name a deleted row. */
  forgetCached(): void {
    for (const m of [this.clients, this.paths, this.methods, this.uas, this.apis, this.apps, this.users, this.hosts]) m.clear();
  }

  private client(value: string): number {
    if (value === '') return 0;
    const ip = ipv4Key(value);
    let id = this.clients.get(ip === ip ? ip : value);
    if (id === undefined) {
      const flat = detach(value); // a text key must not pin the line slab (see Interner.id)
      id = this.strings.id(flat, true);
      if (this.clients.size >= CLIENT_CACHE) this.clients.clear();
      this.clients.set(ip === ip ? ip : flat, id);
    }
    return id;
  }

  private small(cache: Map<string, number>, value: string): number {
    if (value === '') return 0;
    let id = cache.get(value);
    if (id === undefined) {
      const flat = detach(value); // not a slice pinning the line slab (see Interner.id); copied once for both
      id = this.strings.id(flat, true);
      if (cache.size >= SMALL_CACHE) cache.clear();
      cache.set(flat, id);
    }
    return id;
  }

  private path(path: string): { path: number; template: number } {
    let ids = this.paths.get(path);
    if (ids === undefined) {
      const flat = detach(path); // copied once for this cache and the interner's
      ids = { path: this.strings.id(flat, true), template: this.strings.id(templatePath(flat)) };
      if (this.paths.size >= 200_000) this.paths.clear();
      this.paths.set(flat, ids);
    }
    return ids;
  }
}
