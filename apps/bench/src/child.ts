import { fork, type ChildProcess } from "node:child_process";
import type { ChildMessage, ParentMessage } from "./protocol.js";

/** The child process exited (crashed, ran out of memory, was killed) before answering. */
export class ChildExitedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ChildExitedError";
  }
}

/**
 * Where one target's runs happen: a Node child process (BenchChild) or a browser page
 * (BrowserPage), both answering the same messages one at a time.
 */
export interface BenchProcess {
  /** Why it is gone (exited, crashed, closed), or undefined while it runs. */
  readonly exited: string | undefined;
  /** Sends a message and waits for the answer. */
  request(message: ParentMessage): Promise<ChildMessage>;
  /** Releases everything and ends. */
  stop(): Promise<void>;
  /** Ends at once (Ctrl-C). */
  kill(): void;
}

/** One benchmark child: a forked worker script answering one message at a time. */
export class BenchChild implements BenchProcess {
  private readonly process: ChildProcess;
  private pending: { resolve(message: ChildMessage): void; reject(error: Error): void } | undefined;
  private exitText: string | undefined;
  private stderrTail = "";

  /** `nodePath`: the Node binary the child runs under (default: the one running this process). */
  constructor(workerScript: string, environment: NodeJS.ProcessEnv, nodePath: string = process.execPath) {
    this.process = fork(workerScript, [], { env: environment, execPath: nodePath, execArgv: [], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    this.process.stderr?.on("data", (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString("utf8")).slice(-2000);
    });
    this.process.on("message", (message: ChildMessage) => {
      const pending = this.pending;
      this.pending = undefined;
      pending?.resolve(message);
    });
    this.process.on("exit", (code, signal) => {
      const lastLine = this.stderrTail.trim().split("\n").filter((line) => line.trim() !== "").at(-1);
      this.exitText = `the child process exited (${signal ?? `code ${code}`})${lastLine === undefined ? "" : `: ${lastLine.trim()}`}`;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(new ChildExitedError(this.exitText));
    });
    this.process.on("error", (error) => {
      this.exitText ??= `the child process failed: ${error.message}`;
      const pending = this.pending;
      this.pending = undefined;
      pending?.reject(new ChildExitedError(this.exitText));
    });
  }

  /** Why the child is gone, or undefined while it runs. */
  get exited(): string | undefined {
    return this.exitText;
  }

  /** Sends a message and waits for the answer. */
  request(message: ParentMessage): Promise<ChildMessage> {
    if (this.exitText !== undefined) return Promise.reject(new ChildExitedError(this.exitText));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.process.send(message);
    });
  }

  /** Asks the child to release everything and exit; kills it if it has not exited within the grace period. */
  async stop(graceMilliseconds = 5000): Promise<void> {
    if (this.exitText !== undefined) return;
    const exited = new Promise<void>((resolve) => this.process.once("exit", () => resolve()));
    this.process.send({ type: "stop" } satisfies ParentMessage);
    const timer = setTimeout(() => this.process.kill("SIGKILL"), graceMilliseconds);
    await exited;
    clearTimeout(timer);
  }

  /** Ends the child at once (Ctrl-C). */
  kill(): void {
    if (this.exitText === undefined) this.process.kill("SIGKILL");
  }
}
