import { run } from "./run.js";

/** What one in-process run of the CLI printed, and its exit code. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `alexnet ...args` in-process and captures its output. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(["node", "alexnet", ...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  });
  return { code, stdout, stderr };
}

/** The output as lines, without the final newline. */
export function outputLines(text: string): string[] {
  return text.replace(/\n$/, "").split("\n");
}
