import { activationOpTypes } from "@alexnet-ts/ir";
import type { Arm, ArmSettings, ExperimentDefinition } from "./definitions.js";

/** The flags a grid may vary and the values each takes. */
const gridChoices: Readonly<Record<keyof ArmSettings, readonly string[] | "rate">> = {
  activation: activationOpTypes,
  normalization: ["lrn", "none", "batchnorm"],
  pooling: ["overlapping", "plain"],
  dropout: "rate",
  crop: ["on", "off"],
  flip: ["on", "off"],
  pca: ["on", "off"],
};

/**
 * A user's grid over the ablation flags, "activation=relu,tanh dropout=0,0.5": every
 * combination is an arm (named "activation-relu_dropout-0"). Throws a RangeError with one line
 * for an unknown flag or value.
 */
export function gridExperiment(text: string): ExperimentDefinition {
  const axes = text.trim().split(/\s+/).filter((part) => part !== "").map(parseAxis);
  if (axes.length === 0) throw new RangeError(`--grid is empty; give for example --grid "activation=relu,tanh dropout=0,0.5"`);
  const seen = new Set<string>();
  for (const axis of axes) {
    if (seen.has(axis.key)) throw new RangeError(`--grid names ${axis.key} twice; give each flag once with all its values`);
    seen.add(axis.key);
  }
  let arms: { name: string[]; settings: ArmSettings }[] = [{ name: [], settings: {} }];
  for (const axis of axes) {
    arms = arms.flatMap((arm) => axis.values.map((value) => ({ name: [...arm.name, `${axis.key}-${value}`], settings: { ...arm.settings, [axis.key]: settingValue(axis.key, value) } })));
  }
  const finished: Arm[] = arms.map((arm) => ({ name: arm.name.join("_"), settings: arm.settings }));
  return { name: "grid", title: `Grid: ${axes.map((axis) => `${axis.key} ∈ {${axis.values.join(", ")}}`).join(" × ")}`, arms: finished, claims: [], headline: "testTop1Error" };
}

function parseAxis(part: string): { key: keyof ArmSettings; values: string[] } {
  const [key, list] = part.split("=");
  if (!(key in gridChoices) || list === undefined) {
    throw new RangeError(`--grid: "${part}" is not FLAG=VALUE,VALUE; the flags are ${Object.keys(gridChoices).join(", ")}`);
  }
  const typedKey = key as keyof ArmSettings;
  const values = list.split(",").filter((value) => value !== "");
  const choices = gridChoices[typedKey];
  for (const value of values) {
    const valid = choices === "rate" ? Number.isFinite(Number(value)) && Number(value) >= 0 && Number(value) < 1 : choices.includes(value);
    if (!valid) throw new RangeError(`--grid: ${key} cannot be "${value}"; choose ${choices === "rate" ? "a rate in [0, 1)" : choices.join(", ")}`);
  }
  if (values.length === 0) throw new RangeError(`--grid: ${key} has no values`);
  return { key: typedKey, values };
}

function settingValue(key: keyof ArmSettings, value: string): ArmSettings[keyof ArmSettings] {
  if (key === "dropout") return Number(value);
  if (key === "crop" || key === "flip" || key === "pca") return value === "on";
  return value as ArmSettings[keyof ArmSettings];
}
