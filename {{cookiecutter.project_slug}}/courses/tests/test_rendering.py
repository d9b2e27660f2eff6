"""Markdown from teachers renders as HTML; nothing in it can run in a student's browser."""

import re

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
<div class="highlight" style="background:url(javascript:alert(9))" onmouseover="alert(10)">bloc</div>
<span class="k message" onclick="alert(11)">mot</span>

```python
</code></pre></div><script>alert(12)</script>
```

```html
<img src=x onerror=alert(13)>
```
"""


def outside_code_blocks(html: str) -> str:
    # A code block shows hostile HTML as escaped text; its own "</div>" is "&lt;/div&gt;".
    return re.sub(r'<div class="highlight"><pre>.*?</div>', "", html, flags=re.DOTALL)


def test_script_event_handlers_and_javascript_links_are_removed():
    html = render(HOSTILE).lower()
    assert "<script" not in html and "<img src=x" not in html
    assert "javascript:" not in html and "style=" not in html and "onmouseover" not in html
    assert "<iframe" not in html and "<svg" not in html and "data:" not in html
    text = outside_code_blocks(html)
    assert "onerror" not in text and "onclick" not in text
    assert "alert(" not in text
    # The code blocks are there, escaped and highlighted.
    assert text.count("<pre>") == 0 and html.count('<div class="highlight"><pre>') == 2
    shown = re.sub(r"<[^>]*>", "", html)  # the text a student sees
    assert "&lt;/code&gt;&lt;/pre&gt;&lt;/div&gt;&lt;script&gt;alert(12)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(13)&gt;" in shown and '<span class="nt">img</span>' in html
    # Raw HTML keeps only the classes highlighting uses.
    assert '<span class="k">mot</span>' in html and "message" not in html
    assert '<div class="highlight">bloc</div>' in html
    assert "<h1>titre</h1>" in html


def test_course_markdown_keeps_code_tables_and_safe_links():
    html = render(
        "```python\nprint('Bonjour')\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[doc](https://docs.python.org)"
    )
    assert '<div class="highlight"><pre><span></span><code><span class="nb">print</span>' in html
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
    assert "<script" not in article and "javascript:" not in article and "style=" not in article
    assert "alert(" not in outside_code_blocks(article)
    assert "titre" in article
