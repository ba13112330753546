/**
 * A bounded cache that keeps roughly the most recently used entries: two generations of at most
 * `capacity / 2` entries each; when the young one is full it becomes the old one and the previous old
 * one is dropped; a read from the old generation moves the entry to the young one. Every operation is
 * O(1) and never iterates (deleting from the front of a large JS `Map` and reading its first key again
 * costs time proportional to the deleted entries). It holds at most `capacity` entries and never forgets
 * any of the last `capacity / 2` entries set or read. The handler's caches of recently ended runs use it.
 */
export class BoundedLru<V> {
  private young = new Map<string, V>()
  private old = new Map<string, V>()
  private readonly generationSize: number

  /**
   * @param capacity - Largest number of entries kept; 0 keeps none.
   */
  constructor(capacity: number) {
    this.generationSize = Math.max(0, Math.floor(capacity / 2))
  }

  /** Number of entries held. */
  get size(): number {
    return this.young.size + this.old.size
  }

  /**
   * Stores a value as the most recent entry.
   *
   * @param key - The key (a run id).
   * @param value - The value.
   */
  set(key: string, value: V): void {
    if (this.generationSize === 0) return
    this.old.delete(key)
    this.young.set(key, value)
    if (this.young.size >= this.generationSize) {
      this.old = this.young
      this.young = new Map()
    }
  }

  /**
   * Reads a value and makes it recent.
   *
   * @param key - The key.
   * @returns The value, or undefined when absent (never stored, or dropped).
   */
  get(key: string): V | undefined {
    const young = this.young.get(key)
    if (young !== undefined) return young
    const old = this.old.get(key)
    if (old !== undefined) this.set(key, old)
    return old
  }

  /**
   * Whether a key is held, without changing its recency.
   *
   * @param key - The key.
   * @returns True when present.
   */
  has(key: string): boolean {
    return this.young.has(key) || this.old.has(key)
  }
}
