// Process vitals of the daemon and of its helpers at one instant.

export interface ProcessVitals {
  rssBytes: number | null;
  cpuPercent: number | null;
  fds: number | null;
  threads: number | null;
}

export interface VitalsSample extends ProcessVitals {
  /** Epoch milliseconds. */
  t: number;
  fdLimit: number | null;
  /** Why fds is null, e.g. permission denied. */
  fdError: string | null;
  helpers: ProcessVitals & { count: number };
  /** The daemon's CPU time since it started (utime + stime of /proc/PID/stat), in seconds. */
  cpuSeconds?: number | null;
}
