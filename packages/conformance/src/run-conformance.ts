import { overridableOps, overriddenOps, type Backend, type BackendImplementation, type BackendProvider } from "@alexnet-ts/engine";
import { afterAll, beforeAll, describe, it } from "vitest";
import { runCase, type CaseGroup, type ConformanceCase } from "./case.js";
import { activationForwardCases } from "./cases/activation-forward.js";
import { coreForwardCases } from "./cases/core-forward.js";
import { errorCases } from "./cases/error-cases.js";
import { sizeProfiles } from "./cases/geometry.js";
import { gradientCases } from "./cases/gradient-cases.js";
import { modelCaseGroup } from "./cases/model-cases.js";
import { overrideForwardCases } from "./cases/override-forward.js";
import { defaultOnnxDirectory } from "./onnx/onnx-case.js";
import { onnxCaseGroup } from "./onnx/onnx-cases.js";
import { resolveOptions, type ConformanceOptions, type ResolvedConformanceOptions } from "./options.js";

/** Every case group of the suite for these options (exported for tools that list the cases). */
export function conformanceGroups(options: ResolvedConformanceOptions): CaseGroup[] {
  const profile = sizeProfiles[options.sizes];
  const gradients = gradientCases(profile);
  return [
    { title: "forward: required core vs the float64 reference", cases: coreForwardCases(profile) },
    { title: "forward: defaulted ops and the engine's activations vs the float64 reference", cases: [...overrideForwardCases(profile), ...activationForwardCases(profile)] },
    { title: "backward: the backend's backward ops vs the reference's", cases: gradients.backward },
    { title: "gradients: the reference's backward vs float64 finite differences", cases: gradients.reference },
    { title: "gradients: the backend's backward vs float32 finite differences through the backend", cases: gradients.backend },
    { title: "errors: shape mismatches name the op", cases: errorCases() },
    onnxCaseGroup(options.onnxDirectory ?? defaultOnnxDirectory()),
    modelCaseGroup(options),
  ];
}

/** The implementation behind a backend made by `withDefaults` (its prototype), else the backend itself. */
function implementationOf(backend: Backend): BackendImplementation {
  const prototype = Object.getPrototypeOf(backend) as BackendImplementation | null;
  const madeByWithDefaults = prototype !== null && prototype !== Object.prototype && typeof prototype.conv2d === "function";
  const hasOwnDefaults = overridableOps.some((op) => Object.prototype.hasOwnProperty.call(backend, op));
  return madeByWithDefaults && hasOwnDefaults ? prototype : backend;
}

/** One line: which defaulted ops the backend overrides and which it takes from the defaults. */
export function overrideSummary(backend: Backend): string {
  const overridden = overriddenOps(implementationOf(backend));
  const defaulted = overridableOps.filter((op) => !overridden.includes(op));
  return (
    `conformance: backend "${backend.name}" (${backend.describe()}) overrides ${overridden.length} of ${overridableOps.length} defaulted ops` +
    `${overridden.length > 0 ? ` (${overridden.join(", ")})` : ""}; defaults used: ${defaulted.length > 0 ? defaulted.join(", ") : "none"}`
  );
}

/** The reason a case is skipped: its own (out of the contract) or the backend's `skip` entry matching its id or a prefix of it. */
function skipReasonFor(testCase: ConformanceCase, skip: Readonly<Record<string, string>>): string | undefined {
  if (testCase.skipReason !== undefined) return testCase.skipReason;
  const key = Object.keys(skip).find((prefix) => testCase.id === prefix || testCase.id.startsWith(prefix));
  return key === undefined ? undefined : `${skip[key]} (skip "${key}")`;
}

/** What the suite runs on: a backend package's providers, one provider, or a plain factory (always available). */
export type ConformanceSubject = BackendProvider | readonly BackendProvider[] | (() => Promise<Backend> | Backend);

/** One backend the suite registers a block for. */
interface Target {
  readonly name: string;
  availability: BackendProvider["availability"];
  create(): Promise<Backend> | Backend;
}

const alwaysAvailable: BackendProvider["availability"] = async () => ({ available: true });

