/**
 * A first-come, first-served lock for asynchronous work: `hold` runs its function once every
 * earlier holder has finished.
 */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();
  #pending = 0;

  /** Whether some work holds the lock or waits for it. */
  get busy(): boolean {
    return this.#pending > 0;
  }

  async hold<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.#tail;
    let release: () => void = () => {};
    this.#tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.#pending++;
    try {
      await previous;
      return await fn();
    } finally {
      this.#pending--;
      release();
    }
  }
}
