"""Exercises written for pyodide-mkdocs-theme (PMT), read into plain strings.

A PMT exercise is a Python file cut into sections by header lines, ``# --- PYODIDE:code --- #``
(PMT 5 also writes ``# --- PMT:code --- #``; spaces, tabs and the number of dashes vary), next to
optional remarks: ``{exo}_REM.md`` (shown with the solution) and ``{exo}_VIS_REM.md`` (shown in the
page once solved; PMT 5 also accepts both as ``REM`` / ``VIS_REM`` sections of the Python file).

What each section becomes here:

* ``env`` (hidden code run before the student's) -> ``env``; ``code`` (starter code) -> ``code``;
  ``corr`` (the solution, required: the expected values are computed from it) -> ``corr``;
  ``tests`` (public) -> ``tests``; ``secrets`` (private, run by "Valider") -> ``secrets``;
  ``REM`` then ``VIS_REM`` -> ``rem`` (the portal shows every remark once the exercise is solved).
* ``ignore`` (notes for the author, may repeat): dropped.
* ``env_term``, ``post_term`` (PMT's terminal only) and ``post`` (clean-up after the run): the
  portal has no equivalent; dropped, each with a French sentence in ``warnings``.

Malformed input raises ValueError with a French message naming the line. Pure Python, no Django
import: the import command and the admin form both use it, and it is tested on its own.
"""

import re
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 200_000  # per file: an exercise is a few kB; this bounds what an upload can make us parse
EXAMPLE_HEADER = "# --- PYODIDE:code --- #"

KEPT = ("env", "code", "corr", "tests", "secrets")
REMARKS = ("REM", "VIS_REM")
DROPPED = {
    "env_term": "la section « env_term » (code lancé avant chaque commande du terminal PMT) est ignorée : "
    "le portail n'a pas de terminal.",
    "post_term": "la section « post_term » (code lancé après chaque commande du terminal PMT) est ignorée : "
    "le portail n'a pas de terminal.",
    "post": "la section « post » (code de nettoyage lancé après les tests) est ignorée : "
    "le portail lance chaque validation dans un interpréteur neuf.",
}
IGNORE = "ignore"
KNOWN = (*KEPT, *REMARKS, *DROPPED, IGNORE)

# PMT's header: the whole line, "#", dashes, PYODIDE or PMT, ":", a name, dashes, "#".
HEADER = re.compile(r"#[\t ]*-+[\t ]*(?:PMT|PYODIDE)[\t ]*:[\t ]*(?P<name>\w+)[\t ]*-+[\t ]*#[\t ]*")
# A comment that names a section but is not a header (a dash or "#" missing, indented...):
# refused rather than silently kept as code, as PMT does.
SUSPECT = re.compile(rf"^[\t ]*#.*\b(?:PMT|PYODIDE)[\t ]*:[\t ]*(?:{'|'.join(KNOWN)})\b")
# PMT remarks may call MkDocs macros (double braces, or brace-percent); the portal shows them as text.
MACRO = re.compile(r"\{(?:\{|%)")


@dataclass(frozen=True)
class PmtExercise:
    env: str = ""
    code: str = ""
    corr: str = ""
    tests: str = ""
    secrets: str = ""
    rem: str = ""
    warnings: tuple[str, ...] = ()  # French sentences: what was dropped or will look different


def _text(content: bytes | str, label: str) -> str:
    if isinstance(content, bytes):
        if len(content) > MAX_BYTES:
            raise ValueError(f"{label} : fichier trop volumineux ({len(content)} octets, {MAX_BYTES} au plus).")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValueError(
                f"{label} n'est pas encodé en UTF-8 (octet invalide à la position {error.start}) : "
                "enregistrez-le en UTF-8 depuis votre éditeur."
            ) from None
    elif len(content) > MAX_BYTES:
        raise ValueError(f"{label} : fichier trop volumineux ({len(content)} caractères, {MAX_BYTES} au plus).")
    return content.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def _trimmed(lines: list[str]) -> str:
    """Blank lines around a section go; the indentation of its first line stays (PMT 5 does the same)."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    return "\n".join(lines).rstrip()


def _no_header(label: str) -> ValueError:
    return ValueError(
        f"{label} : aucun en-tête de section pyodide-mkdocs-theme (par exemple « {EXAMPLE_HEADER} »). "
        "L'ancien format en plusieurs fichiers (exo.py, exo_corr.py, exo_test.py) n'est pas pris en charge."
    )


def _sections(text: str, label: str) -> dict[str, str]:
    all_lines = text.split("\n")
    if not any(HEADER.fullmatch(line) or SUSPECT.match(line) for line in all_lines):
        raise _no_header(label)
    found: dict[str, str] = {}
    first_line: dict[str, int] = {}
    current, lines = None, []
    for number, line in enumerate(all_lines, start=1):
        header = HEADER.fullmatch(line)
        if header is None:
            if SUSPECT.match(line):
                raise ValueError(
                    f"{label}, ligne {number} : en-tête de section mal formé « {line.strip()} » "
                    f"(forme attendue : « {EXAMPLE_HEADER} »)."
                )
            if current is None and line.strip():
                raise ValueError(
                    f"{label}, ligne {number} : du texte avant le premier en-tête de section "
                    f"(le fichier doit commencer par un en-tête comme « {EXAMPLE_HEADER} »)."
                )
            lines.append(line)
            continue
        if current is not None and current != IGNORE:
            found[current] = _trimmed(lines)
        name = header["name"]
        if name not in KNOWN:
            raise ValueError(
                f"{label}, ligne {number} : section inconnue « {name} » (sections possibles : {', '.join(KNOWN)})."
            )
        if name != IGNORE and name in first_line:
            raise ValueError(
                f"{label}, ligne {number} : la section « {name} » apparaît deux fois "
                f"(déjà ligne {first_line[name]}) ; seule « ignore » peut se répéter."
            )
        first_line[name] = number
        current, lines = name, []
    if current != IGNORE:
        found[current] = _trimmed(lines)
    return found


def parse_pmt(
    source: bytes | str, *, rem: bytes | str = "", vis_rem: bytes | str = "", name: str = "exercice.py"
) -> PmtExercise:
    """Read a PMT exercise file (``source``) and the contents of its ``_REM.md`` / ``_VIS_REM.md``
    files (empty when absent). ``name`` only labels the messages."""
    stem = name.removesuffix(".py")
    sections = _sections(_text(source, f"Le fichier {name}"), f"Le fichier {name}")
    remarks = []
    for section, content, file_name in (("REM", rem, f"{stem}_REM.md"), ("VIS_REM", vis_rem, f"{stem}_VIS_REM.md")):
        from_file = _trimmed(_text(content, f"Le fichier {file_name}").split("\n"))
        if from_file and sections.get(section):
            raise ValueError(
                f"Remarques en double : la section « {section} » du fichier {name} et le fichier {file_name} ; "
                "gardez l'une des deux."
            )
        remarks.append(from_file or sections.get(section, ""))

    if not sections.get("corr"):
        raise ValueError(
            f"Le fichier {name} n'a pas de section « corr » (la solution) ou elle est vide : elle est nécessaire, "
            "les résultats attendus des tests sont calculés à partir d'elle."
        )
    if not sections.get("tests") and not sections.get("secrets"):
        raise ValueError(
            f"Le fichier {name} n'a aucun test : ni section « tests » (publics) ni section « secrets » (privés)."
        )

    warnings = [f"{name} : {DROPPED[section]}" for section in DROPPED if sections.get(section)]
    rem_text = "\n\n".join(remark for remark in remarks if remark)
    if MACRO.search(rem_text):
        warnings.append(
            f"{name} : les remarques contiennent des macros MkDocs (entre accolades) ; "
            "elles seront affichées telles quelles, à réécrire en Markdown simple."
        )
    return PmtExercise(
        **{section: sections.get(section, "") for section in KEPT}, rem=rem_text, warnings=tuple(warnings)
    )


def read_pmt_files(path: str | Path) -> PmtExercise:
    """Read ``{exo}.py`` and, when they exist beside it, ``{exo}_REM.md`` and ``{exo}_VIS_REM.md``."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"Fichier introuvable : {path}.")

    def sibling(suffix: str) -> bytes:
        other = path.with_name(path.stem + suffix)
        return other.read_bytes() if other.is_file() else b""

    return parse_pmt(path.read_bytes(), rem=sibling("_REM.md"), vis_rem=sibling("_VIS_REM.md"), name=path.name)
