"""The tests' text format: one test per line, an expression and perhaps what the teacher expects."""

import pytest

from exercises.python_tests import PythonTest, parse_tests


def test_assertions_bare_expressions_comments_and_blank_lines():
    text = "# exemples\nassert somme([1, 2]) == 3\n\n  somme([])  \nassert est_pair(4)\nassert f(1) == 2, 'message'\n"
    assert parse_tests(text) == [
        PythonTest(1, "somme([1, 2])", "3"),
        PythonTest(2, "somme([])", None),
        PythonTest(3, "bool(est_pair(4))", "True"),
        PythonTest(4, "f(1)", "2"),
    ]


def test_only_the_top_level_equality_separates_the_expectation():
    assert parse_tests("assert f(a == b) == [x == 1]") == [PythonTest(1, "f(a == b)", "[x == 1]")]
    assert parse_tests("assert 1 < f(2) < 3") == [PythonTest(1, "bool(1 < f(2) < 3)", "True")]


MALFORMED = {
    "a loop": "for x in range(3): assert f(x) == x",
    "an assignment": "x = f(2)",
    "two statements": "f(1); f(2)",
    "an import": "import os",
    "a syntax error": "assert f(1 == 2",
}


@pytest.mark.parametrize("line", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_line_that_is_not_a_test_is_refused_with_its_number(line):
    with pytest.raises(ValueError, match=r"^Test privé ligne 3 : .*un test par ligne"):
        parse_tests(f"# commentaire\nassert f(1) == 1\n{line}", label="Test privé")
