/**
 * A test seam for the crash tests: `WAWI_CRASH_AT=<point>@<n>` kills the process with SIGKILL the
 * n-th time it reaches the named point (see `CrashPoint` and the mail worker's points). Unset in
 * production, where it costs one comparison per point.
 */
export function crashPointsFromEnv(
  value: string | undefined,
): ((point: string) => void) | undefined {
  const match = value ? /^([a-z-]+)@(\d+)$/.exec(value) : null;
  if (!match) return undefined;

  const [, wanted, count] = match;
  let remaining = Number(count);
  return (point) => {
    if (point !== wanted) return;
    remaining -= 1;
    if (remaining <= 0) process.kill(process.pid, 'SIGKILL');
  };
}

/**
 * The same seam for code that has no options to carry one: the POS API's closing route reaches
 * 'after-closing-committed' once a closing and its transmission are committed, before the POS
 * has its answer. A no-op unless WAWI_CRASH_AT is set.
 */
export const reachCrashPoint: (point: string) => void =
  crashPointsFromEnv(process.env.WAWI_CRASH_AT) ?? (() => {});
