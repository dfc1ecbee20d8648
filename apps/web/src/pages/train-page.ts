import { computeClient } from "../compute/compute-client.js";
import type { ComputeReply, TrainProgress, TrainSettings } from "../compute/protocol.js";
import { element, field, numberInput, select, showError } from "../view/dom.js";
import { drawLineChart } from "../view/line-chart.js";
import { backendPicker } from "./backend-picker.js";

/** What the user sets before training, and the buttons that drive it. */
interface TrainControls {
  readonly backend: HTMLSelectElement;
  /** Each backend's availability and how to enable it, beside the picker. */
  readonly notes: HTMLElement;
  readonly normalization: HTMLSelectElement;
  readonly batch: HTMLInputElement;
  readonly learningRate: HTMLInputElement;
  readonly steps: HTMLInputElement;
  readonly repeatBatch: HTMLInputElement;
  readonly start: HTMLButtonElement;
  readonly pause: HTMLButtonElement;
  readonly stop: HTMLButtonElement;
  readonly download: HTMLButtonElement;
}

/** What the page shows while training: status lines, the two charts, and the history as JSON (for tests). */
interface TrainView {
  readonly status: HTMLElement;
  readonly engine: HTMLElement;
  readonly error: HTMLElement;
  readonly lossChart: SVGSVGElement;
  readonly accuracyChart: SVGSVGElement;
  readonly record: HTMLElement;
  /** Every progress report of the current run, oldest first. */
  readonly history: TrainProgress[];
}

/**
 * The Train page: the small variant on a slice of MNIST (2,000 training and 200 test digits,
 * shipped with the page), in the compute worker on the chosen backend; live loss and accuracy,
 * images/s, pause and resume, and a checkpoint download in the CLI's format.
 */
export function trainPage(): HTMLElement {
  const controls = trainControls();
  const view = trainView();
  let paused = false;
  controls.start.addEventListener("click", async () => {
    paused = false;
    await runTraining(controls, view);
  });
  controls.pause.addEventListener("click", async () => {
    const reply = await computeClient().request<"train-state">({ kind: paused ? "train-resume" : "train-pause" });
    paused = reply.state === "paused";
    controls.pause.textContent = paused ? "Resume" : "Pause";
  });
  controls.stop.addEventListener("click", () => void computeClient().request({ kind: "train-stop" }));
  controls.download.addEventListener("click", () => void downloadCheckpoint(view));
  drawHistory(view);
  return pageLayout(controls, view);
}

function trainControls(): TrainControls {
  const { control: backend, notes } = backendPicker();
  return {
    backend,
    notes,
    batch: numberInput("batch", 32, { min: 1, max: 256, step: 1 }),
    learningRate: numberInput("learning-rate", 0.05, { min: 0.0001, max: 1, step: "any" }),
    steps: numberInput("steps", 200, { min: 0, step: 1 }),
    // The paper's LRN leaves chance slowly in the first hundred steps; batch norm (the notebooks') within a few dozen.
    normalization: select("normalization", [
      { value: "lrn", label: "LRN (the paper)" },
      { value: "batchnorm", label: "batch norm" },
      { value: "none", label: "none" },
    ]),
    // Overfitting one batch: the quick check that training works on a backend (loss falls in a few steps).
    repeatBatch: element("input", { type: "checkbox", name: "repeat-batch" }),
    start: element("button", { type: "button", "data-testid": "train-start" }, "Start"),
    pause: element("button", { type: "button", "data-testid": "train-pause", disabled: true }, "Pause"),
    stop: element("button", { type: "button", "data-testid": "train-stop", disabled: true }, "Stop"),
    download: element("button", { type: "button", "data-testid": "train-download", disabled: true }, "Download checkpoint"),
  };
}

function trainView(): TrainView {
  return {
    status: element("p", { class: "status", "data-testid": "train-status" }, "not started"),
    engine: element("p", { class: "engine", "data-testid": "train-engine" }),
    error: element("p", { class: "error", hidden: true, "data-testid": "train-error" }),
    lossChart: document.createElementNS("http://www.w3.org/2000/svg", "svg"),
    accuracyChart: document.createElementNS("http://www.w3.org/2000/svg", "svg"),
    record: element("div", { hidden: true, "data-testid": "train-history" }),
    history: [],
  };
}

/** The settings the compute worker trains with, read from the controls. */
function trainSettings(controls: TrainControls): TrainSettings {
  return {
    variantOptions: { normalization: controls.normalization.value as "lrn" | "batchnorm" | "none" },
    batch: Number(controls.batch.value),
    learningRate: Number(controls.learningRate.value),
    seed: 1,
    steps: Number(controls.steps.value),
    repeatBatch: controls.repeatBatch.checked,
    dataUrl: new URL("mnist-slice.bin", document.baseURI).href,
  };
}

