import { describe, expect, it } from "vitest";
import { createConsoleReporter, formatProgressLine, type ProgressLineFields } from "./progress.js";

const fields: ProgressLineFields = {
  epoch: 3,
  epochs: 12,
  batch: 412,
  batches: 844,
  meanLoss: 0.41234,
  accuracy: 0.8734,
  imagesPerSecond: 131.7,
  elapsedSeconds: 754,
  runSecondsLeft: 3721,
};

describe("formatProgressLine", () => {
  it("fits the terminal's width, one column spare, at any width", () => {
    for (const columns of [20, 40, 60, 80, 100, 200]) expect(formatProgressLine(fields, columns).length).toBeLessThan(columns);
  });

  it("shows everything at 120 columns, and keeps the whole-run ETA at 80 and 50", () => {
    const wide = formatProgressLine(fields, 120);
    for (const part of ["epoch 3/12", "412/844", "loss 0.4123", "acc 87.34%", "131.7 img/s", "elapsed 12m34s", "ETA 1h02m"]) expect(wide).toContain(part);
    expect(formatProgressLine(fields, 80)).toContain("ETA 1h02m");
    expect(formatProgressLine(fields, 50)).toContain("ETA 1h02m");
  });

  it("shrinks the bar before dropping fields, and never grows it past 30 cells", () => {
    const bar = (line: string): number => [...line].filter((character) => character === "█" || character === "░").length;
    expect(bar(formatProgressLine(fields, 200))).toBe(30);
    expect(bar(formatProgressLine(fields, 100))).toBeLessThan(30);
    expect(formatProgressLine(fields, 100)).toContain("img/s");
  });
});

describe("createConsoleReporter", () => {
  it("on a terminal, redraws one line in place and estimates the whole run's time left", () => {
    const written: string[] = [];
    let clock = 0;
    const reporter = createConsoleReporter((text) => written.push(text), true, { columns: () => 80, now: () => clock });
    reporter.epochStart(1, 3, 10, 0);
    for (let batch = 1; batch <= 5; batch++) {
      clock += 1000;
      reporter.step({ epoch: 1, batch, batches: 10, loss: 1, meanLoss: 1, accuracy: 0.5, imagesPerSecond: 64, secondsLeft: 10 - batch });
    }
    const steps = written.slice(1);
    expect(steps.length).toBe(5);
    for (const text of steps) {
      expect(text.startsWith("\r\x1b[2K")).toBe(true);
      expect(text).not.toContain("\n");
      expect(text.length - "\r\x1b[2K".length).toBeLessThan(80);
    }
    // 5 s left in this epoch at 1 s a batch, then 2 epochs of 10 s.
    expect(steps[4]).toContain("ETA 25s");
    expect(steps[4]).toContain("elapsed 5s");
    reporter.message("done");
    expect(written.at(-2)).toBe("\n");
  });

  it("into a pipe, writes plain lines about every tenth of an epoch", () => {
    const written: string[] = [];
    const reporter = createConsoleReporter((text) => written.push(text), false, { columns: () => 80, now: () => 0 });
    reporter.epochStart(1, 1, 100, 0);
    for (let batch = 1; batch <= 100; batch++) reporter.step({ epoch: 1, batch, batches: 100, loss: 1, meanLoss: 1, accuracy: 0.5, imagesPerSecond: 64, secondsLeft: 0 });
    expect(written.length).toBe(1 + 11);
    for (const text of written) expect(text.endsWith("\n")).toBe(true);
  });
});
