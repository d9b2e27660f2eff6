"""Fenced code is highlighted on the server, stays inert whatever its language, and its colours
(light and dark) are readable: the committed stylesheet is the one the styles generate."""

import re

import pytest
from django.contrib.staticfiles import finders

from accounts.tests.factories import make_student
from courses.highlighting import CSS_CLASS, STYLESHEET, stylesheet
from courses.rendering import render
from courses.tests.factories import make_chapter, make_course

PYTHON_BLOCK = "```python\ndef somme(nombres):\n    return 0  # à compléter\n```\n\nEt `somme([])` vaut 0."


@pytest.mark.django_db
def test_a_chapter_shows_python_code_highlighted_and_links_the_stylesheet(client):
    course = make_course(chapters=0)
    make_chapter(course, slug="listes", markdown=PYTHON_BLOCK)
    client.force_login(make_student())

    page = client.get(f"/courses/{course.slug}/listes/").content.decode()

    article = page.split('<article class="content">')[1].split("</article>")[0]
    assert f'<div class="{CSS_CLASS}"><pre>' in article
    assert '<span class="k">def</span>' in article and '<span class="nf">somme</span>' in article
    assert '<span class="c1"># à compléter</span>' in article
    assert "<code>somme([])</code>" in article  # inline code is not a block: left alone
    assert '<link rel="stylesheet" href="/static/courses/highlight.css">' in page
    assert finders.find("courses/highlight.css") == str(STYLESHEET)


@pytest.mark.parametrize("fence", ["```langage-inconnu", "```"])
def test_unknown_or_missing_languages_render_plain_and_escaped(fence):
    html = render(f"{fence}\n<script>alert(document.cookie)</script>\nx = 1\n```")

    assert html.startswith(f'<div class="{CSS_CLASS}"><pre><span></span><code>&lt;script&gt;alert(document.cookie)')
    assert "<script" not in html
    assert not re.search(r"<span class=", html)  # no token spans: nothing was guessed


def test_a_fence_that_tries_to_inject_attributes_renders_inert():
    html = render('```python" onmouseover="alert(1)\n<script>alert(2)</script>\n```')

    assert "<script" not in html and "alert(2)" not in html
    assert not re.search(r"<[^>]*\son\w+=", html)  # at most the fence's text, never an attribute


def test_html_cannot_borrow_classes_or_attributes_through_the_highlighting_tags():
    html = render(
        '<div class="highlight message" style="position:fixed" id="x">a</div>\n\n'
        '<span class="k ok" onclick="alert(1)">b</span> <span class="muted">c</span>'
    )

    assert '<div class="highlight">a</div>' in html
    assert '<span class="k">b</span>' in html and "muted" not in html
    assert "style=" not in html and "onclick" not in html and "id=" not in html


def test_the_committed_stylesheet_is_the_generated_one():
    # Fails after a style change or a Pygments upgrade until `manage.py highlight_css` is run.
    assert STYLESHEET.read_text(encoding="utf-8") == stylesheet()


def _luminance(color: str) -> float:
    channels = [int(color[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _rules(block: str) -> dict[str, dict[str, str]]:
    """Each rule of a block of the stylesheet: selector -> {property: value}."""
    return {
        selector: dict(item.split(": ", 1) for item in properties.split("; "))
        for selector, properties in re.findall(r"^ *([^{}\n]+?) \{ ([^}]*) \}$", block, flags=re.MULTILINE)
    }


def test_both_styles_are_readable_and_the_dark_one_overrides_every_light_rule():
    light_block, dark_block = STYLESHEET.read_text(encoding="utf-8").split("@media (prefers-color-scheme: dark)")
    light, dark = _rules(light_block), _rules(dark_block)
    tokens = "." + CSS_CLASS + " ."

    for rules in (light, dark):
        background = rules["." + CSS_CLASS]["background"]
        colors = {selector: values["color"] for selector, values in rules.items() if "color" in values}
        # Whitespace tokens (".w") carry no visible text.
        unreadable = {
            selector: color
            for selector, color in colors.items()
            if selector != tokens + "w" and _contrast(color, background) < 4.5
        }
        assert len(colors) > 40 and not unreadable, f"contrast below 4.5:1 on {background}: {unreadable}"
    # Whatever a light rule sets (colour, bold, italic...) the dark rule sets too, or it would leak through.
    leaks = {
        selector: sorted(set(values) - set(dark.get(selector, {})))
        for selector, values in light.items()
        if selector.startswith(tokens) and set(values) - set(dark.get(selector, {}))
    }
    assert not leaks
