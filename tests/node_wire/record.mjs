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
// example's response; then a few calls with values that need escaping (`edges` below). It writes
// tests/fixtures/node_wire/requests.json: under `requests`, operation ID → the one request the
// SDK sent (method, raw path, query pairs, the headers the comparison reads, body), or →
// `{ "error": … }` when the call could not be made, so the Rust test lists it; under `edges`, the
// same by edge-case name.

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
  // A form body is kept as its exact text (the comparison is byte for byte), anything else as
  // the JSON it holds.
  let body = null;
  const form = (request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  if (request.body.length > 0 && form) {
    body = { form: request.body };
  } else if (request.body.length > 0) {
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

/** The SDK method of our operation ID, as [object, method name, its name from `client`]. */
function sdkMethod(id) {
  const [operation, ...resources] = id.split(".").reverse();
  let target = client;
  const names = [];
  for (const resource of resources.reverse()) {
    const name = sdkMember(target, resource, ["client", ...names].join("."));
    names.push(name);
    target = target[name];
  }
  const method = sdkMember(target, operation, ["client", ...names].join("."));
  return [target, method, ["client", ...names, method].join(".")];
}

/** Calls the SDK method of `id` and returns the one request it sent, or throws. */
async function record(id, params, options, response) {
  const [target, method, path] = sdkMethod(id);
  answer = JSON.stringify(response ?? {});
  received.length = 0;
  await target[method](params, options);
  if (received.length !== 1) {
    throw new Error(`the SDK sent ${received.length} requests: ${received.map((r) => `${r.method} ${r.url}`).join(", ")}`);
  }
  return { sdk_method: path, ...describe(received[0]) };
}

const problems = [];
/** `{ [key]: record(…) }`, or `{ error }` (listed in `problems`) when the call cannot be made. */
async function recordAll(calls) {
  const recordings = {};
  for (const [key, id, params, options, response] of calls) {
    try {
      recordings[key] = await record(id, params, options, response);
    } catch (error) {
      problems.push(`${key}: ${error.message}`);
      recordings[key] = { error: error.message };
    }
  }
  return Object.fromEntries(Object.keys(recordings).sort().map((key) => [key, recordings[key]]));
}

const exampleCalls = [];
for (const file of endpointFiles(specDir)) {
  const example = parse(readFileSync(file, "utf8"))?.example;
  if (!example) continue;
  const id = operationId(file);
  // The SDK takes path, query and body values in one object named as on the wire, and the
  // authorization (`{ session_token }` or `{ session_jwt }`) in a second, options object.
  const params = {
    ...example.path_params,
    ...example.query_params,
    ...example.headers,
    ...example.body,
  };
  const options = example.authorization ? { authorization: example.authorization } : undefined;
  exampleCalls.push([id, id, params, options, example.response]);
}
const requests = await recordAll(exampleCalls);

// Calls no example makes: values that need escaping or formatting. The Rust test makes each of
// these by hand (`edge_call` in tests/src/client/node_wire.rs), under the same name.
const ORGANIZATION_ID = "organization-test-07971b06-ac8b-4cdb-9c15-63b17e653931";
const MEMBER_ID = "member-test-32fc5024-9c09-4da3-bd2e-c9ce4da9375f";
const edges = await recordAll([
  [
    "path IDs that need escaping",
    "organizations.members.get_connected_apps",
    { organization_id: "organization/with?odd#chars% é", member_id: "member-!~*'()[]@:+$,;=&é" },
    { authorization: { session_jwt: "eyJhbGciOiJSUzI1NiJ9.e30.c2lnbmF0dXJl" } },
  ],
  [
    "a query value that needs escaping",
    "organizations.members.get",
    { organization_id: ORGANIZATION_ID, email_address: "ada+love lace@example.com&x=1#y" },
  ],
  [
    "a false boolean query value",
    "organizations.members.dangerously_get",
    { member_id: MEMBER_ID, include_deleted: false },
  ],
  [
    "a form body that needs escaping",
    "idp.introspect_token_network",
    { token: "a b+c/é~!*'()=&%", client_id: "connected-app-test-d731954d" },
    undefined,
    {
      active: true,
      "https://stytch.com/organization": { organization_id: ORGANIZATION_ID, slug: "example-org" },
    },
  ],
]);
server.close();

mkdirSync(dirname(output), { recursive: true });
writeFileSync(output, JSON.stringify({ sdk: `stytch ${sdkVersion}`, requests, edges }, null, 2) + "\n");
console.log(
  `${relative(root, output)}: ${Object.keys(requests).length} examples and ${Object.keys(edges).length} edge cases recorded with stytch ${sdkVersion}`,
);
for (const problem of problems) console.error(`not recorded: ${problem}`);
process.exitCode = problems.length > 0 ? 1 : 0;
