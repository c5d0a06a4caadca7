// Runs `os-conformance run` inside Pyodide under Node: conformance/wasm/__init__.py writes the
// configuration (one JSON argument) and reads the reports this copies out of Pyodide's memory.
import { createRequire } from "module";
import fs from "fs";
import path from "path";

const config = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const { loadPyodide } = require(path.join(config.package, "pyodide.js"));

const env = { HOME: "/home/pyodide", OS_CONFORMANCE_FS: config.filesystem, PYTHONHASHSEED: "0",
              OS_CONFORMANCE_SUITE_COMMIT: config.suite_commit || "", OS_CONFORMANCE_SUITE_DIRTY: config.suite_dirty || "0" };
// The checks' sandboxes live on the file system under test; pytest's own temporary files stay in
// memory (0.26's NODEFS cannot truncate an unlinked file, as pytest's capture does at the end).
if (config.filesystem === "nodefs") env.OS_CONFORMANCE_SANDBOX_DIR = "/host";
const py = await loadPyodide({ indexURL: config.package + "/", env,
                               stdout: (line) => console.log(line), stderr: (line) => console.error(line) });
if (config.filesystem === "nodefs") {
  // The only host directory Pyodide can reach: fresh, made for this run. Mounted before the
  // wheels are installed: installing them asks tempfile for its folder, which it then keeps.
  py.FS.mkdirTree("/host");
  py.FS.mount(py.FS.filesystems.NODEFS, { root: config.host_dir }, "/host");
}
await py.loadPackage(config.wheels, { messageCallback: () => {} });
py.globals.set("ARGV", py.toPy(config.argv || []));
let code = 2;
try {
  // A snippet (python3 -m conformance.wasm -c CODE: the divergence pages' reproducers), or a run.
  // Temporary files in memory, whatever tempfile chose while the wheels were installed; the
  // sandboxes go where OS_CONFORMANCE_SANDBOX_DIR says (conformance.plugin).
  py.runPython("import tempfile\ntempfile.tempdir = '/tmp'");
  code = config.code !== undefined ? (py.runPython(config.code), 0)
                                   : py.runPython("from conformance.cli import main\nmain(list(ARGV))");
} catch (e) {
  // A Python exception escaping main, or a WebAssembly trap: the harness failed.
  console.error(String((e && e.message) || e).split("\n").slice(-30).join("\n"));
  code = 2;
}
// Copy whatever reports exist, partial ones included, out of Pyodide's memory.
if (config.code === undefined) try {
  fs.mkdirSync(config.out_dir, { recursive: true });
  for (const name of py.FS.readdir("/reports")) {
    if (name === "." || name === "..") continue;
    const full = "/reports/" + name;
    if (py.FS.isFile(py.FS.stat(full).mode)) fs.writeFileSync(path.join(config.out_dir, name), py.FS.readFile(full));
  }
} catch (e) {
  console.error("os-conformance: no reports to copy out of Pyodide (" + (e.code || (e.errno !== undefined ? "errno " + e.errno : "") || e.message || String(e)) + ")");
}
process.exit(typeof code === "number" ? code : 2);
