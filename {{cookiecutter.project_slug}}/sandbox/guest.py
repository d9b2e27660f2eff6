"""The program the sandboxed interpreter runs (CPython for WASI): never imported by the server.

The server runs ``python -I -S -c <this file> MARKER SETUP CODE EXPRESSION...``: the work
travels in argv, as plain strings (no JSON: importing it would double the start-up time). It
runs SETUP then CODE in one namespace, evaluates each EXPRESSION there, and writes ONE line on
stderr: MARKER then a Python literal, ``("outcomes", [(repr, None) | (None, "Type: message"), ...])``
or ``("failure", where, kind, error, line)``; the server reads it with ``ast.literal_eval``.

The student's code runs in the same interpreter and can read or rewrite anything here,
including the marker, and print a line of its own: the server never takes a verdict from
the guest (see sandbox/protocol.py).
"""

import os
import sys


def describe(error: BaseException) -> str:
    if isinstance(error, SyntaxError):
        # Its str() ends with "(<code>, line 3)": the line is reported on its own.
        return f"{type(error).__name__}: {error.msg}"
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


def run(source: str, where: str, namespace: dict) -> tuple | None:
    filename = f"<{where}>"
    try:
        exec(compile(source, filename, "exec"), namespace)
    except SyntaxError as error:
        return ("failure", where, "syntax", describe(error), error.lineno)
    except SystemExit:
        return ("failure", where, "exit", "SystemExit", None)
    except BaseException as error:  # noqa: BLE001 - whatever the code raised is reported, not propagated
        return ("failure", where, "exception", describe(error), error_line(error, filename))
    return None


def evaluate(expression: str, namespace: dict) -> tuple:
    try:
        return (repr(eval(compile(expression, "<test>", "eval"), namespace)), None)
    except BaseException as error:  # noqa: BLE001 - an expression that raises is an outcome
        return (None, describe(error))


def report(marker: str, answer: tuple) -> None:
    # repr() of str escapes newlines: the answer is one line. ascii() keeps it 7-bit.
    line = (marker + ascii(answer) + "\n").encode("ascii")
    while line:
        line = line[os.write(2, line) :]


def main() -> None:
    marker, setup, code, *expressions = sys.argv[1:]
    del sys.argv[1:]
    namespace = {"__name__": "__main__", "__builtins__": __builtins__}
    for where, source in (("setup", setup), ("code", code)):
        failure = run(source, where, namespace)
        if failure is not None:
            report(marker, failure)
            return
    outcomes = [evaluate(expression, namespace) for expression in expressions]
    sys.stdout.flush()
    report(marker, ("outcomes", outcomes))


main()
