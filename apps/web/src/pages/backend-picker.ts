import { computeClient } from "../compute/compute-client.js";
import type { BackendRow, ComputeReply } from "../compute/protocol.js";
import { element } from "../view/dom.js";

let listing: Promise<Extract<ComputeReply, { kind: "backends" }>> | undefined;

/** The backend registry's listing in this browser (asked of the compute worker once): rows by rank, and the best available. */
function backendListing(): Promise<Extract<ComputeReply, { kind: "backends" }>> {
  listing ??= computeClient().request<"backends">({ kind: "list-backends" });
  return listing;
}

/** The backends of this browser, most preferred first. */
export function browserBackends(): Promise<readonly BackendRow[]> {
  return backendListing().then((reply) => reply.rows);
}

/** What an unavailable backend's note says: why, and how to enable it. */
function unavailableNote(row: BackendRow): string {
  return `${row.name}: ${row.reason ?? "unavailable"}${row.howToEnable === undefined ? "" : ` (${row.howToEnable})`}`;
}

/**
 * A backend <select>: every backend the registry lists, the unavailable ones disabled with their
 * one-line reason beside the list, so a backend that cannot run here says why and the others
 * still work. The registry's best available backend is chosen first.
 */
export function backendPicker(): { control: HTMLSelectElement; notes: HTMLElement } {
  const control = element("select", { name: "backend" });
  const notes = element("ul", { class: "backend-notes" });
  void backendListing().then(({ rows, best }) => {
    for (const row of rows) {
      control.append(element("option", { value: row.name, disabled: !row.available, title: row.available ? row.description : unavailableNote(row) }, row.available ? row.name : `${row.name} (unavailable)`));
      if (!row.available) notes.append(element("li", {}, unavailableNote(row)));
    }
    if (best !== undefined) control.value = best;
  });
  return { control, notes };
}
