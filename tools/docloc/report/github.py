"""GitHub Actions workflow commands: one annotation per finding, at the PO file and line.

``::error file=locales/cs/LC_MESSAGES/x.po,line=56,title=docloc end-punctuation::message``.
Values are escaped as GitHub's own toolkit escapes them (``@actions/core``, ``command.ts``:
``escapeData`` for the message, ``escapeProperty`` for properties), so a message with ``%`` or a
line break, or a path with ``,`` or ``:``, reaches the runner whole.
"""

from __future__ import annotations

from .location import is_source_page, place, repository_prefix, split_page
from .outcome import Outcome, percent_text

# Severity → workflow command: GitHub has error, warning and notice annotations.
COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """A command's message, as ``escapeData`` writes it."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A property's value, as ``escapeProperty`` writes it."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """One workflow command; properties with an empty value are left out, as the toolkit leaves them out."""
    shown = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value)
    return f"::{name}{' ' + shown if shown else ''}::{escape_data(message)}"


def page_note(page: str, source_language: str) -> str:
    """The page location a message ends with: the English page, or the page rendered for a language."""
    if not page:
        return ""
    path, _ = split_page(page)
    return f" (English page: {page})" if is_source_page(path, source_language) else f" (page: {page})"


def workflow_commands(outcome: Outcome) -> list[str]:
    """Every finding as an annotation, then each locale below its minimum coverage as an error."""
    prefix = repository_prefix(outcome.root)
    lines = []
    for finding in outcome.findings:
        file, line = place(finding)
        properties = {"file": prefix + file, "line": line, "title": f"docloc {finding.check}"}
        message = finding.message + page_note(finding.page, outcome.source_language)
        lines.append(command(COMMANDS[finding.severity], properties, message))
    for language, percent, minimum in outcome.below:
        message = (
            f"{language}: {percent_text(percent)} % of the strings are translated, below the minimum of {minimum:g} %"
        )
        lines.append(command("error", {"title": "docloc coverage"}, message))
    return lines
