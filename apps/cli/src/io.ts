/**
 * Where a command writes and what it reads from its surroundings. `run` takes one, so tests run
 * the CLI in-process and read what it printed; the bin passes the real process's.
 */
export interface CliIo {
  /** Writes text to standard output as is (no newline added). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error as is (no newline added). */
  readonly stderr: (text: string) => void;
  /** Environment variables (ALEXNET_DEBUG=1 prints stack traces of internal errors). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The running process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
  };
}
