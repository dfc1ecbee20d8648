// A backend registry for the benchmark's tests (the children import it as the CLI's backends.js):
// "cpu" is the real CPU backend; "broken" is the CPU backend whose filter gradient throws (so
// training fails and inference works); "crashing" ends its process in the first convolution.
import { backendProviders } from "@alexnet-ts/backend-cpu";

function wrap(backend, name, replacements) {
  return new Proxy(backend, {
    get(target, property) {
      if (property === "name") return name;
      if (property in replacements) return replacements[property];
      const value = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export async function resolveBackend(name) {
  const cpu = await backendProviders.find((provider) => provider.name === "cpu").create();
  if (name === "cpu") return cpu;
  if (name === "broken") {
    return wrap(cpu, name, {
      describe: () => "cpu with an injected failure in conv2dBackwardFilter",
      conv2dBackwardFilter: () => {
        throw new Error("injected failure: conv2dBackwardFilter");
      },
    });
  }
  if (name === "crashing") {
    return wrap(cpu, name, {
      describe: () => "cpu that exits in its first convolution",
      conv2dBiasActivation: () => process.exit(7),
    });
  }
  throw new Error(`the test registry has no backend ${name}`);
}
