/**
 * The 64-bit ids (two int32 halves, as StableHasher leaves them) one batch already holds, so an
 * export's repeated records become one upsert. Open addressing over typed arrays: no string
 * hashing and no Set per batch, and `clear()` is a generation bump instead of a rewrite.
 */
export class SeenIds {
  private hi: Int32Array;
  private lo: Int32Array;
  private stamp: Uint32Array;
  private mask: number;
  private generation = 1;
  private count = 0;

  constructor(expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.stamp = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** Adds the id; false when the batch already held it. */
  add(h1: number, h2: number): boolean {
    const { hi, lo, stamp, mask, generation } = this;
    let i = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      if (stamp[i] !== generation) break;
      if (hi[i] === h1 && lo[i] === h2) return false;
      i = (i + 1) & mask;
    }
    stamp[i] = generation;
    hi[i] = h1;
    lo[i] = h2;
    if (++this.count * 2 > mask) this.grow();
    return true;
  }

  clear(): void {
    this.count = 0;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    } else this.generation++;
  }

  private grow(): void {
    const { hi, lo, stamp, generation } = this;
    const size = (this.mask + 1) * 2;
    this.hi = new Int32Array(size);
    this.lo = new Int32Array(size);
    this.stamp = new Uint32Array(size);
    this.mask = size - 1;
    this.generation = 1;
    this.count = 0;
    for (let i = 0; i < stamp.length; i++)
      if (stamp[i] === generation) this.add(hi[i] as number, lo[i] as number);
  }
}