/** One training run from Start to its end (finished, stopped or failed), the buttons enabled to match. */
async function runTraining(controls: TrainControls, view: TrainView): Promise<void> {
  showError(view.error, undefined);
  view.history.length = 0;
  drawHistory(view);
  controls.start.disabled = true;
  controls.pause.disabled = false;
  controls.stop.disabled = false;
  controls.pause.textContent = "Pause";
  view.status.textContent = "loading the MNIST slice and the backend…";
  try {
    await computeClient().request({ kind: "train-start", backend: controls.backend.value, settings: trainSettings(controls) }, (reply) => showReply(reply, controls, view));
    view.status.textContent += " · finished";
  } catch (failure) {
    showError(view.error, (failure as Error).message);
  } finally {
    controls.start.disabled = false;
    controls.pause.disabled = true;
    controls.stop.disabled = true;
  }
}

/** Shows one message from the worker: the engine once training starts, then each step's progress. */
function showReply(reply: ComputeReply, controls: TrainControls, view: TrainView): void {
  if (reply.kind === "train-started") {
    view.engine.textContent = `${controls.backend.value}: ${reply.engine} — ${reply.trainCount} training and ${reply.testCount} test digits`;
    controls.download.disabled = false;
  }
  if (reply.kind === "train-progress") {
    view.history.push(reply.progress);
    view.status.textContent = progressLine(reply.progress, view.history);
    drawHistory(view);
  }
}

/** The status line for one step, with the latest test accuracy measured so far. */
function progressLine(progress: TrainProgress, history: readonly TrainProgress[]): string {
  const test = [...history].reverse().find((entry) => entry.testAccuracy !== undefined)?.testAccuracy;
  return `step ${progress.step} · epoch ${progress.epoch.toFixed(2)} · loss ${progress.loss.toFixed(4)} · batch accuracy ${(progress.accuracy * 100).toFixed(1)}%${test === undefined ? "" : ` · test ${(test * 100).toFixed(1)}%`} · ${progress.imagesPerSecond.toFixed(0)} images/s`;
}

/** Redraws both charts from the history and refreshes its JSON record. */
function drawHistory(view: TrainView): void {
  const { history } = view;
  drawLineChart(view.lossChart, "training loss", [{ label: "loss", colour: "#c0392b", points: history.map((entry) => ({ x: entry.step, y: entry.loss })) }]);
  drawLineChart(
    view.accuracyChart,
    "accuracy",
    [
      { label: "batch", colour: "#2e86c1", points: history.map((entry) => ({ x: entry.step, y: entry.accuracy })) },
      { label: "test digits", colour: "#27ae60", points: history.filter((entry) => entry.testAccuracy !== undefined).map((entry) => ({ x: entry.step, y: entry.testAccuracy! })) },
    ],
    { yMinimum: 0, yMaximum: 1 },
  );
  view.record.setAttribute("data-json", JSON.stringify(history));
}

/** Saves the model as trained so far, in the CLI's checkpoint format, as a browser download. */
async function downloadCheckpoint(view: TrainView): Promise<void> {
  try {
    const reply = await computeClient().request<"checkpoint">({ kind: "train-checkpoint" });
    const url = URL.createObjectURL(new Blob([reply.bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }));
    const link = element("a", { href: url, download: reply.fileName });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  } catch (failure) {
    showError(view.error, (failure as Error).message);
  }
}

function pageLayout(controls: TrainControls, view: TrainView): HTMLElement {
  return element(
    "section",
    { class: "page", "data-page": "train" },
    element("h2", {}, "Train"),
    element("p", {}, "The small variant on 2,000 MNIST digits (200 held out for testing), shipped with this page; SGD with momentum 0.9 and weight decay 5e-4, centre crops only."),
    element(
      "div",
      { class: "controls" },
      field("backend", controls.backend),
      field("normalization", controls.normalization),
      field("batch", controls.batch),
      field("learning rate", controls.learningRate),
      field("steps (0: until stopped)", controls.steps),
      field("repeat one batch (overfitting check)", controls.repeatBatch),
      controls.start,
      controls.pause,
      controls.stop,
      controls.download,
    ),
    controls.notes,
    view.error,
    view.engine,
    view.status,
    element("div", { class: "charts" }, view.lossChart, view.accuracyChart),
    view.record,
  );
}
