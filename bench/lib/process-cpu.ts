// The CPU time another process has used (user + system, from /proc), in milliseconds: what a
// server did during a window, whatever else the shared machine was doing meanwhile. Wall-clock
// figures on two busy cores include the time a process waited for a core; this does not.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | null = null;

/**
 * The whole process (every thread: the event loop, V8's garbage-collector helpers, libuv's pool
 * that runs the fsyncs), or its main thread alone (the event loop: the JavaScript and the socket
 * writes). null when /proc is not there (not Linux) or the process is gone.
 */
export function processCpuMs(pid: number, mainThreadOnly = false): number | null {
  try {
    ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const stat = readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    return ((Number(fields[11]) + Number(fields[12])) / ticksPerSecond) * 1000;
  } catch {
    return null;
  }
}
