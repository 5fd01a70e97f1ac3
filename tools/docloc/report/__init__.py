"""``docloc check``'s report in every format: for people (``terminal``), for CI (``github``, ``sarif``)
and for other tools (``csvs``; JSON stays in ``cli/check.py``).

Every format reads one ``Outcome`` and carries the same findings; the formats differ only in
how they say it. ``tests/test_report_formats.py`` compares them finding by finding.
"""

from __future__ import annotations

from .outcome import Outcome
from .rules import Rule, check_table, rules

__all__ = ["Outcome", "Rule", "check_table", "rules"]
