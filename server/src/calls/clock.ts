// Time as the shell sees it: the system clock in production, a fake one in unit tests, so grace
// periods, the presence throttle and floor deadlines are tested in milliseconds.
export interface Timer {
  cancel(): void;
}

export interface Clock {
  now(): number;
  /** Runs `run` once, `ms` from now. */
  after(ms: number, run: () => void): Timer;
}

/** Date.now and setTimeout; its timers never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const timer = setTimeout(run, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};
