// A Parsons exercise, enhanced: the numbered-lines form becomes a list reordered by drag and
// drop or with the "Monter" / "Descendre" buttons (keyboard), each move announced (aria-live).
// On submit, the list's order is written into the same number fields the form sends without
// JavaScript: the server sees one format and judges it (exercises/parsons.py).
const form = document.querySelector("[data-parsons]");
if (form) {
  const list = form.querySelector("[data-parsons-list]");
  const status = form.querySelector("[data-parsons-status]");
  const section = form.closest(".parsons");
  const help = section.querySelector("[data-parsons-help]");
  const text = (item) => item.querySelector(".parsons-text").textContent;
  const items = () => [...list.querySelectorAll(".parsons-line")];
  const announce = (message) => {
    status.textContent = message;
  };
  const placeOf = (item) => items().indexOf(item) + 1;

  const button = (label, onClick) => {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "secondary";
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  };

  for (const item of items()) {
    const line = text(item);
    const up = button("Monter", () => {
      if (item.previousElementSibling) {
        list.insertBefore(item, item.previousElementSibling);
        up.focus();
        announce(`« ${line} » en position ${placeOf(item)}.`);
      }
    });
    const down = button("Descendre", () => {
      if (item.nextElementSibling) {
        list.insertBefore(item.nextElementSibling, item);
        down.focus();
        announce(`« ${line} » en position ${placeOf(item)}.`);
      }
    });
    const aside = button("Écarter", () => {
      const setAside = item.classList.toggle("set-aside");
      aside.textContent = setAside ? "Reprendre" : "Écarter";
      aside.setAttribute("aria-pressed", String(setAside));
      announce(setAside ? `« ${line} » écartée du programme.` : `« ${line} » reprise dans le programme.`);
    });
    // A refused form comes back with the lines left without a number marked (parsons_editor.html).
    const setAside = item.hasAttribute("data-set-aside");
    item.classList.toggle("set-aside", setAside);
    aside.textContent = setAside ? "Reprendre" : "Écarter";
    aside.setAttribute("aria-pressed", String(setAside));
    up.setAttribute("aria-label", `Monter « ${line} »`);
    down.setAttribute("aria-label", `Descendre « ${line} »`);
    aside.setAttribute("aria-label", `Écarter ou reprendre « ${line} »`);
    item.append(up, down, aside);

    item.draggable = true;
    item.addEventListener("dragstart", (event) => {
      item.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.line);
    });
    item.addEventListener("dragend", () => {
      item.classList.remove("dragging");
      announce(`« ${line} » en position ${placeOf(item)}.`);
    });
  }
  list.addEventListener("dragover", (event) => {
    const dragged = list.querySelector(".dragging");
    if (!dragged) return;
    event.preventDefault();
    const after = items().find((item) => {
      const box = item.getBoundingClientRect();
      return item !== dragged && event.clientY < box.top + box.height / 2;
    });
    list.insertBefore(dragged, after || null);
  });

  form.addEventListener("submit", () => {
    let position = 0;
    for (const item of items()) {
      const field = item.querySelector("input[type=number]");
      field.value = item.classList.contains("set-aside") ? "" : String(++position);
    }
  });
  section.classList.add("enhanced");
  help.textContent =
    "Déplacez les lignes (glisser-déposer, ou les boutons « Monter » et « Descendre » au clavier) ; " +
    "« Écarter » retire une ligne qui ne fait pas partie du programme." +
    (form.querySelector("select") ? " Choisissez aussi l'indentation de chaque ligne." : "");
}
