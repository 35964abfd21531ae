import { createAttack, defaultAttackMix, planEpisodes, type EpisodeTrigger } from './attacks/plan';
import { HEALTH_CHECKERS } from './user-agents';
import { createWriter, type FormatWriter, type LineSink } from './format';
import { MinHeap } from './heap';
import { ATTACKER_FIRST_OCTETS, BENIGN_FIRST_OCTETS, IpPool } from './ip-space';
import { defaultClients, buildPopulation } from './population';
import { Rng } from './prng';
import { TruthRecorder } from './truth';
import {
  ATTACK_TYPES,
  GENERATE_FORMATS,
  blankRequest,
  type Actor,
  type AttackType,
  type GenContext,
  type GenerateOptions,
  type GenerateSummary,
  type GenRequest,
} from './types';

/** Default start: a fixed Monday, so output depends only on the options. */
export const DEFAULT_START = Date.UTC(2024, 5, 3, 0, 0, 0);

export function normalizeStart(start: GenerateOptions['start']): number {
  if (start === undefined) return DEFAULT_START;
  const t = start instanceof Date ? start.getTime() : typeof start === 'string' ? Date.parse(start) : start;
  if (!Number.isFinite(t)) throw new Error(`invalid start time '${String(start)}'`);
  return Math.floor(t);
}

/**
 * The streaming engine. Actors (benign clients and attack episodes) sit in a min-heap keyed by the time of
 * their next request; the earliest one emits, the writer turns it into lines, and the actor goes back with
 * its next time. Memory is O(actors), independent of the line count. `step` lets callers interleave I/O.
 */
export class TrafficGenerator {
  readonly clients: number;
  private readonly total: number;
  private readonly start: number;
  private readonly rng: Rng;
  private readonly attackRng: Rng;
  private readonly heap = new MinHeap<Actor>();
  private readonly writer: FormatWriter;
  private readonly truth = new TruthRecorder();
  private readonly pool: IpPool;
  private readonly ctx: GenContext;
  private readonly req: GenRequest = blankRequest(HEALTH_CHECKERS[0]!);
  private readonly triggers: EpisodeTrigger[];
  private readonly seen: Uint8Array;
  private nextTrigger = 0;
  private nextId: number;
  private episodes = 0;
  private written = 0;
  private requests = 0;
  private attackRequests = 0;
  private firstTime = NaN;
  private headerDone = false;
  private lastTime = NaN;

  constructor(private readonly options: GenerateOptions) {
    if (!Number.isInteger(options.lines) || options.lines < 0) throw new Error(`lines must be an integer ≥ 0, got ${options.lines}`);
    if (!GENERATE_FORMATS.includes(options.format)) throw new Error(`unknown format '${String(options.format)}'`);
    this.total = options.lines;
    const start = (this.start = normalizeStart(options.start));
    const master = new Rng(options.seed);
    this.rng = master.fork('traffic');
    this.attackRng = master.fork('attacks');
    const web = options.format === 'combined';
    this.writer = createWriter(options.format, master.fork('writer'));
    this.clients = options.clients ?? defaultClients(this.total);
    if (!Number.isInteger(this.clients) || this.clients < 1) throw new Error(`clients must be an integer ≥ 1, got ${this.clients}`);
    this.pool = new IpPool(master.fork('attacker-ips'), ATTACKER_FIRST_OCTETS);
    const benignPool = new IpPool(master.fork('benign-ips'), BENIGN_FIRST_OCTETS);
    const actors = buildPopulation(master.fork('population'), benignPool, this.clients, start, web);
    for (const a of actors) this.heap.push(a);
    this.seen = new Uint8Array(actors.length);
    this.nextId = actors.length;
    this.triggers = planEpisodes(options.attacks ?? defaultAttackMix(this.total), this.total, master.fork('plan'));
    this.ctx = { rng: this.rng, web, truth: this.truth };
  }

  get linesWritten(): number {
    return this.written;
  }

  get done(): boolean {
    return this.written >= this.total;
  }

  /** Log time of the next request (a live feed paces itself on it); Infinity when no actor is left. */
  get nextTime(): number {
    return this.heap.peek()?.nextTime ?? Infinity;
  }

  /** Writes up to `maxLines` more lines (a multi-line request may not be split, so slightly fewer is possible). */
  step(maxLines: number, onLine: LineSink): number {
    const before = this.written;
    const target = Math.min(this.total, this.written + maxLines);
    const req = this.req;
    const heap = this.heap;
    const writer = this.writer;
    if (!this.headerDone) {
      this.headerDone = true;
      for (const line of writer.header?.(this.start) ?? []) {
        if (this.written >= target) break;
        onLine(line);
        this.written++;
      }
    }
    while (this.written < target) {
      while (this.nextTrigger < this.triggers.length && this.triggers[this.nextTrigger]!.atLine <= this.written) {
        this.spawn(this.triggers[this.nextTrigger++]!.type);
      }
      const actor = heap.peek()!;
      const emitted = actor.emit(req, this.ctx);
      if (actor.done) heap.pop();
      else heap.updateTop();
      if (!emitted) continue;
      const need = writer.linesFor(req);
      if (need === 0) continue;
      const remaining = this.total - this.written;
      if (need > remaining) {
        // The log ends mid-call: only a benign request may be left in flight (its response never logged).
        if (remaining === 1 && req.owner < 0 && writer.writeFirstLine(req, onLine)) this.count(req, 1);
        continue;
      }
      writer.write(req, onLine);
      this.count(req, need);
    }
    return this.written - before;
  }

  private count(req: GenRequest, lines: number): void {
    this.written += lines;
    this.requests++;
    if (this.requests === 1) this.firstTime = req.time;
    this.lastTime = req.time;
    if (req.owner >= 0) {
      this.attackRequests++;
      if (this.writer.attributable(req)) this.truth.hit(req.owner, req.time);
    } else if (req.client >= 0) this.seen[req.client] = 1;
  }

  private spawn(type: AttackType): void {
    const now = Math.max(this.heap.peek()?.nextTime ?? 0, Number.isNaN(this.lastTime) ? 0 : this.lastTime);
    const start = now + this.attackRng.int(0, 30_000);
    const env = { rng: this.attackRng, truth: this.truth, pool: this.pool, web: this.ctx.web };
    this.heap.push(createAttack(type, this.nextId++, start, env, this.episodes++));
  }

  summary(): GenerateSummary {
    const truth = this.truth.rows(this.writer.resolutionMs);
    const attackersByType: Partial<Record<AttackType, number>> = {};
    for (const r of truth) attackersByType[r.attackType] = (attackersByType[r.attackType] ?? 0) + 1;
    let active = 0;
    for (const s of this.seen) active += s;
    const episodesByType = this.truth.episodesByType();
    const ordered = <T>(m: Partial<Record<AttackType, T>>): Partial<Record<AttackType, T>> => {
      const o: Partial<Record<AttackType, T>> = {};
      for (const t of ATTACK_TYPES) if (m[t] !== undefined) o[t] = m[t];
      return o;
    };
    return {
      format: this.options.format,
      seed: this.options.seed,
      lines: this.written,
      requests: this.requests,
      attackRequests: this.attackRequests,
      clients: this.seen.length,
      activeClients: active,
      attackersByType: ordered(attackersByType),
      episodesByType: ordered(episodesByType),
      firstTime: this.requests > 0 ? this.firstTime : this.start,
      lastTime: this.requests > 0 ? this.lastTime : this.start,
      truth,
    };
  }
}
