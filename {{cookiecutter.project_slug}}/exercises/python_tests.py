"""The tests of a Python exercise, as a teacher writes them: one per line.

    assert somme([1, 2, 3]) == 6     # an expression and the value the teacher expects
    somme([])                        # an expression alone: the solution's value is expected
    assert est_pair(4)               # an expression that must be true

Blank lines and ``#`` comments are ignored. The server evaluates each expression in the
sandbox; what it expects is always the ``repr()`` of the teacher's solution's value (computed
when the exercise is saved), and a written ``== <expected>`` must agree with the solution.
The browser runs the public tests as written.
"""

import ast
from dataclasses import dataclass


@dataclass(frozen=True)
class PythonTest:
    number: int  # 1, 2… in the order written, comments and blank lines not counted
    expression: str  # what the sandbox evaluates
    expected: str | None  # the written expectation (Python source), if any


FORMAT = "un test par ligne : « assert expression == valeur attendue », « assert expression » ou une expression seule"


def parse_tests(text: str, label: str = "Test") -> list[PythonTest]:
    """The tests of ``text``, or a French ValueError naming the line that is not one."""
    tests = []
    for line_number, line in enumerate((text or "").splitlines(), start=1):
        source = line.strip()
        if not source or source.startswith("#"):
            continue
        where = f"{label} ligne {line_number}"
        try:
            tree = ast.parse(source, mode="exec")
        except SyntaxError as error:
            raise ValueError(f"{where} : erreur de syntaxe ({error.msg}) ; {FORMAT}.") from None
        if len(tree.body) != 1:
            raise ValueError(f"{where} : {FORMAT}.")
        statement = tree.body[0]
        if isinstance(statement, ast.Assert):
            expression, expected = assertion(statement.test, source)
        elif isinstance(statement, ast.Expr):
            expression, expected = ast.get_source_segment(source, statement.value), None
        else:
            raise ValueError(f"{where} : {FORMAT}.")
        tests.append(PythonTest(len(tests) + 1, expression, expected))
    return tests


def assertion(test: ast.expr, source: str) -> tuple[str, str]:
    """``assert a == b`` → (a, b); ``assert a`` → (bool(a), True)."""
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        return ast.get_source_segment(source, test.left), ast.get_source_segment(source, test.comparators[0])
    return f"bool({ast.get_source_segment(source, test)})", "True"
