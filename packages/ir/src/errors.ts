/**
 * An error in a model description, raised before anything computes.
 * The message is one line that names the node and the mismatch, fit to show a user as is.
 */
export class GraphError extends Error {
  /** The node the problem was found at, when there is one. */
  readonly nodeName: string | undefined;

  constructor(message: string, nodeName?: string) {
    super(message);
    this.name = "GraphError";
    this.nodeName = nodeName;
  }
}
