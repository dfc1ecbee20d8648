import { computeClient } from "../compute/compute-client.js";
import type { BackendRow } from "../compute/protocol.js";
import { element } from "../view/dom.js";

let rows: Promise<readonly BackendRow[]> | undefined;

/** The backends of this browser (asked of the compute worker once). */
export function browserBackends(): Promise<readonly BackendRow[]> {
  rows ??= computeClient()
    .request<"backends">({ kind: "list-backends" })
    .then((reply) => reply.rows);
  return rows;
}

/**
 * A backend <select>: every backend, the unavailable ones disabled with their one-line reason
 * beside the list, so a backend that cannot run here says why and the others still work.
 */
export function backendPicker(preferred = "cpu"): { control: HTMLSelectElement; notes: HTMLElement } {
  const control = element("select", { name: "backend" });
  const notes = element("ul", { class: "backend-notes" });
  void browserBackends().then((list) => {
    for (const row of list) {
      control.append(element("option", { value: row.name, disabled: !row.available, title: row.available ? row.description : (row.reason ?? "") }, row.available ? row.name : `${row.name} (unavailable)`));
      if (!row.available) notes.append(element("li", {}, `${row.name}: ${row.reason ?? "unavailable"}`));
    }
    if (list.some((row) => row.name === preferred && row.available)) control.value = preferred;
  });
  return { control, notes };
}
