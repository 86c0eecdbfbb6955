"""How a song page's Korean is said: the pronunciation beside the romanization, and footnotes
that explain each sound change and link to its section of the sound-changes chapter.

Footnotes, not a popover: they are the theme's own markup (docutils footnotes, checked by
tests/test_parity.py), need no script, and read the same with JavaScript off.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cryfeed import urls
from cryfeed.book import html
from cryfeed.book.html import Html
from cryfeed.korean import RULES, Change, pronounce

SAID_SECTION = ("how-it-is-said", "How it is said")


def rule_anchor(key: str) -> str:
    """The id of a rule's section in the sound-changes chapter (docutils ids use hyphens)."""
    return "sound-" + key.replace("_", "-")


def said(text: str) -> str | None:
    """The standard pronunciation of `text` in Hangul, or None when it is said as written;
    a sentence's closing punctuation is left out (it is not said)."""
    spoken = pronounce(text).text
    return spoken.rstrip(_CLOSING) if spoken != text else None


_CLOSING = ".?!,…~ "


def footnote_reference(number: int, note_id: str, ref_id: str | None) -> Html:
    """A footnote mark as docutils writes one; ref_id on the first mark only (the note's
    backlink returns there)."""
    anchor = f' id="{ref_id}"' if ref_id else ""
    return Html(
        f'<a class="footnote-reference brackets" href="#{note_id}"{anchor} role="doc-noteref">'
        f'<span class="fn-bracket">[</span>{number}<span class="fn-bracket">]</span></a>'
    )


def footnote_list(notes: list[tuple[str, str, Html]]) -> Html:
    """Footnotes as docutils writes them: (id, the first mark's id, body) each."""
    out = ['<aside class="footnote-list brackets">\n']
    for number, (note_id, ref_id, body) in enumerate(notes, start=1):
        out.append(
            f'<aside class="footnote brackets" id="{note_id}" role="doc-footnote">\n'
            f'<span class="label"><span class="fn-bracket">[</span>'
            f'<a role="doc-backlink" href="#{ref_id}">{number}</a>'
            f'<span class="fn-bracket">]</span></span>\n{body}</aside>\n'
        )
    out.append("</aside>\n")
    return Html("".join(out))


@dataclass
class Notes:
    """The sound changes explained on one page: one footnote per distinct Korean text said
    otherwise than it is written, numbered in reading order."""

    page: html.Page
    numbers: dict[str, int] = field(default_factory=dict)
    changes: dict[str, tuple[str, tuple[Change, ...]]] = field(default_factory=dict)

    def mark(self, text: str) -> Html:
        """The pronunciation of `text` in brackets with its footnote mark, or nothing."""
        found = pronounce(text)
        spoken = said(text)
        if spoken is None:
            return Html("")
        number = self.numbers.get(text)
        first = number is None
        if number is None:
            number = self.numbers[text] = len(self.numbers) + 1
            self.changes[text] = (spoken, found.changes)
        ref_id = f"said-ref-{number}" if first else None
        reference = footnote_reference(number, f"said-{number}", ref_id)
        return Html(
            f' <span class="cryfeed-said" lang="ko">[{html.text(spoken)}]</span>{reference}'
        )

    def rules(self) -> list[str]:
        """The keys of the rules explained on the page, in the chapter's order."""
        used = {change.rule.key for _, changes in self.changes.values() for change in changes}
        return [key for key in RULES if key in used]

    def section(self, chapter_href: str) -> Html:
        """The footnotes, as the page's "How it is said" section (nothing if none); returns
        the section, which the search index can do without (it repeats the page's words)."""
        if not self.changes:
            return Html("")
        notes = []
        for text, number in self.numbers.items():
            spoken, changes = self.changes[text]
            # Lean markup: a page has a dozen notes or more, and every element costs the
            # build (measured: a fifth of a full build with the first, richer notes).
            steps = [
                Html(
                    f"{html.text(change.before)} → {html.text(change.after)} "
                    + self.page.link(
                        html.text(change.rule.english),
                        f"{chapter_href}#{rule_anchor(change.rule.key)}",
                    )
                    + f" ({html.text(change.article)})"
                )
                for change in changes
            ]
            body = Html(
                f"<p>{html.text(text.rstrip(_CLOSING))} [{html.text(spoken)}]: "
                + html.join(steps, "; ")
                + "</p>\n"
            )
            notes.append((f"said-{number}", f"said-ref-{number}", body))
        intro = Html(
            "<p>Korean is not always said as it is spelled. The pronunciations in brackets "
            "follow the Standard Pronunciation rules (표준 발음법), whose article follows "
            "each change; every change is explained in "
            + self.page.link(html.text("Sound changes you will hear"), chapter_href)
            + ".</p>\n"
        )
        self.page.section(*SAID_SECTION, html.join([intro, footnote_list(notes)]))
        return self.page.parts[-1]


def chapter_href() -> str:
    """The sound-changes chapter from a page one folder deep."""
    return "../" + urls.page(urls.SOUNDS_DOC)
