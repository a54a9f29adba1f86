/**
 * Whether a process with this PID exists now. EPERM means it does but belongs to someone else.
 * A PID alone can be reused: callers that must know it is the same process check more (data-lock).
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
