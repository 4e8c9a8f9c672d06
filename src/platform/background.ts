// Work a request starts but does not wait for (e.g. the password-reset mail, so the answer
// takes the same time whether or not the account exists). Shutdown waits for it before the
// database closes; tests wait for it before they look at the outcome.
export class BackgroundTasks {
  private readonly pending = new Set<Promise<void>>();

  run(task: () => Promise<unknown>, onError: (error: unknown) => void): void {
    const promise: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .then(
        () => {},
        (error: unknown) => onError(error),
      )
      .finally(() => {
        this.pending.delete(promise);
      });
    this.pending.add(promise);
  }

  /** Resolves once everything started so far (and anything it started) has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
