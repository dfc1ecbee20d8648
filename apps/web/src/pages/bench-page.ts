import { variantNames } from "@alexnet-ts/alexnet";
import { computeClient } from "../compute/compute-client.js";
import type { BenchRow } from "../compute/protocol.js";
import { element, field, numberInput, select, showError } from "../view/dom.js";
import { drawBarChart } from "../view/line-chart.js";
import { browserBackends } from "./backend-picker.js";
import { installBenchHook } from "./bench-hook.js";

/**
 * The Bench page: `alexnet bench`'s model-level workloads (inference, training step) on the
 * chosen backends of this browser, one backend after another in the compute worker; a table of
 * medians and a chart of images/s. It also carries the hook `alexnet bench --browser` drives
 * (bench-hook.ts), so the CLI's browser rows run the same code.
 */
export function benchPage(): HTMLElement {
  installBenchHook();
  const choices = element("div", { class: "backend-choices", "data-testid": "bench-backends" });
  const variant = select("variant", variantNames, "small");
  const batch = numberInput("batch", 8, { min: 1, max: 256, step: 1 });
  const repeats = numberInput("repeats", 5, { min: 1, max: 100, step: 1 });
  const training = element("input", { type: "checkbox", name: "training", checked: true });
  const run = element("button", { type: "button", "data-testid": "bench-run" }, "Run");
  const error = element("p", { class: "error", hidden: true, "data-testid": "bench-error" });
  const status = element("p", { class: "status" });
  const table = element("table", { class: "bench-table", "data-testid": "bench-table" });
  const chart = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  void browserBackends().then((rows) => {
    for (const row of rows) {
      const box = element("input", { type: "checkbox", name: "bench-backend", value: row.name, checked: row.available && (row.name === "cpu" || row.name === "tfjs-wasm"), disabled: !row.available });
      choices.append(element("label", { class: "choice", title: row.available ? row.description : (row.reason ?? "") }, box, ` ${row.name}${row.available ? "" : " (unavailable)"}`));
    }
  });
  const render = (rows: readonly BenchRow[]) => {
    table.replaceChildren(
      element("tr", {}, ...["backend", "workload", "batch", "median ms", "images/s", "engine"].map((heading) => element("th", {}, heading))),
      ...rows.map((row) =>
        element("tr", {}, element("td", {}, row.backend), element("td", {}, row.workload), element("td", {}, String(row.batch)), element("td", {}, row.medianMilliseconds.toFixed(1)), element("td", {}, row.imagesPerSecond.toFixed(1)), element("td", {}, row.engine)),
      ),
    );
    table.setAttribute("data-json", JSON.stringify(rows));
    drawBarChart(chart, "images per second (higher is better)", rows.map((row) => ({ label: `${row.backend} ${row.workload}`, value: row.imagesPerSecond })), "img/s");
  };
  run.addEventListener("click", async () => {
    showError(error, undefined);
    const backends = [...choices.querySelectorAll<HTMLInputElement>("input:checked")].map((box) => box.value);
    if (backends.length === 0) return showError(error, "choose at least one backend");
    run.disabled = true;
    const rows: BenchRow[] = [];
    const failures: string[] = [];
    for (const backend of backends) {
      status.textContent = `running ${backend}…`;
      try {
        const reply = await computeClient().request<"bench-rows">({
          kind: "bench",
          backend,
          settings: { model: { variant: variant.value, options: {} }, workloads: training.checked ? ["inference", "training"] : ["inference"], batch: Number(batch.value), repeats: Number(repeats.value), warmup: 1 },
        });
        rows.push(...reply.rows);
        render(rows);
      } catch (failure) {
        failures.push(`${backend}: ${(failure as Error).message}`);
      }
    }
    if (failures.length > 0) showError(error, failures.join("; "));
    status.textContent = `done: ${rows.length} rows`;
    run.disabled = false;
  });
  return element(
    "section",
    { class: "page", "data-page": "bench" },
    element("h2", {}, "Bench"),
    choices,
    element("div", { class: "controls" }, field("variant", variant), field("batch", batch), field("repeats", repeats), field("training step too", training), run),
    error,
    status,
    table,
    chart,
  );
}
