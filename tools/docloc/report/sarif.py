"""SARIF 2.1.0: one run of docloc, its rules from the check registry, one result per finding.

Code-scanning services (GitHub's among them) read it: each result points at the PO entry
(``artifactLocation.uri`` relative to ``%SRCROOT%``, the repository root) and has the English
page as a related location. The log is validated against OASIS's schema in the tests.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from .. import __version__
from ..checks import CHECKS
from .location import is_source_page, place, repository_prefix, repository_root, split_page
from .outcome import Outcome
from .rules import Rule, rules

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/docloc/docloc"  # a placeholder until the project has a public home
SOURCE_ROOT = "%SRCROOT%"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}  # docloc severity → SARIF level


def rule_name(check_id: str) -> str:
    """SARIF's rule name: the id as one PascalCase word (``end-punctuation`` → ``EndPunctuation``)."""
    return "".join(part[:1].upper() + part[1:] for part in check_id.split("-"))


def _rule(rule: Rule) -> dict[str, object]:
    explanation = rule.explanation.rstrip(".") + "."
    silence = (
        f" Silence it on one entry with a translator comment in the PO file: # docloc-ignore: {rule.id}"
        if rule.id in CHECKS
        else ""
    )
    where = " A result points at the entry in the PO file; the English page is its related location."
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": explanation},
        "fullDescription": {"text": explanation + silence},
        "help": {
            "text": explanation + where + silence,
            "markdown": explanation
            + where
            + (f"\n\nSilence it on one entry: `# docloc-ignore: {rule.id}`" if silence else ""),
        },
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["localization", "translation"]},
    }


def _physical(prefix: str, path: str, line: int) -> dict[str, object]:
    location: dict[str, object] = {
        "artifactLocation": {"uri": quote(prefix + path, safe="/"), "uriBaseId": SOURCE_ROOT}
    }
    if line:
        location["region"] = {"startLine": line}
    return location


def _fingerprint(*parts: str) -> str:
    """A result's identity across runs (lines move when writers edit; the entry and the check stay)."""
    return hashlib.sha256("\0".join(parts).encode("utf-8", "backslashreplace")).hexdigest()[:32]


def sarif_log(outcome: Outcome) -> dict[str, object]:
    """The SARIF log of one ``docloc check`` run."""
    catalogue = rules()
    index = {rule.id: position for position, rule in enumerate(catalogue)}
    prefix = repository_prefix(outcome.root)
    results = []
    for finding in outcome.findings:
        file, line = place(finding)
        result: dict[str, object] = {"ruleId": finding.check}
        if finding.check in index:
            result["ruleIndex"] = index[finding.check]
        result |= {
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": _physical(prefix, file, line)}],
        }
        if finding.page:
            path, page_line = split_page(finding.page)
            english = is_source_page(path, outcome.source_language)
            result["relatedLocations"] = [
                {
                    "id": 1,
                    "physicalLocation": _physical(prefix, path, page_line),
                    "message": {
                        "text": "the English page" if english else f"the page as rendered in {finding.language}"
                    },
                }
            ]
        result["partialFingerprints"] = {
            "doclocEntry/v1": _fingerprint(finding.check, file, finding.language, finding.msgid or finding.message)
        }
        result["properties"] = {"language": finding.language} | ({"msgid": finding.msgid} if finding.msgid else {})
        results.append(result)
    root = repository_root(outcome.root)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "docloc",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(rule) for rule in catalogue],
                    }
                },
                "originalUriBaseIds": {
                    SOURCE_ROOT: {
                        "uri": root.as_uri() + "/",
                        "description": {
                            "text": "The repository root (git top level), or the project folder outside git"
                        },
                    }
                },
                "invocations": [{"executionSuccessful": True}],
                "results": results,
                "properties": {
                    "coverage": [total.as_dict() for total in outcome.totals],
                    "belowMinimum": [
                        {"language": language, "percent": round(percent, 2), "minimum": minimum}
                        for language, percent, minimum in outcome.below
                    ],
                    "failOn": outcome.fail_on,
                },
            }
        ],
    }
