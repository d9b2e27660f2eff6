// The SQL editor, enhanced: the same CodeMirror as the Python editor, without a language (the
// vendored bundle has no SQL mode): line numbers, history, brackets. The textarea stays the
// form's field, so "Exécuter" and "Valider" post the form as they do without JavaScript.
const root = document.querySelector("[data-sql-editor]");
if (root) {
  const textarea = root.querySelector("textarea[name=code]");
  // CodeMirror's <style> element carries the page's CSP nonce (read from this module's <script>).
  const nonce = root.querySelector("script[nonce]")?.nonce || "";
  const cm = await import(root.dataset.codemirror);
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
}
