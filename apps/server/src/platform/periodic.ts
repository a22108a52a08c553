/**
 * Work a serving process repeats in the background (the reminder sweep, the planner statistics): run
 * `work` every `intervalMs` after the previous run ended, never two at once; a failure is logged and
 * the next run still comes. The returned stop waits for a run in progress.
 */
export function startPeriodic(
  intervalMs: number,
  work: () => Promise<unknown>,
  onError: (err: unknown) => void,
): () => Promise<void> {
  let stopped = false;
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout;
  const tick = async () => {
    if (stopped) return;
    running = work().catch(onError);
    await running;
    if (!stopped) schedule();
  };
  const schedule = () => {
    timer = setTimeout(tick, intervalMs);
    timer.unref();
  };
  schedule();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
