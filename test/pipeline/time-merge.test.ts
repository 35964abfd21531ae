import { describe, expect, it } from 'vitest';
import { emptyEvent, type AccessEvent } from '../../core/events/event';
import { mergeByTime, type Producer } from '../../core/pipeline/time-merge';

const ev = (source: number, time: number, line: number): AccessEvent => Object.assign(emptyEvent(), { source, time, line });

/** A source that hands out `times` in chunks of `chunk`, yielding to the event loop between chunks. */
function producer(source: number, times: number[], chunk = 3, log?: number[]): Producer {
  return async (push, afterChunk) => {
    for (let i = 0; i < times.length; i += chunk) {
      await new Promise((r) => setImmediate(r));
      times.slice(i, i + chunk).forEach((t, k) => push(ev(source, t, i + k + 1)));
      log?.push(source);
      const pause = afterChunk();
      if (pause) await pause;
    }
  };
}

async function merged(producers: Producer[]): Promise<string[]> {
  const out: string[] = [];
  await mergeByTime(producers, (e) => out.push(`${e.source}:${e.time}`));
  return out;
}

describe('mergeByTime', () => {
  it.each([
    ['interleaves two nodes by time', [[1, 4, 6, 9], [2, 3, 7, 8]], ['0:1', '1:2', '1:3', '0:4', '0:6', '1:7', '1:8', '0:9']],
    ['on a tie, the earlier source first', [[5, 5, 6], [5, 6]], ['0:5', '0:5', '1:5', '0:6', '1:6']],
    ['pieces that follow each other: one after the other', [[1, 2, 3], [3, 4, 5]], ['0:1', '0:2', '0:3', '1:3', '1:4', '1:5']],
    ['keeps each source in its own order, even out of order inside it', [[1, 9, 2, 10], [5]], ['0:1', '1:5', '0:9', '0:2', '0:10']],
    ['an empty source', [[], [1, 2]], ['1:1', '1:2']],
    ['three sources', [[3], [1, 4], [2]], ['1:1', '2:2', '0:3', '1:4']],
  ])('%s', async (_what, sources, expected) => {
    expect(await merged(sources.map((times, i) => producer(i, times)))).toEqual(expected);
  });

  it('delivers every event once, in time order, from sources far larger than its buffers', async () => {
    const a = Array.from({ length: 200_000 }, (_, i) => 2 * i);
    const b = Array.from({ length: 100_000 }, (_, i) => 4 * i + 1);
    let last = -Infinity;
    let n = 0;
    await mergeByTime([producer(0, a, 5000), producer(1, b, 5000)], (e) => {
      expect(e.time).toBeGreaterThanOrEqual(last);
      last = e.time;
      n++;
    });
    expect(n).toBe(300_000);
  });

  it('pauses a source that runs ahead of the others (bounded memory)', async () => {
    // Source 0 covers the whole span at once; source 1 trickles. Without pausing, 0 would be read whole.
    const reads: number[] = [];
    let undelivered = 0;
    let maxUndelivered = 0;
    const fast: Producer = async (push, afterChunk) => {
      for (let i = 0; i < 200; i++) {
        for (let k = 0; k < 1000; k++) push(ev(0, i * 1000 + k, 0));
        undelivered += 1000;
        maxUndelivered = Math.max(maxUndelivered, undelivered);
        reads.push(0);
        const pause = afterChunk();
        if (pause) await pause;
      }
    };
    const slow = producer(1, Array.from({ length: 2000 }, (_, i) => i * 100), 10, reads);
    await mergeByTime([fast, slow], (e) => {
      if (e.source === 0) undelivered--;
    });
    expect(maxUndelivered).toBeLessThan(50_000);
    expect(reads.filter((s) => s === 0)).toHaveLength(200);
  });

  it("fails with a source's error, and stops the other sources instead of hanging", async () => {
    let otherChunks = 0;
    const failing: Producer = async (push, afterChunk) => {
      push(ev(0, 1, 1));
      await afterChunk();
      throw new Error('disk on fire');
    };
    const endless: Producer = async (push, afterChunk) => {
      for (let i = 0; ; i++) {
        for (let k = 0; k < 1000; k++) push(ev(1, i * 1000 + k, 0));
        otherChunks++;
        const pause = afterChunk();
        if (pause) await pause;
      }
    };
    await expect(mergeByTime([failing, endless], () => {})).rejects.toThrow('disk on fire');
    expect(otherChunks).toBeLessThan(1000);
  });
});
