// The Python exercise page, once JavaScript runs: CodeMirror over the textarea, "Exécuter"
// (Pyodide in a Web Worker, loaded on first use), "Arrêter", and "Valider" sent with fetch
// (validation.js, shared with the SQL editor). Without JavaScript the plain form posts the
// textarea and the server answers with a page. Texts are French (the students'); every result
// goes through textContent, except the remarks, which are the server's own rendered HTML.

const RUN_LIMIT_MS = 10000;
// Python is ~5 MB to download the first time: generous for a slow school network.
const LOAD_LIMIT_MS = 180000;

const root = document.querySelector("[data-python-editor]");
const form = root.querySelector("form");
const textarea = form.querySelector("textarea[name=code]");
const runButton = root.querySelector("[data-run]");
const stopButton = root.querySelector("[data-stop]");
const runStatus = root.querySelector("[data-run-status]");
const runResults = root.querySelector("[data-run-results]");
const submitResults = root.querySelector("[data-submit-results]");
const remaining = root.querySelector("[data-remaining]");
const solution = root.querySelector("[data-solution]");
// Under the form, outside the editor: the remarks (without a solution to show them next to) and the next step.
const afterAnswer = document.querySelector("[data-after-answer]");
const setupCode = root.dataset.setup || "";
const publicTests = root.dataset.publicTests || "";
// CodeMirror writes its styles in a <style> element: it carries the page's CSP nonce, read
// from this module's own <script nonce> (the nonce attribute is hidden from getAttribute).
const nonce = root.querySelector("script[nonce]")?.nonce || "";

// Modules by the addresses the page gives (their hashed names once collected).
const [cm, validation] = await Promise.all([import(root.dataset.codemirror), import(root.dataset.validation)]);
const { element, remarksBlock } = validation;

// --- The editor -----------------------------------------------------------------------
function replaceNoBreakSpaces(transaction) {
  if (!transaction.docChanged) return transaction;
  const text = transaction.newDoc.toString();
  const changes = [];
  for (let index = text.indexOf("\u00a0"); index !== -1; index = text.indexOf("\u00a0", index + 1)) {
    changes.push({ from: index, to: index + 1, insert: " " });
  }
  return changes.length ? [transaction, { changes, sequential: true }] : transaction;
}

const editorExtensions = [
  cm.EditorView.cspNonce.of(nonce),
  cm.highlightSpecialChars(),
  cm.drawSelection(),
  cm.indentUnit.of("    "),
  cm.syntaxHighlighting(cm.defaultHighlightStyle, { fallback: true }),
  cm.python(),
];
const editor = new cm.EditorView({
  doc: textarea.value,
  extensions: [
    ...editorExtensions,
    cm.lineNumbers(),
    cm.highlightActiveLineGutter(),
    cm.history(),
    cm.indentOnInput(),
    cm.bracketMatching(),
    cm.closeBrackets(),
    cm.highlightActiveLine(),
    // Tab indents; Échap then Tab leaves the editor (said in the hint under it).
    cm.keymap.of([...cm.closeBracketsKeymap, ...cm.defaultKeymap, ...cm.historyKeymap, cm.indentWithTab]),
    cm.EditorView.contentAttributes.of({ "aria-labelledby": textarea.id + "-label", "aria-describedby": textarea.id + "-hint" }),
    // No-break spaces (code copied from a web page or a PDF) are a SyntaxError in Python.
    cm.EditorState.transactionFilter.of(replaceNoBreakSpaces),
    // The textarea stays the form's field: a plain submission still sends the edited code.
    cm.EditorView.updateListener.of((update) => {
      if (update.docChanged) textarea.value = update.state.doc.toString();
    }),
  ],
});
textarea.after(editor.dom);
textarea.hidden = true;
// A hidden required field would block the submission with a browser message nobody sees.
textarea.required = false;
root.querySelector("[data-editor-hint]").hidden = false;

function readOnlyCode(code) {
  const view = new cm.EditorView({
    doc: code,
    extensions: [...editorExtensions, cm.EditorState.readOnly.of(true), cm.EditorView.editable.of(false)],
  });
  view.dom.classList.add("solution-code");
  return view.dom;
}

function showSolution(code, remarksHtml) {
  solution.replaceChildren(element("h2", "Solution proposée"), readOnlyCode(code));
  if (remarksHtml) solution.append(element("h2", "Remarques"), remarksBlock(remarksHtml));
  solution.hidden = false;
}

// A solution already in the page (exercise passed before): highlighted the same way.
const serverSolution = solution.querySelector("[data-solution-code]");
if (serverSolution) serverSolution.replaceWith(readOnlyCode(serverSolution.textContent));

// --- "Exécuter": Pyodide in a worker --------------------------------------------------
let worker = null;
let loaded = null;
let pending = null;
let failLoad = null;

class Stopped extends Error {}

function setStatus(text, busy = false) {
  runStatus.textContent = text;
  runStatus.classList.toggle("busy", busy);
}

