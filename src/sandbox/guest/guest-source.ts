// The guest harness: the JavaScript Deno runs as the main module, speaking JSON lines on stdio.
//
// It is a string (not a module of ours) because it runs in Deno, not Node: the host passes it as
// a `data:` URL main module, so nothing of it is read from disk. It holds no static or literal
// dynamic import: Deno loads a main module's statically analysable imports without permission
// checks, so the tool's source is loaded only through `import()` of a computed `data:` URL, and
// every import *it* makes is then checked against the (empty) permissions.
//
// Protocol (one JSON object per line):
//   host → guest  {"t":"start","source":string,"args":json}            first line
//   guest → host  {"t":"call","id":n,"name":string,"input":json}       libos.syscall
//   host → guest  {"t":"reply","id":n,"ok":true,"value":json}
//                 {"t":"reply","id":n,"ok":false,"error":{"code","message"}}
//   guest → host  {"t":"done","ok":true,"value":json}                   last line
//                 {"t":"done","ok":false,"error":{"message"}}
// The guest exits when stdin ends (its host is gone).

/** The harness's JavaScript source. */
export const GUEST_SOURCE = String.raw`
const encoder = new TextEncoder();
const stdout = Deno.stdout;
const stderr = Deno.stderr;
const exit = Deno.exit;
// Frames are written synchronously: a blocking write to a pipe costs less than an async one,
// and the guest has nothing else to do until the host answers.
function writeAll(bytes) {
  for (let off = 0; off < bytes.length;) off += stdout.writeSync(bytes.subarray(off));
}
async function send(frame) {
  writeAll(encoder.encode(JSON.stringify(frame) + "\n"));
}
// The tool's console goes to stderr, never onto the protocol channel.
const log = (...parts) => {
  try { stderr.writeSync(encoder.encode(parts.map(String).join(" ").slice(0, 4096) + "\n")); } catch {}
};
for (const k of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) globalThis.console[k] = log;
const pending = new Map();
let nextId = 0;
const libos = Object.freeze({
  syscall(name, input) {
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      send({ t: "call", id, name: String(name), input: input === undefined ? null : input }).catch(reject);
    });
  },
});
function errorOf(e) {
  const message = e instanceof Error ? e.message : String(e);
  return { message: message.slice(0, 2000) };
}
let started = false;
async function start(frame) {
  started = true;
  let value;
  try {
    const url = "data:application/typescript," + encodeURIComponent(String(frame.source));
    const mod = await import(url);
    if (typeof mod.run !== "function") throw new Error("the source exports no run(args, libos) function");
    value = await mod.run(frame.args, libos);
  } catch (e) {
    await send({ t: "done", ok: false, error: errorOf(e) });
    exit(0);
  }
  let text;
  try { text = JSON.stringify(value === undefined ? null : value); } catch (e) {
    await send({ t: "done", ok: false, error: { message: "the result is not JSON" } });
    exit(0);
  }
  writeAll(encoder.encode('{"t":"done","ok":true,"value":' + text + "}\n"));
  exit(0);
}
function onFrame(frame) {
  if (frame.t === "start" && !started) { start(frame); return; }
  if (frame.t !== "reply") return;
  const waiter = pending.get(frame.id);
  if (waiter === undefined) return;
  pending.delete(frame.id);
  if (frame.ok) waiter.resolve(frame.value);
  else {
    const err = new Error(String(frame.error?.message ?? "the syscall failed"));
    err.code = String(frame.error?.code ?? "INTERNAL");
    waiter.reject(err);
  }
}
const decoder = new TextDecoder();
const stdin = Deno.stdin;
const chunk = new Uint8Array(65536);
let buffered = "";
for (;;) {
  const n = await stdin.read(chunk);
  if (n === null) break;
  buffered += decoder.decode(chunk.subarray(0, n), { stream: true });
  for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
    const line = buffered.slice(0, nl);
    buffered = buffered.slice(nl + 1);
    if (line.length > 0) onFrame(JSON.parse(line));
  }
}
exit(1);
`;
