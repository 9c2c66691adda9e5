"""What a check found, for the CLI's text and JSON and the window's message."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    schema_version: int = 0
    customers: int = 0
    #: True for the deep check (``--full``), False for the quick one.
    full: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems
