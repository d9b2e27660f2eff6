"""The program the sandboxed interpreter runs (CPython for WASI): never imported by the server.

The server passes this file's text as ``python -c`` and the work as one JSON argument:
``{"marker": ..., "setup": ..., "code": ..., "expressions": [...]}``. It runs ``setup`` then
``code`` in one namespace, evaluates each expression there and writes ONE line on stderr:
the marker followed by JSON, ``{"outcomes": [[repr, null] | [null, "Type: message"], ...]}`` or
``{"failure": {"where": "setup"|"code", "kind": ..., "error": ..., "line": ...}}``.

The student's code runs in the same interpreter and can read or rewrite anything here,
including the marker, and print a line of its own: the server never takes a verdict from
the guest (see sandbox/protocol.py).
"""

import json
import os
import sys


def describe(error: BaseException) -> str:
    try:
        message = str(error)
    except Exception:  # noqa: BLE001 - a user-defined __str__ may raise anything
        message = "?"
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def error_line(error: BaseException, filename: str) -> int | None:
    if isinstance(error, SyntaxError):
        return error.lineno
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def run(source: str, where: str, namespace: dict) -> dict | None:
    filename = f"<{where}>"
    try:
        exec(compile(source, filename, "exec"), namespace)
    except SyntaxError as error:
        # Its str() ends with "(<code>, line 3)": the line is reported on its own.
        return {"where": where, "kind": "syntax", "error": f"{type(error).__name__}: {error.msg}", "line": error.lineno}
    except SystemExit:
        return {"where": where, "kind": "exit", "error": "SystemExit", "line": None}
    except BaseException as error:  # noqa: BLE001 - whatever the code raised is reported, not propagated
        return {"where": where, "kind": "exception", "error": describe(error), "line": error_line(error, filename)}
    return None


def evaluate(expression: str, namespace: dict) -> list:
    try:
        value = eval(compile(expression, "<test>", "eval"), namespace)
        return [repr(value), None]
    except BaseException as error:  # noqa: BLE001 - an expression that raises is an outcome
        return [None, describe(error)]


def report(marker: str, result: dict) -> None:
    line = (marker + json.dumps(result, ensure_ascii=True) + "\n").encode("ascii")
    while line:
        line = line[os.write(2, line) :]


def main() -> None:
    work = json.loads(sys.argv.pop(1))
    marker = work.pop("marker")
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    for where in ("setup", "code"):
        failure = run(work[where], where, namespace)
        if failure is not None:
            report(marker, {"failure": failure})
            return
    outcomes = [evaluate(expression, namespace) for expression in work["expressions"]]
    sys.stdout.flush()
    report(marker, {"outcomes": outcomes})


main()
