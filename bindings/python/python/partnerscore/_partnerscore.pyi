"""Type stubs of the native module (built from bindings/python/src)."""

from typing import Any

__version__: str

class PartnerScoreError(ValueError):
    """Base class of every partnerscore error; ``location`` says where, ``reason`` why."""

    location: str
    reason: str
    source: str | None

class ConfigError(PartnerScoreError):
    """A configuration is malformed; ``location`` is its config path."""

class InputError(PartnerScoreError):
    """Partner data is malformed; ``location`` names the record, partner id and field, or CSV line."""

class Scorecard:
    """A validated scorecard (immutable, thread-safe)."""

    def __init__(self, config_json: str, source: str | None = None) -> None: ...
    @property
    def name(self) -> str: ...
    @property
    def fields(self) -> list[str]: ...
    @property
    def metrics(self) -> list[str]: ...
    def score(self, kind: str, data: Any) -> Report: ...

class Report:
    """The native result of scoring."""

    @property
    def scorecard(self) -> str: ...
    def __len__(self) -> int: ...
    def to_json(self) -> str: ...
    def to_csv(self) -> str: ...
    def partner_json(self, index: int) -> str: ...
    def columns(self, exact: bool = False) -> dict[str, Any]: ...

def _float_decimal(x: float) -> str: ...
