import { setFlagsFromString } from 'node:v8';

/** The V8 setting the relay runs with (see {@link tuneGarbageCollector}). */
export const GC_TUNING_FLAG = '--no-allocation-site-pretenuring';

let tuned = false;

/**
 * Turns off V8's allocation-site pretenuring for this process. Returns `true` the first time,
 * `false` when it was done already. `session-chat serve` and the demo call it before the
 * relay starts; a host that runs `createRelay()` in its own process may call it too (it
 * changes the whole process), or start Node with `--no-allocation-site-pretenuring`.
 *
 * Why: a relay holds a little state for every message, so its young generation grows to
 * V8's largest size. From then on V8 allocates objects of "long-lived" allocation sites
 * directly in the old generation; for a relay those objects (frames, stream write lists)
 * die within the same tick, but until the next full collection they keep the young objects
 * they point to alive. Each scavenge then copied about 0.5–1 MB more and a full collection
 * followed every 1–2 s: in steady state at 5,000 delivered/s the relay's p99 was 6–12 ms with
 * it and 2.4–4.5 ms without (bench/README.md, "Pretenuring"). Bare `ws` shows the same 0.5 MB
 * per scavenge once its young generation is held at the largest size (`--min-semi-space-size=16`).
 */
export function tuneGarbageCollector(): boolean {
  if (tuned) return false;
  tuned = true;
  setFlagsFromString(GC_TUNING_FLAG);
  return true;
}
