import { activations, type ActivationDefinition, type ActivationNode } from "@alexnet-ts/engine";
import { activationOpTypes } from "@alexnet-ts/ir";
import type { ConformanceCase } from "../case.js";
import { CaseData } from "../data.js";
import { referenceActivation, referenceActivations } from "../reference/index.js";
import type { SizeProfile } from "./geometry.js";

/**
 * Forward cases of every IR activation as the engine runs it (composed from the contract: the
 * core's `unary` for ReLU and tanh, several core ops for others), on inputs wide enough to reach
 * the saturated tails, against the float64 reference.
 */
export function activationForwardCases(profile: SizeProfile): ConformanceCase[] {
  const seeds = Array.from({ length: Math.min(profile.seeds, 3) }, (_, index) => index + 1);
  return activationOpTypes.flatMap((op) =>
    seeds.map((seed): ConformanceCase => {
      const data = new CaseData(1900 + seed);
      const x = data.uniform([data.integer(1, 3), data.integer(1, 7), data.integer(1, 5)], -8, 8);
      const attributes = referenceActivations[op].caseAttributes;
      const definition = activations[op] as ActivationDefinition<ActivationNode["attributes"]>;
      return {
        id: `forward/activation/${op}/seed-${seed}`,
        title: `x [${x.shape}] in [−8, 8)`,
        run: async (context) => context.expectClose(op, context.keep(definition.forward(context.backend, context.upload(x), attributes)), referenceActivation(op, x, attributes)),
      };
    }),
  );
}
