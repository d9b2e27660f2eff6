// Runs the student's code and the public tests in Pyodide, off the page's main thread: the
// page terminates this worker to stop a runaway loop, and a new one starts the next time.
//
// Messages in:  {type: "load", pyodide, lockFile, stdLib}  (URLs of the vendored files)
//               {type: "run", setup, code, tests}
// Messages out: {type: "progress", text}, {type: "ready", seconds},
//               {type: "result", stdout, error, tests: [{number, source, passed, detail}]},
//               {type: "failed", text}

const OUTPUT_LIMIT = 20000;

// Python side: a fresh namespace per run; setup, then the code, then each test line as
// written ("assert expr == expected" or a bare expression whose value is shown).
const RUNNER = `
import ast, json, traceback

def _error(exc, filename):
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == filename]
    where = f"ligne {frames[-1].lineno} : " if frames else ""
    if isinstance(exc, SyntaxError) and exc.filename == filename:
        where = f"ligne {exc.lineno} : "
    return where + "".join(traceback.format_exception_only(exc)).strip()

def _compared(line):
    """The left side of 'assert left == right', to show what the code returned."""
    try:
        node = ast.parse(line, mode="exec").body[0]
    except SyntaxError:
        return None
    test = getattr(node, "test", None)
    if isinstance(node, ast.Assert) and isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        return ast.unparse(test.left)
    return None

def run_exercise(setup, code, tests):
    namespace = {"__name__": "__main__"}
    try:
        exec(compile(setup, "<préparation>", "exec"), namespace)
    except BaseException as exc:
        return json.dumps({"error": "Erreur dans le code de préparation de l'exercice : " + _error(exc, "<préparation>"), "tests": []})
    try:
        exec(compile(code, "<votre code>", "exec"), namespace)
    except BaseException as exc:
        return json.dumps({"error": _error(exc, "<votre code>"), "tests": []})
    results = []
    lines = [line.strip() for line in tests.splitlines()]
    for line in (line for line in lines if line and not line.startswith("#")):
        result = {"number": len(results) + 1, "source": line, "passed": None, "detail": None}
        try:
            if line.startswith("assert"):
                try:
                    exec(compile(line, "<test>", "exec"), namespace)
                    result["passed"] = True
                except AssertionError:
                    result["passed"] = False
                    left = _compared(line)
                    if left is not None:
                        result["detail"] = "obtenu : " + repr(eval(left, namespace))
            else:
                result["detail"] = repr(eval(compile(line, "<test>", "eval"), namespace))
        except BaseException as exc:
            result["passed"] = False
            result["detail"] = _error(exc, "<votre code>") or "".join(traceback.format_exception_only(exc)).strip()
        results.append(result)
    return json.dumps({"error": None, "tests": results})
`;

let pyodide = null;
let output = "";

function write(text) {
  if (output.length < OUTPUT_LIMIT) {
    output += text;
    if (output.length >= OUTPUT_LIMIT) output = output.slice(0, OUTPUT_LIMIT) + "\n… (sortie tronquée)";
  }
}

async function load({ pyodide: moduleUrl, lockFile, stdLib }) {
  const started = performance.now();
  self.postMessage({ type: "progress", text: "Téléchargement de Python (environ 5 Mo la première fois)…" });
  const { loadPyodide } = await import(moduleUrl);
  pyodide = await loadPyodide({
    // The folder of the vendored files: nothing comes from a CDN.
    indexURL: new URL(".", moduleUrl).href,
    lockFileURL: lockFile,
    stdLibURL: stdLib,
    stdout: (line) => write(line + "\n"),
    stderr: (line) => write(line + "\n"),
    stdin: () => {
      throw new Error("input() n'est pas disponible ici : utilisez des paramètres de fonction.");
    },
  });
  self.postMessage({ type: "progress", text: "Démarrage de Python…" });
  pyodide.runPython(RUNNER);
  self.postMessage({ type: "ready", seconds: (performance.now() - started) / 1000 });
}

function run({ setup, code, tests }) {
  output = "";
  const runExercise = pyodide.globals.get("run_exercise");
  try {
    const result = JSON.parse(runExercise(setup, code, tests));
    self.postMessage({ type: "result", stdout: output, ...result });
  } finally {
    runExercise.destroy();
  }
}

// Pyodide waits forever when the browser refuses to compile its WebAssembly: say so instead.
self.addEventListener("securitypolicyviolation", (event) => {
  self.postMessage({ type: "failed", text: `Le navigateur a bloqué Python (règle de sécurité ${event.effectiveDirective}).` });
});

self.onmessage = async (event) => {
  try {
    if (event.data.type === "load") await load(event.data);
    else if (event.data.type === "run") run(event.data);
  } catch (error) {
    self.postMessage({ type: "failed", text: String(error && error.message ? error.message : error) });
  }
};
