import { runConformance } from "@alexnet-ts/conformance";
import { backendProviders } from "./index.js";

// The suite at its default tolerance, no skips: the cpu backend implements every op of the contract.
runConformance(backendProviders);
