// Records what the official Stytch Node SDK (npm `stytch`, pinned in package.json) sends for the
// example call of every endpoint in spec/, so the Rust test `client::node_wire` can check that the
// generated client sends the same thing.
//
// Run from the repository root (nothing else reads or writes outside these two paths):
//
//     npm ci --prefix tests/node_wire && node tests/node_wire/record.mjs
//
// It serves HTTP on 127.0.0.1 (a port the system chooses), points a `B2BClient` at it, and for
// each `example:` in spec/**/*.yaml calls the SDK method with the same name, answering with the
// example's response. It writes tests/fixtures/node_wire/requests.json: operation ID → the one
// request the SDK sent (method, raw path, query pairs, the headers the comparison reads, body),
// or → `{ "error": … }` when the call could not be made, so the Rust test lists it.

import { readFileSync, readdirSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import stytch from "stytch";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const specDir = join(root, "spec");
const output = join(root, "tests", "fixtures", "node_wire", "requests.json");
// The SDK's package.json is not in its `exports`: read the installed file.
const sdkVersion = JSON.parse(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), "node_modules", "stytch", "package.json"), "utf8"),
).version;

// The credentials of the Rust side's client (and of the generated example tests).
const PROJECT_ID = "project-test-00000000-0000-4000-8000-000000000000";
const SECRET = "secret-test-example";

// The headers the comparison reads. Node's fetch adds others (user-agent, accept, connection,
// sec-fetch-mode, …) that say nothing about the API call.
const HEADERS_OF_INTEREST = [
  "authorization",
  "content-type",
  "x-stytch-member-session",
  "x-stytch-member-sessionjwt",
];

/** Every endpoint file under spec/ (not api.yaml, schemas/ or README.md), sorted. */
function endpointFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === specDir && entry.name === "schemas") continue;
      files.push(...endpointFiles(path));
    } else if (entry.name.endsWith(".yaml") && !(dir === specDir && entry.name === "api.yaml")) {
      files.push(path);
    }
  }
  return files.sort();
}

/** The operation ID the generator gives a spec file: `organizations/members/delete.yaml` → `organizations.members.delete`. */
function operationId(file) {
  return relative(specDir, file).replace(/\.yaml$/, "").split(sep).join(".");
}

/** `delete_mfa_phone_number` matches the SDK's `deleteMFAPhoneNumber`: same letters, case and underscores aside. */
const comparable = (name) => name.replace(/_/g, "").toLowerCase();

/** The member of `object` (property or prototype method) that is our snake_case `name`, or an error. */
function sdkMember(object, name, where) {
  const names = new Set(Object.keys(object));
  for (let proto = Object.getPrototypeOf(object); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) if (key !== "constructor") names.add(key);
  }
  const matches = [...names].filter((key) => comparable(key) === comparable(name));
  if (matches.length !== 1) {
    throw new Error(
      matches.length === 0
        ? `the SDK has no \`${where}.${name}\``
        : `\`${where}.${name}\` matches several SDK members: ${matches.join(", ")}`,
    );
  }
  return matches[0];
}

/** The request as the comparison needs it. */
function describe(request) {
  const [path, query = ""] = request.url.split(/\?(.*)/s);
  const headers = {};
  for (const name of HEADERS_OF_INTEREST) {
    if (request.headers[name] !== undefined) headers[name] = request.headers[name];
  }
  let body = null;
  if (request.body.length > 0) {
    try {
      body = JSON.parse(request.body);
    } catch {
      body = { not_json: request.body };
    }
  }
  return {
    method: request.method,
    path,
    query: [...new URLSearchParams(query)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    headers,
    body,
  };
}

const received = [];
let answer = "{}";
const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    received.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(answer);
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));

// `custom_base_url` must be https://; `env` takes any URL and is used the same way (it only
// warns that it is not one of the two Stytch environments: that warning is dropped).
const warn = console.warn;
console.warn = () => {};
const client = new stytch.B2BClient({
  project_id: PROJECT_ID,
  secret: SECRET,
  env: `http://127.0.0.1:${server.address().port}/`,
});
console.warn = warn;

const recordings = {};
const problems = [];
for (const file of endpointFiles(specDir)) {
  const spec = parse(readFileSync(file, "utf8"));
  if (!spec?.example) continue;
  const id = operationId(file);
  const example = spec.example;
  try {
    const [operation, ...resources] = id.split(".").reverse();
    let target = client;
    const names = [];
    for (const resource of resources.reverse()) {
      const name = sdkMember(target, resource, ["client", ...names].join("."));
      names.push(name);
      target = target[name];
    }
    const method = sdkMember(target, operation, ["client", ...names].join("."));
    // The SDK takes path, query and body values in one object named as on the wire, and the
    // authorization (`{ session_token }` or `{ session_jwt }`) in a second, options object.
    const params = {
      ...example.path_params,
      ...example.query_params,
      ...example.headers,
      ...example.body,
    };
    const options = example.authorization ? { authorization: example.authorization } : undefined;
    answer = JSON.stringify(example.response ?? {});
    received.length = 0;
    await target[method](params, options);
    if (received.length !== 1) {
      throw new Error(`the SDK sent ${received.length} requests: ${received.map((r) => `${r.method} ${r.url}`).join(", ")}`);
    }
    recordings[id] = { sdk_method: ["client", ...names, method].join("."), ...describe(received[0]) };
  } catch (error) {
    problems.push(`${id}: ${error.message}`);
    recordings[id] = { error: error.message };
  }
}
server.close();

const sorted = Object.fromEntries(Object.keys(recordings).sort().map((id) => [id, recordings[id]]));
mkdirSync(dirname(output), { recursive: true });
writeFileSync(
  output,
  JSON.stringify({ sdk: `stytch ${sdkVersion}`, requests: sorted }, null, 2) + "\n",
);
console.log(`${relative(root, output)}: ${Object.keys(sorted).length} operations recorded with stytch ${sdkVersion}`);
for (const problem of problems) console.error(`not recorded: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
