// "Valider" sent with fetch, for the editors whose answer the server checks (Python, SQL): the
// verdict shown in the page (message, private tests, XP, badges, validations left, what a
// success reveals, the next step), and a busy server's 429 tried again by itself. Without
// JavaScript the form posts and the server answers with a page. Every text goes through
// textContent, except the remarks, which are the server's own rendered HTML.

export function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

export function remarksBlock(remarksHtml) {
  const remarks = element("div", null, "remarks");
  remarks.innerHTML = remarksHtml;
  return remarks;
}

// Automatic tries after a 429, each after the server's Retry-After (at most RETRY_WAIT_MAX_S).
const BUSY_RETRIES = 2;
const RETRY_WAIT_MAX_S = 10;

function retryAfterSeconds(response) {
  const raw = (response.headers.get("Retry-After") || "").trim();
  if (!/^\d+$/.test(raw)) return null;
  return Math.min(Math.max(Number(raw), 1), RETRY_WAIT_MAX_S);
}

const WORKING = "Validation en cours sur le serveur…";

/**
 * POSTs the form's fields to url, asking for JSON. "Serveur occupé" (a whole class pressing the
 * button at once): sent again by itself after the server's Retry-After, a couple of times,
 * before the 429 is left to the student; say(text) shows the wait, then the new try.
 */
export async function postRetrying(form, url, say, working = WORKING) {
  const body = new FormData(form);
  const send = () =>
    fetch(url, {
      method: "POST",
      body,
      headers: { Accept: "application/json", "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
      credentials: "same-origin",
    });
  let response = await send();
  for (let retry = 1; response.status === 429 && retry <= BUSY_RETRIES; retry++) {
    const seconds = retryAfterSeconds(response);
    if (seconds === null) break;
    say(`Serveur occupé : nouvel essai dans ${seconds} s…`);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    say(working);
    response = await send();
  }
  return response;
}

// The answer's JSON, or null when it is not JSON (a login page after the session expired).
export async function jsonOf(response) {
  return (response.headers.get("Content-Type") || "").includes("json") ? response.json() : null;
}

export const UNEXPECTED = "Réponse inattendue du serveur : votre session a peut-être expiré, rechargez la page.";
export const UNREACHABLE = "Le serveur est injoignable : vérifiez la connexion puis réessayez.";

function verdictNodes(data) {
  const nodes = [element("h2", "Validation"), element("p", data.message, data.passed ? "message success" : "message error")];
  if (data.failure) nodes.push(element("p", data.failure, "ko"));
  if (data.tests?.length) {
    const list = element("ul", null, "test-list");
    for (const test of data.tests) {
      list.append(element("li", `${test.passed ? "✓" : "✗"} Test ${test.number} : ${test.passed ? "réussi" : "échoué"}`, test.passed ? "ok" : "ko"));
    }
    const passed = data.tests.filter((test) => test.passed).length;
    nodes.push(element("p", `Tests de validation : ${passed} sur ${data.tests.length} réussis.`), list);
  }
  if (data.xp_awarded > 0) nodes.push(element("p", `+${data.xp_awarded} XP`, "xp"));
  for (const badge of data.badges || []) nodes.push(element("p", badge, "message success"));
  return nodes;
}

// The remarks (server-rendered HTML) when no solution carries them, and the link onwards.
function showAfterAnswer(afterAnswer, remarksHtml, next) {
  if (!afterAnswer || (!remarksHtml && !next)) return;
  const nodes = [];
  if (remarksHtml) nodes.push(element("h2", "Explication"), remarksBlock(remarksHtml));
  if (next) {
    const link = element("a", `${next.label} : ${next.title} →`, "button");
    link.href = next.url;
    const paragraph = element("p", null, "next-step");
    paragraph.append(link);
    nodes.push(paragraph);
  }
  afterAnswer.replaceChildren(...nodes);
  afterAnswer.hidden = false;
}

/**
 * Sends the form's "Valider" (its first submit button without a formaction) with fetch.
 * results: where the verdict goes (aria-live, its data-state says running/passed/failed/error);
 * remaining: the "Validations restantes" line; afterAnswer: the section under the answer;
 * prepare(): before sending, brings the editor's text into the form, and returns a French
 * message to show instead of sending, or nothing; showSolution(code, remarksHtml): after a success.
 * Other submit buttons (the SQL editor's "Exécuter") post the form as without JavaScript.
 */
export function validateWithFetch({ form, results, remaining, afterAnswer, prepare, showSolution }) {
  const submitButton = form.querySelector("button[type=submit]:not([formaction])");
  const otherButtons = [...form.querySelectorAll("button[type=submit][formaction]")];
  let exhausted = false; // no validation left

  function showError(text) {
    results.replaceChildren(element("h2", "Validation"), element("p", text, "message error"));
    results.dataset.state = "error";
  }

  function showVerdict(data) {
    results.replaceChildren(...verdictNodes(data));
    results.dataset.state = data.passed ? "passed" : "failed";
    if (data.remaining !== null && data.remaining !== undefined) {
      remaining.textContent = `Validations restantes : ${data.remaining}`;
      exhausted = data.remaining <= 0 && !data.passed;
    }
    if (data.passed && data.solution) showSolution(data.solution, data.remarks_html);
    showAfterAnswer(afterAnswer, data.solution ? null : data.remarks_html, data.next);
  }

  form.addEventListener("submit", async (event) => {
    if (event.submitter && event.submitter !== submitButton) return;
    event.preventDefault();
    const refusal = prepare();
    if (refusal) {
      showError(refusal);
      return;
    }
    for (const button of [submitButton, ...otherButtons]) button.disabled = true;
    results.dataset.state = "running";
    results.replaceChildren(element("p", WORKING));
    try {
      const response = await postRetrying(form, form.action, (text) => results.replaceChildren(element("p", text)));
      const data = await jsonOf(response);
      if (!data) showError(UNEXPECTED);
      else if (!response.ok) showError(data.message);
      else showVerdict(data);
    } catch {
      showError(UNREACHABLE);
    } finally {
      submitButton.disabled = exhausted;
      for (const button of otherButtons) button.disabled = false;
    }
  });
}
