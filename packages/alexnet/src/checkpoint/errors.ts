/** A checkpoint or weights file that cannot be used; the message is one line naming the file and what to do. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}
