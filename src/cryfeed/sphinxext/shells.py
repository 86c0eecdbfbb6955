"""Rendered pages laid out from a shell: the theme's page made once per kind, then filled.

A shell is the theme's page rendered once per kind of page with placeholders where a
page's own parts go; each page of that kind fills them in.

Why: the theme's templates and html-page-context handlers cost about 10 ms a page, and a
thousand songs' pages differ only in their title, article, summary and name. Pages of
one kind (same template, folder, sections, scripts; see kind) share everything else: the
sidebar (compat.share_orphan_sidebar), the template checks (compat.share_template_checks)
and the page's own table of contents, made from its sections.

Nothing is assumed about where the theme puts a part or how it escapes it: a probe page
is rendered twice with different placeholder values full of characters that escaping
changes, each placement of a placeholder must be explained by exactly one of the forms
in FORMS, and both probes must leave the same text around them. The first page of each
kind, laid out by the theme, is then compared with its filled shell; any difference, or
a page the shell cannot hold (a name outside SAFE_NAME), and the theme lays it out.
tests/test_build.py compares a whole site laid out both ways.
"""

from __future__ import annotations

import dataclasses
import html
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.util import logging

from cryfeed.book.html import Html, mark_korean
from cryfeed.book.rendered import RenderedPage
from cryfeed.sphinxext.practice import uses_practice

logger = logging.getLogger(__name__)

# Off only in the test that compares a site laid out by the theme alone with one from shells.
USE_SHELLS = True

# A page name every escaping and quoting leaves as it is (the probe checks the theme
# copies it).
SAFE_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def _striptags_escaped(text: str) -> str:
    # Sphinx's <title>: {{ title|striptags|e }}, title being escaped HTML.
    return str(escape(Markup(html.escape(text)).striptags()))


# What the theme and cryfeed's handlers may make of each part on its way into the page.
FORMS: dict[str, tuple[Callable[[str], str], ...]] = {
    "title": (
        html.escape,  # the title in the context and the page's <meta> tags
        lambda text: html.escape(text, quote=False),
        lambda text: mark_korean(Html(html.escape(text, quote=False))),  # escape_theme_titles
        _striptags_escaped,
    ),
    "body": (lambda body: body,),
    "description": (html.escape,),
    "name": (lambda name: name,),
}

# Two probes: placeholders (letters only, so no form changes them) followed by text that
# every form changes differently.
_PROBES = (
    {
        "title": "cfshellptitle & <b> ' \" 눈물  x",
        "body": '<p>cfshellpbody & \' " 눈물</p>',
        "description": "cfshellpdescription & <i> ' \" 사랑  y",
        "name": "cfshellpname-x.y_z",
    },
    {
        "title": "cfshellqtitle \"'  <i>&amp;</i> 이별",
        "body": "<div>cfshellqbody <b>&amp;</b> 이별</div>",
        "description": "cfshellqdescription \"' <&> 이별",
        "name": "cfshellqname_a.b-c",
    },
)
_PLACEHOLDER = re.compile(r"cfshell[pq](title|body|description|name)")


@dataclasses.dataclass(frozen=True)
class Shell:
    """The page's text between its parts (one more than parts), and each part's field
    and form (an index into FORMS[field])."""

    texts: tuple[str, ...]
    parts: tuple[tuple[str, int], ...]

    def fill(self, values: dict[str, str]) -> str:
        out = [self.texts[0]]
        for (field, form), text in zip(self.parts, self.texts[1:], strict=True):
            out.append(FORMS[field][form](values[field]))
            out.append(text)
        return "".join(out)


def _carve(output: str, values: dict[str, str]) -> Shell | None:
    """The shell of a probe page's output, or None when a placement is not explained by
    exactly one form of its field."""
    texts: list[str] = []
    parts: list[tuple[str, int]] = []
    position = 0
    while found := _PLACEHOLDER.search(output, position):
        field = found[1]
        start = found.start()
        # Where the value starts: each form keeps the placeholder at the front (letters).
        start -= values[field].index(found[0])
        if start < position:
            return None
        forms = [
            index
            for index, form in enumerate(FORMS[field])
            if output.startswith(form(values[field]), start)
        ]
        if len(forms) != 1:
            return None
        texts.append(output[position:start])
        parts.append((field, forms[0]))
        position = start + len(FORMS[field][forms[0]](values[field]))
    texts.append(output[position:])
    return Shell(tuple(texts), tuple(parts))