/** The backends to register: every provider given (or those `backends` names), or the factory. */
function targetsOf(subject: ConformanceSubject, options: ResolvedConformanceOptions): Target[] {
  if (typeof subject === "function") return [{ name: options.name ?? "backend", availability: alwaysAvailable, create: subject }];
  const providers: readonly BackendProvider[] = "create" in subject ? [subject] : subject;
  if (options.backends === undefined) return [...providers];
  return options.backends.map((name) => {
    const provider = providers.find((candidate) => candidate.name === name);
    if (provider === undefined) throw new Error(`runConformance: no provider named "${name}"; the providers given are ${providers.map((candidate) => candidate.name).join(", ")}`);
    return provider;
  });
}

/**
 * Registers the conformance suite as vitest `describe`/`it` blocks, one block per backend. Call
 * it at the top level of a backend's test file with the providers its package exports:
 *
 *   runConformance(cpuBackendProviders);
 *   runConformance(tfjsBackendProviders, { backends: ["tfjs-webgl"], sizes: "small", engineTensorCount });
 *
 * A provider that is not available here gets one skipped test whose name carries its reason and
 * how to enable it (also printed). Every case compares with the float64 reference (or ONNX's
 * expected outputs) within the tolerance, disposes what it created and checks that
 * `liveTensorCount()` is back where it was; the whole-model group also trains a few steps and
 * checks the engine's own tensor count when `engineTensorCount` is given.
 */
export function runConformance(subject: ConformanceSubject, options: ConformanceOptions = {}): void {
  const resolved = resolveOptions(options);
  for (const target of targetsOf(subject, resolved)) {
    describe(`conformance (${target.name}, ${resolved.sizes} sizes)`, async () => {
      const status = await target.availability();
      if (status.available) {
        registerCases(target, resolved);
        return;
      }
      const reason = `${target.name} is not available here: ${status.reason} (to enable: ${status.howToEnable})`;
      console.log(`conformance skipped: ${reason}`);
      it.skip(`the shared suite on ${target.name} — skipped: ${reason}`, () => undefined);
    });
  }
}

/** Registers every case group for one available backend, created once before its cases and closed after. */
function registerCases(target: Target, resolved: ResolvedConformanceOptions): void {
  const selected = (id: string): boolean => resolved.only === undefined || resolved.only.some((prefix) => id === prefix || id.startsWith(prefix));
  const groups = conformanceGroups(resolved);
  const skippedLines: string[] = [];
  let backend: Backend | undefined;

  beforeAll(async () => {
    backend = await target.create();
    console.log(overrideSummary(backend));
    // Printed here, once per run: output written while tests are being collected is not shown.
    if (skippedLines.length > 0) console.log(`conformance: ${skippedLines.length} skipped, each with its reason:\n  ${skippedLines.join("\n  ")}`);
  });
  afterAll(async () => {
    await backend?.close?.();
  });

  for (const group of groups) {
    const cases = group.cases.filter((testCase) => selected(testCase.id));
    if (group.skipReason !== undefined) {
      if (resolved.only !== undefined && !resolved.only.some((prefix) => prefix.startsWith("onnx"))) continue;
      skippedLines.push(`${group.title}: ${group.skipReason}`);
      describe(group.title, () => it.skip(`${group.title} — skipped: ${group.skipReason}`, () => undefined));
      continue;
    }
    if (cases.length === 0) continue;
    describe(group.title, () => {
      for (const testCase of cases) {
        const name = testCase.title ? `${testCase.id} — ${testCase.title}` : testCase.id;
        const reason = skipReasonFor(testCase, resolved.skip);
        if (reason !== undefined) {
          skippedLines.push(`${testCase.id}: ${reason}`);
          it.skip(`${name} — skipped: ${reason}`, () => undefined);
          continue;
        }
        it(name, async () => {
          if (backend === undefined) throw new Error("the backend was not created (see the error in beforeAll)");
          await runCase(backend, testCase, resolved.tolerance);
        }, group.timeoutMilliseconds);
      }
    });
  }
}