function startWorker() {
  worker = new Worker(root.dataset.worker, { type: "module" });
  loaded = new Promise((resolve, reject) => {
    failLoad = reject;
    worker.onmessage = ({ data }) => {
      if (data.type === "progress") setStatus(data.text, true);
      else if (data.type === "ready") {
        root.dataset.pyodideLoadSeconds = data.seconds.toFixed(2);
        setStatus("Python est prêt.");
        resolve(data.seconds);
      }
      else if (data.type === "result") pending?.resolve(data);
      else if (data.type === "failed") {
        console.error(`Python (Pyodide) : ${data.text}`);
        const error = new Error(data.text);
        pending ? pending.reject(error) : reject(error);
      }
    };
    setTimeout(() => reject(new Error("Python ne s'est pas chargé à temps : rechargez la page et réessayez.")), LOAD_LIMIT_MS);
    worker.onerror = (event) => {
      event.preventDefault();
      console.error(`Python (Pyodide) : ${event.message}`);
      const error = new Error("Python n'a pas pu démarrer dans ce navigateur.");
      pending ? pending.reject(error) : reject(error);
    };
  });
  const absolute = (url) => new URL(url, document.baseURI).href;
  worker.postMessage({
    type: "load",
    pyodide: absolute(root.dataset.pyodide),
    lockFile: absolute(root.dataset.lockFile),
    stdLib: absolute(root.dataset.stdlib),
  });
  return loaded;
}

function stopWorker(reason) {
  worker?.terminate();
  worker = loaded = null;
  // Stopped while loading or while running: whoever waits gets the reason.
  failLoad?.(new Stopped(reason));
  pending?.reject(new Stopped(reason));
}

function showRun(result) {
  const nodes = [element("h2", "Résultat de l'exécution")];
  if (result.stdout) nodes.push(element("p", "Affichage :"), element("pre", result.stdout, "output"));
  if (result.error) nodes.push(element("p", "Votre code s'est arrêté sur une erreur :"), element("pre", result.error, "output error"));
  const checked = result.tests.filter((test) => test.passed !== null);
  if (result.tests.length) {
    const list = element("ul", null, "test-list");
    for (const test of result.tests) {
      const verdict = test.passed === null ? "évalué" : test.passed ? "réussi" : "échoué";
      const item = element("li", null, test.passed === null ? "" : test.passed ? "ok" : "ko");
      item.append(element("span", `${test.passed ? "✓" : test.passed === null ? "•" : "✗"} Test ${test.number} (${verdict}) : `));
      item.append(element("code", test.source));
      if (test.detail) item.append(element("span", ` → ${test.detail}`));
      list.append(item);
    }
    const passed = checked.filter((test) => test.passed).length;
    nodes.push(element("p", `Tests publics : ${passed} sur ${checked.length} réussis.`, passed === checked.length ? "ok" : "ko"), list);
  } else if (!result.error) {
    nodes.push(element("p", "Le code s'est exécuté sans erreur (cet exercice n'a pas de test public)."));
  }
  runResults.replaceChildren(...nodes);
  runResults.dataset.state = !result.error && checked.every((test) => test.passed) ? "passed" : "failed";
}

async function execute() {
  runButton.disabled = true;
  stopButton.hidden = false;
  runResults.dataset.state = "running";
  let timer = null;
  try {
    await (loaded || startWorker());
    setStatus("Exécution en cours…", true);
    const result = await new Promise((resolve, reject) => {
      pending = { resolve, reject };
      timer = setTimeout(() => stopWorker("Temps dépassé : le programme tournait encore après 10 secondes (boucle infinie ?)."), RUN_LIMIT_MS);
      worker.postMessage({ type: "run", setup: setupCode, code: editor.state.doc.toString(), tests: publicTests });
    });
    showRun(result);
    setStatus("Exécution terminée.");
  } catch (error) {
    runResults.replaceChildren(element("h2", "Résultat de l'exécution"), element("p", error.message, "ko"));
    runResults.dataset.state = "failed";
    setStatus(error instanceof Stopped ? "Exécution arrêtée." : "Exécution impossible.");
    if (!(error instanceof Stopped)) stopWorker();
  } finally {
    clearTimeout(timer);
    pending = null;
    runButton.disabled = false;
    stopButton.hidden = true;
  }
}

runButton.hidden = false;
runButton.addEventListener("click", execute);
// Python starts downloading when the pupil starts editing, not with the page: ready sooner,
// and nothing is fetched by a visitor who only reads the statement.
editor.contentDOM.addEventListener("focus", () => loaded || startWorker().catch((error) => {
  if (!(error instanceof Stopped)) setStatus(error.message);
  stopWorker();
}), { once: true });
stopButton.addEventListener("click", () => stopWorker("Exécution arrêtée à votre demande."));

// --- "Valider": the server runs the private tests (validation.js) ----------------------
validation.validateWithFetch({
  form,
  results: submitResults,
  remaining,
  afterAnswer,
  prepare() {
    textarea.value = editor.state.doc.toString();
    return textarea.value.trim() ? null : "Écrivez votre code avant de valider.";
  },
  showSolution,
});
