"""partnerscore: channel partner scorecards with exact, explainable numbers.

>>> import partnerscore as ps
>>> card = ps.Scorecard("examples/scorecard.json")    # a path, a JSON string, or a dict
>>> report = card.score("examples/partners.csv")       # a DataFrame, a list of dicts, or a .csv/.json path
>>> report.to_pandas()                                 # one row per partner, input order

Every number is computed by the Rust core (the same engine as the ``partnerscore`` CLI and the C
library), in exact decimals; this package only converts Python values in and out.
"""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from typing import Any, Iterator

from . import _frames
from ._partnerscore import ConfigError, InputError, PartnerScoreError, __version__
from ._partnerscore import Report as _NativeReport
from ._partnerscore import Scorecard as _NativeScorecard

__all__ = [
    "Scorecard",
    "ScoreReport",
    "PartnerScoreError",
    "ConfigError",
    "InputError",
    "__version__",
]

# Keys of the JSON result whose text values are decimal numbers (DESIGN: decimals are JSON strings).
_DECIMAL_KEYS = frozenset(
    {
        "score",
        "max_score",
        "score_pct",
        "percentile",
        "points",
        "max_points",
        "earned",
        "value",
        "mean",
        "median",
        "top_quartile_mean",
        "best",
        "min_score",
        "points_needed",
        "available",
        "at_least",
        "at_most",
        "above",
        "below",
    }
)


def _decimals(obj: dict[str, Any]) -> dict[str, Any]:
    for key, value in obj.items():
        if key in _DECIMAL_KEYS and isinstance(value, str):
            obj[key] = Decimal(value)
    return obj


def _loads(text: str) -> Any:
    return json.loads(text, object_hook=_decimals)


def _config_text(config: Any) -> tuple[str, str | None]:
    """The JSON text of a config given as a path, a JSON string or a dict, and its file name."""
    if isinstance(config, dict):
        try:
            return _dict_json(config), None
        except (TypeError, ValueError) as e:
            raise _config_error("(root)", f"not a JSON document: {e}", None) from None
    if isinstance(config, os.PathLike):
        config = os.fspath(config)
    if isinstance(config, bytes):
        config = config.decode("utf-8")
    if not isinstance(config, str):
        raise TypeError(f"a scorecard is a path, a JSON string or a dict, not {type(config).__name__}")
    if config.lstrip().startswith("{"):
        return config, None
    try:
        with open(config, encoding="utf-8") as f:
            return f.read(), config
    except OSError as e:
        raise _config_error("(file)", f"cannot read: {e.strerror or e}", config) from None


def _config_error(location: str, reason: str, source: str | None) -> ConfigError:
    """A ConfigError raised on the Python side, shaped like the native ones."""
    err = ConfigError(f"{source}: {location}: {reason}" if source else f"{location}: {reason}")
    err.location, err.reason, err.source = location, reason, source
    return err


_DECIMAL_MARK = "\u0000partnerscore-decimal:"


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value} cannot appear in a scorecard")
        return _DECIMAL_MARK + str(value)
    raise TypeError(f"a value of type {type(value).__name__} cannot appear in a scorecard")


def _dict_json(config: dict[str, Any]) -> str:
    """JSON text of a config dict; Decimals become JSON numbers with their exact digits."""
    text = json.dumps(config, default=_json_default, allow_nan=False)
    mark = json.dumps(_DECIMAL_MARK)[:-1]  # the opening quote and the escaped mark
    return re.sub(re.escape(mark) + r'([-+0-9.eE]+)"', r"\1", text)


def _partners_input(partners: Any) -> tuple[str, Any]:
    """What kind of partners input this is, for the native module: a path, a pandas DataFrame (as
    prepared columns), an Arrow stream (polars, pyarrow) or records."""
    if isinstance(partners, (str, os.PathLike)):
        return "path", os.fspath(partners)
    if _frames.is_pandas(partners):
        return "frame", _frames.pandas_columns(partners)
    if hasattr(partners, "__arrow_c_stream__"):
        return "arrow", partners
    if isinstance(partners, dict):
        raise TypeError("partners must be a list of dicts (one per partner), not a single dict")
    try:
        iter(partners)
    except TypeError:
        raise TypeError(
            f"partners must be a DataFrame, a list of dicts or a path, not {type(partners).__name__}"
        ) from None
    return "records", partners


class Scorecard:
    """A partner capability scorecard (DESIGN §1), validated when it is created.

    ``config`` is a path to a JSON file, a JSON string, or a dict. A Scorecard is immutable and may be
    shared between threads; scoring releases the GIL.

    Raises ``ConfigError`` (its ``location`` is the config path, e.g. ``sections[0].metrics[1].rule``).
    """

    __slots__ = ("_native",)

    def __init__(self, config: Any) -> None:
        text, source = _config_text(config)
        self._native = _NativeScorecard(text, source)

    @property
    def name(self) -> str:
        """The scorecard's name."""
        return self._native.name

    @property
    def fields(self) -> list[str]:
        """The partner fields this scorecard reads."""
        return self._native.fields

    @property
    def metrics(self) -> list[str]:
        """The metric names, in config order."""
        return self._native.metrics

    def score(self, partners: Any) -> ScoreReport:
        """Scores partners and returns a :class:`ScoreReport` (one entry per partner, input order).

        ``partners`` is a pandas DataFrame, a polars DataFrame or anything with ``__arrow_c_stream__``,
        a list (or iterable) of dicts, or a path to a ``.csv`` / ``.json`` file.

        Raises ``InputError`` naming the record, partner id and field (or CSV line) of bad data.
        """
        return ScoreReport(self._native.score(*_partners_input(partners)))

    def __repr__(self) -> str:
        return repr(self._native)


class ScoreReport:
    """Scores of every partner, in input order. ``len()`` and iteration (one dict per partner) work."""

    __slots__ = ("_native",)

    def __init__(self, native: _NativeReport) -> None:
        self._native = native

    @property
    def scorecard(self) -> str:
        """The scorecard's name."""
        return self._native.scorecard

    def __len__(self) -> int:
        return len(self._native)

    def __getitem__(self, index: int) -> dict[str, Any]:
        """The result of partner ``index`` (input position) as in :meth:`to_dicts`."""
        n = len(self._native)
        if index < 0:
            index += n
        return _loads(self._native.partner_json(index))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self._native)):
            yield _loads(self._native.partner_json(i))

    def to_json(self) -> str:
        """Exactly the CLI's ``--format json`` text."""
        return self._native.to_json()

    def to_csv(self) -> str:
        """Exactly the CLI's ``--format csv`` text."""
        return self._native.to_csv()

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per partner, the objects of the CLI's JSON, decimals as ``decimal.Decimal``."""
        return _loads(self._native.to_json())["partners"]

    def to_pandas(self, exact: bool = False) -> Any:
        """One row per partner (input order): the CSV's headline columns and one ``points:<metric>``
        column per metric.

        Scores are float64 (NaN where there is none) and ranks int64, ready to plot; with
        ``exact=True`` decimal columns hold ``decimal.Decimal`` (None where there is none).
        Needs pandas (``pip install partnerscore[pandas]``).
        """
        pd = _frames.require_pandas()
        columns = self._native.columns(exact)
        frame = pd.DataFrame(columns)
        for key in ("id", "name", "category", "tier", "next_tier"):
            frame[key] = frame[key].astype("string")
        return frame

    def _repr_html_(self) -> str:
        return _frames.report_html(self)

    def __repr__(self) -> str:
        return repr(self._native)
