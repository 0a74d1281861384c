// Validates every object of rendered Kubernetes manifests (multi-document YAML, file argument or stdin) against
// the Kubernetes API schemas shipped by kubernetes-models. Prints one line per object; exits 1 on any error.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const text = readFileSync(process.argv[2] ?? 0, "utf8");
let failures = 0;
let count = 0;
for (const document of parseAllDocuments(text)) {
  const object = document.toJSON();
  if (!object) continue;
  count++;
  const name = `${object.apiVersion}/${object.kind} ${object.metadata?.name}`;
  try {
    const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
    const module = await import(`kubernetes-models/${group ? group + "/" : ""}${version}/${object.kind}`);
    new module[object.kind](object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    failures++;
    console.log(`INVALID ${name}: ${error.message}`);
  }
}
console.log(`${count} objects, ${failures} invalid`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
