"""Markdown from teachers renders as HTML; nothing in it can run in a student's browser."""

import pytest

from accounts.tests.factories import make_student
from courses.rendering import render
from courses.tests.factories import make_chapter, make_course

HOSTILE = """
# Titre

<script>alert("vol de session")</script>
<img src="x" onerror="alert(1)">
[clic](javascript:alert(document.cookie))
<a href="JaVaScRiPt:alert(2)">lien</a>
<p onclick="alert(3)">texte</p>
<iframe src="https://example.org"></iframe>
<a href="jav&#x09;ascript:alert(4)">tabulation</a> <a href="&#106;avascript:alert(5)">entité</a>
<a href=" javascript:alert(6)">espace</a> <svg onload="alert(7)"></svg>
<a href="data:text/html,<script>alert(8)</script>">données</a>
"""


def test_script_event_handlers_and_javascript_links_are_removed():
    html = render(HOSTILE).lower()
    assert "<script" not in html
    assert "onerror" not in html and "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html and "<svg" not in html and "data:" not in html
    assert "alert(" not in html
    assert "<h1>titre</h1>" in html


def test_course_markdown_keeps_code_tables_and_safe_links():
    html = render(
        "```python\nprint('Bonjour')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[doc](https://docs.python.org)"
    )
    assert "<pre><code" in html and "print(" in html
    assert "<table>" in html and "<td>1</td>" in html
    assert 'href="https://docs.python.org"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.django_db
def test_the_chapter_page_serves_hostile_markdown_inert(client):
    course = make_course(chapters=0)
    make_chapter(course, slug="piege", markdown=HOSTILE)
    client.force_login(make_student())

    page = client.get("/courses/" + course.slug + "/piege/").content.decode().lower()

    article = page.split('<article class="content">')[1].split("</article>")[0]
    assert "<script" not in article and "onerror" not in article and "javascript:" not in article
    assert "alert(" not in article
    assert "titre" in article
