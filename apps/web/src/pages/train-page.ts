import { computeClient } from "../compute/compute-client.js";
import type { ComputeReply, TrainProgress } from "../compute/protocol.js";
import { element, field, numberInput, select, showError } from "../view/dom.js";
import { drawLineChart } from "../view/line-chart.js";
import { backendPicker } from "./backend-picker.js";

/**
 * The Train page: the small variant on a slice of MNIST (2,000 training and 200 test digits,
 * shipped with the page), in the compute worker on the chosen backend; live loss and accuracy,
 * images/s, pause and resume, and a checkpoint download in the CLI's format.
 */
export function trainPage(): HTMLElement {
  const { control: backend, notes } = backendPicker();
  const batch = numberInput("batch", 32, { min: 1, max: 256, step: 1 });
  const learningRate = numberInput("learning-rate", 0.05, { min: 0.0001, max: 1, step: "any" });
  const steps = numberInput("steps", 200, { min: 0, step: 1 });
  // The paper's LRN leaves chance slowly in the first hundred steps; batch norm (the notebooks') within a few dozen.
  const normalization = select("normalization", [
    { value: "lrn", label: "LRN (the paper)" },
    { value: "batchnorm", label: "batch norm" },
    { value: "none", label: "none" },
  ]);
  // Overfitting one batch: the quick check that training works on a backend (loss falls in a few steps).
  const repeatBatch = element("input", { type: "checkbox", name: "repeat-batch" });
  const start = element("button", { type: "button", "data-testid": "train-start" }, "Start");
  const pause = element("button", { type: "button", "data-testid": "train-pause", disabled: true }, "Pause");
  const stop = element("button", { type: "button", "data-testid": "train-stop", disabled: true }, "Stop");
  const download = element("button", { type: "button", "data-testid": "train-download", disabled: true }, "Download checkpoint");
  const status = element("p", { class: "status", "data-testid": "train-status" }, "not started");
  const engine = element("p", { class: "engine", "data-testid": "train-engine" });
  const error = element("p", { class: "error", hidden: true, "data-testid": "train-error" });
  const lossChart = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const accuracyChart = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  const history: TrainProgress[] = [];
  const record = element("div", { hidden: true, "data-testid": "train-history" });
  let paused = false;

  const redraw = () => {
    drawLineChart(lossChart, "training loss", [{ label: "loss", colour: "#c0392b", points: history.map((entry) => ({ x: entry.step, y: entry.loss })) }]);
    drawLineChart(
      accuracyChart,
      "accuracy",
      [
        { label: "batch", colour: "#2e86c1", points: history.map((entry) => ({ x: entry.step, y: entry.accuracy })) },
        { label: "test digits", colour: "#27ae60", points: history.filter((entry) => entry.testAccuracy !== undefined).map((entry) => ({ x: entry.step, y: entry.testAccuracy! })) },
      ],
      { yMinimum: 0, yMaximum: 1 },
    );
    record.setAttribute("data-json", JSON.stringify(history));
  };
  const onReply = (reply: ComputeReply) => {
    if (reply.kind === "train-started") {
      engine.textContent = `${backend.value}: ${reply.engine} — ${reply.trainCount} training and ${reply.testCount} test digits`;
      download.disabled = false;
    }
    if (reply.kind === "train-progress") {
      const progress = reply.progress;
      history.push(progress);
      const test = [...history].reverse().find((entry) => entry.testAccuracy !== undefined)?.testAccuracy;
      status.textContent = `step ${progress.step} · epoch ${progress.epoch.toFixed(2)} · loss ${progress.loss.toFixed(4)} · batch accuracy ${(progress.accuracy * 100).toFixed(1)}%${test === undefined ? "" : ` · test ${(test * 100).toFixed(1)}%`} · ${progress.imagesPerSecond.toFixed(0)} images/s`;
      redraw();
    }
  };
  start.addEventListener("click", async () => {
    showError(error, undefined);
    history.length = 0;
    redraw();
    start.disabled = true;
    pause.disabled = false;
    stop.disabled = false;
    paused = false;
    pause.textContent = "Pause";
    status.textContent = "loading the MNIST slice and the backend…";
    try {
      await computeClient().request(
        { kind: "train-start", backend: backend.value, settings: { variantOptions: { normalization: normalization.value as "lrn" | "batchnorm" | "none" }, batch: Number(batch.value), learningRate: Number(learningRate.value), seed: 1, steps: Number(steps.value), repeatBatch: repeatBatch.checked, dataUrl: new URL("mnist-slice.bin", document.baseURI).href } },
        onReply,
      );
      status.textContent += " · finished";
    } catch (failure) {
      showError(error, (failure as Error).message);
    } finally {
      start.disabled = false;
      pause.disabled = true;
      stop.disabled = true;
    }
  });
  pause.addEventListener("click", async () => {
    const reply = await computeClient().request<"train-state">({ kind: paused ? "train-resume" : "train-pause" });
    paused = reply.state === "paused";
    pause.textContent = paused ? "Resume" : "Pause";
  });
  stop.addEventListener("click", () => void computeClient().request({ kind: "train-stop" }));
  download.addEventListener("click", async () => {
    try {
      const reply = await computeClient().request<"checkpoint">({ kind: "train-checkpoint" });
      const url = URL.createObjectURL(new Blob([reply.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
      const link = element("a", { href: url, download: reply.fileName });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      showError(error, (failure as Error).message);
    }
  });
  redraw();
  return element(
    "section",
    { class: "page", "data-page": "train" },
    element("h2", {}, "Train"),
    element("p", {}, "The small variant on 2,000 MNIST digits (200 held out for testing), shipped with this page; SGD with momentum 0.9 and weight decay 5e-4, centre crops only."),
    element("div", { class: "controls" }, field("backend", backend), field("normalization", normalization), field("batch", batch), field("learning rate", learningRate), field("steps (0: until stopped)", steps), field("repeat one batch (overfitting check)", repeatBatch), start, pause, stop, download),
    notes,
    error,
    engine,
    status,
    element("div", { class: "charts" }, lossChart, accuracyChart),
    record,
  );
}