def page_values(docname: str, page: RenderedPage) -> dict[str, str]:
    """What a shell's placeholders are filled with for one page (everything else in the
    page is the same for its whole kind)."""
    return {
        "title": page.title,
        "body": page.body,
        "description": page.description,
        "name": docname.rpartition("/")[2],
    }


def kind(templatename: str, docname: str, page: RenderedPage) -> tuple[Any, ...]:
    """What besides its FORMS fields can change a page's layout: the folder (relative
    links), sections (its table of contents), scripts (its own, and the practice script
    its article asks for), and which tags it has."""
    return (
        templatename,
        docname.rpartition("/")[0],
        page.sections,
        page.scripts,
        uses_practice(page.body),
        bool(page.description),
        bool(page.title),
    )


ContextOf = Callable[[Sphinx, str, RenderedPage], dict[str, Any]]
# A kind's shell is made at its third page: making one costs two layouts, and each page
# filled saves one; the theme's layout of the first page is what the shell is checked on.
SHELL_FROM = 3


class Shells:
    """The shells of one process's build, by kind; None for a kind the theme lays out."""

    def __init__(self, app: Sphinx, context_of: ContextOf) -> None:
        self.app = app
        self.context_of = context_of
        self.shells: dict[tuple[Any, ...], Shell | None] = {}
        # Of each kind without a shell yet: its first page, and how many were written.
        self.first: dict[tuple[Any, ...], tuple[str, RenderedPage, int]] = {}

    def write(self, docname: str, page: RenderedPage, templatename: str = "page.html") -> None:
        """Write the page, from its kind's shell when there is one (handle_page else)."""
        builder: Any = self.app.builder
        key = kind(templatename, docname, page)
        if USE_SHELLS and SAFE_NAME.fullmatch(docname.rpartition("/")[2]):
            if key not in self.shells:
                first_name, first_page, count = self.first.get(key, (docname, page, 0))
                # Never at the first page: the shell is checked on a page already written.
                if count + 1 < max(SHELL_FROM, 2):
                    self.first[key] = (first_name, first_page, count + 1)
                else:
                    self.shells[key] = self._make(key, first_name, first_page, templatename)
            shell = self.shells.get(key)
            if shell is not None:
                self._write(docname, shell.fill(page_values(docname, page)))
                return
        builder.handle_page(docname, self.context_of(self.app, docname, page), templatename)

    def _write(self, docname: str, output: str) -> None:
        builder: Any = self.app.builder
        outfilename = Path(builder.get_outfilename(docname))
        outfilename.parent.mkdir(parents=True, exist_ok=True)
        # As Sphinx's handle_page writes a page.
        encoding = self.app.config.html_output_encoding
        with open(outfilename, "w", encoding=encoding, errors="xmlcharrefreplace") as file:
            file.write(output)

    def _make(
        self, key: tuple[Any, ...], docname: str, page: RenderedPage, templatename: str
    ) -> Shell | None:
        """The kind's shell, from two probes, checked on docname (page), which the theme
        wrote in this build; None when a probe or the check fails."""
        builder: Any = self.app.builder
        encoding = self.app.config.html_output_encoding
        folder = key[1]
        shells: list[Shell | None] = []
        with tempfile.TemporaryDirectory() as scratch:
            for number, values in enumerate(_PROBES):
                probe_name = f"{folder}/{values['name']}" if folder else values["name"]
                # The article follows the placeholder: what handlers read in an
                # article (see kind) reads the same as on this page.
                values = {**values, "body": values["body"] + page.body}
                probe = dataclasses.replace(
                    page,
                    title=values["title"] if page.title else "",
                    body=values["body"],
                    description=values["description"] if page.description else "",
                )
                target = Path(scratch) / f"{number}.html"
                context = self.context_of(self.app, probe_name, probe)
                builder.handle_page(probe_name, context, templatename, outfilename=str(target))
                shells.append(_carve(target.read_text(encoding=encoding), values))
        shell = shells[0]
        if shell is None or shell != shells[1]:
            logger.debug("[cryfeed] no shell for %s: the probes differ", key)
            return None
        written = Path(builder.get_outfilename(docname)).read_bytes()
        filled = shell.fill(page_values(docname, page)).encode(encoding, "xmlcharrefreplace")
        if written != filled:
            logger.debug("[cryfeed] no shell for %s: %s differs from its shell", key, docname)
            return None
        return shell
