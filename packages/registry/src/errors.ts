/**
 * A backend that cannot be had as asked: an unknown name, one not available here, or a package
 * that fails to load. The message is one line saying what was wrong and what to do; a CLI shows
 * it as a usage error (exit 2).
 */
export class BackendChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackendChoiceError";
  }
}
