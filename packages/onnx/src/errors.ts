/** A model that cannot be exported or imported; the message is one line saying what and what to do. */
export class OnnxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OnnxError";
  }
}
