// The SQL editor, enhanced: the same CodeMirror as the Python editor, without a language (the
// vendored bundle has no SQL mode): line numbers, history, brackets. "Exécuter" and "Valider"
// are sent with fetch (validation.js, shared with the Python editor): the result table or the
// verdict shows in the page, and a busy server is tried again by itself. Without JavaScript the
// textarea is the form's field and both buttons post the form.
const root = document.querySelector("[data-sql-editor]");
if (root) {
  const form = root.querySelector("form");
  const textarea = form.querySelector("textarea[name=code]");
  const runButton = form.querySelector("button[type=submit][formaction]");
  const runResults = root.querySelector("[data-run-results]");
  const solution = root.querySelector("[data-solution]");
  // CodeMirror's <style> element carries the page's CSP nonce (read from this module's <script>).
  const nonce = root.querySelector("script[nonce]")?.nonce || "";
  const [cm, validation] = await Promise.all([import(root.dataset.codemirror), import(root.dataset.validation)]);
  const { element, remarksBlock } = validation;
  const editor = new cm.EditorView({
    doc: textarea.value,
    extensions: [
      cm.EditorView.cspNonce.of(nonce),
      cm.highlightSpecialChars(),
      cm.drawSelection(),
      cm.lineNumbers(),
      cm.history(),
      cm.bracketMatching(),
      cm.closeBrackets(),
      cm.highlightActiveLine(),
      // No Tab binding: Tab leaves the editor, as in any form field.
      cm.keymap.of([...cm.closeBracketsKeymap, ...cm.defaultKeymap, ...cm.historyKeymap]),
      cm.EditorView.contentAttributes.of({ "aria-labelledby": textarea.id + "-label" }),
      cm.EditorView.updateListener.of((update) => {
        if (update.docChanged) textarea.value = update.state.doc.toString();
      }),
    ],
  });
  textarea.after(editor.dom);
  textarea.hidden = true;
  textarea.required = false; // a hidden required field would block the form silently

  // The editor's text in the form, or why nothing is sent.
  function prepare() {
    textarea.value = editor.state.doc.toString();
    return textarea.value.trim() ? null : "Écrivez votre requête avant de l'envoyer.";
  }

  validation.validateWithFetch({
    form,
    results: root.querySelector("[data-submit-results]"),
    remaining: root.querySelector("[data-remaining]"),
    afterAnswer: document.querySelector("[data-after-answer]"),
    prepare,
    showSolution(code, remarksHtml) {
      const query = element("pre");
      query.tabIndex = 0;
      query.append(element("code", code));
      solution.replaceChildren(element("h2", "Requête proposée"), query);
      if (remarksHtml) solution.append(element("h2", "Remarques"), remarksBlock(remarksHtml));
      solution.hidden = false;
    },
  });

  // --- "Exécuter": the query's first rows, as the page without JavaScript shows them ----------
  function tableRow(cells) {
    const row = element("tr");
    row.append(...cells);
    return row;
  }

  function showTable(table) {
    const caption = "Résultat de votre requête" + (table.truncated ? " (premières lignes seulement)" : "");
    const headers = table.columns.map((column) => {
      const cell = element("th", column);
      cell.scope = "col";
      return cell;
    });
    const body = element("tbody");
    body.append(...table.rows.map((values) => tableRow(values.map((value) => element("td", value)))));
    if (!table.rows.length) {
      const cell = element("td", "Aucune ligne.");
      cell.colSpan = Math.max(table.columns.length, 1);
      body.append(tableRow([cell]));
    }
    const head = element("thead");
    head.append(tableRow(headers));
    const result = element("table", null, "sql-result");
    result.append(element("caption", caption), head, body);
    runResults.replaceChildren(result);
    runResults.dataset.state = "done";
  }

  function showRunError(text) {
    runResults.replaceChildren(element("p", text, "message error"));
    runResults.dataset.state = "error";
  }

  form.addEventListener("submit", async (event) => {
    if (event.submitter !== runButton) return;
    event.preventDefault();
    const refusal = prepare();
    if (refusal) {
      showRunError(refusal);
      return;
    }
    runButton.disabled = true;
    runResults.dataset.state = "running";
    const working = "Exécution en cours sur le serveur…";
    const say = (text) => runResults.replaceChildren(element("p", text));
    say(working);
    try {
      const response = await validation.postRetrying(form, runButton.formAction, say, working);
      const data = await validation.jsonOf(response);
      if (!data) showRunError(validation.UNEXPECTED);
      else if (!response.ok) showRunError(data.message);
      else showTable(data);
    } catch {
      showRunError(validation.UNREACHABLE);
    } finally {
      runButton.disabled = false;
    }
  });
}
