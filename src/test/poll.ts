// Waiting for something that happens in the background (a job, a server starting, a mail)
// without sleeping for a fixed time: probe until it holds or a deadline passes.

export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/** Calls `probe` until it returns a value other than undefined, null or false. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: PollOptions = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  const interval = options.intervalMs ?? 50;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${options.timeoutMs ?? 10_000} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
