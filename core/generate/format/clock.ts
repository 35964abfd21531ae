const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/**
 * Timestamp formatting with a one-second cache: traffic is written in time order, so nearly every call
 * reuses the previous second's text and only appends the milliseconds. All times are UTC.
 */
export class Clock {
  private sec = NaN;
  private clf = '';
  private iso = '';
  private hms = '';
  private secZero = false;

  private day = NaN;
  private clfDay = '';
  private isoDay = '';

  private at(ms: number): void {
    const s = Math.floor(ms / 1000);
    if (s === this.sec) return;
    this.sec = s;
    const day = Math.floor(s / 86_400);
    if (day !== this.day) {
      this.day = day;
      const d = new Date(day * 86_400_000);
      this.clfDay = `${pad2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}`;
      this.isoDay = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
    }
    const inDay = s - day * 86_400;
    const sec = inDay % 60;
    const hh = pad2(Math.floor(inDay / 3600));
    const mm = pad2(Math.floor(inDay / 60) % 60);
    const ss = pad2(sec);
    this.hms = `${hh}:${mm}:${ss}`;
    this.clf = `${this.clfDay}:${this.hms}`;
    this.secZero = sec === 0;
    this.iso = this.secZero ? `${this.isoDay}T${hh}:${mm}` : `${this.isoDay}T${this.hms}`;
  }

  /** nginx `$time_local` in UTC: `03/Jun/2024:14:05:09 +0000`. */
  clfSeconds(ms: number): string {
    this.at(ms);
    return `${this.clf} +0000`;
  }

  /** Synapse access-log time (API-M 4.5 style, with milliseconds): `03/Jun/2024:14:05:09.123 +0000`. */
  clfMillis(ms: number): string {
    this.at(ms);
    return `${this.clf}.${pad3(ms - this.sec * 1000)} +0000`;
  }

  /**
   * Java `OffsetDateTime.toString()` in UTC, as WSO2 analytics writes `requestTimestamp`: milliseconds are
   * left out when zero, and seconds too when both are zero (`2024-06-03T14:05Z`).
   */
  javaIso(ms: number): string {
    this.at(ms);
    const frac = ms - this.sec * 1000;
    if (frac !== 0) return `${this.iso}${this.secZero ? ':00' : ''}.${pad3(frac)}Z`;
    return `${this.iso}Z`;
  }

  /** ISO-8601 UTC to the second, without a zone: `2024-06-03T14:05:09`. */
  isoSeconds(ms: number): string {
    this.at(ms);
    return `${this.isoDay}T${this.hms}`;
  }

  /** ISO-8601 UTC with microseconds, as an AWS load balancer writes it: `2024-06-03T14:05:09.123000Z`. */
  isoMicros(ms: number): string {
    this.at(ms);
    return `${this.isoDay}T${this.hms}.${pad3(ms - this.sec * 1000)}000Z`;
  }

  /** HAProxy's accept date (local time, here UTC, no zone): `03/Jun/2024:14:05:09.123`. */
  haproxy(ms: number): string {
    this.at(ms);
    return `${this.clf}.${pad3(ms - this.sec * 1000)}`;
  }

  /** A syslog (RFC 3164) header time: `Jun  3 14:05:09`. */
  syslog(ms: number): string {
    this.at(ms);
    const d = this.clfDay;
    const day = Number(d.slice(0, 2));
    return `${d.slice(3, 6)} ${day < 10 ? ` ${day}` : day} ${this.hms}`;
  }

  /** log4j `%d{HH:mm:ss,SSS}`. */
  log4j(ms: number): string {
    this.at(ms);
    return `${this.hms},${pad3(ms - this.sec * 1000)}`;
  }
}
