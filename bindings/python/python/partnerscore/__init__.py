"""partnerscore: channel partner scorecards with exact, explainable numbers.

>>> import partnerscore as ps
>>> card = ps.Scorecard("examples/scorecard.json")    # a path, a JSON string, or a dict
>>> report = card.score("examples/partners.csv")       # a DataFrame, a list of dicts, or a .csv/.json path
>>> report.to_pandas()                                 # one row per partner, input order
>>> plan = ps.Plan("examples/plan.json").solve("examples/partners.csv", "examples/history.csv")
>>> plan.summary()["gap"], plan.by_strategy()          # the headline and hours by strategy
>>> review = ps.health("examples/partners.csv", "examples/history.csv", profile="examples/profile.json")
>>> review.summary()["median_days"], review.periods()  # time to revenue, contribution rate per period
>>> deals = ps.dealreg("examples/registrations.csv", window_days=90)
>>> deals.summary()["lost"], deals.conflicts()          # lost registrations, one row per conflict and loser
>>> plans = ps.track("examples/commitments.csv", "examples/milestones.csv", as_of="2026-09-30")
>>> plans.partners(), plans.impediments()              # status counts per partner, what holds each back
>>> pack = ps.review_pack("examples/partners.csv", "examples/scorecard.json", history="examples/history.csv",
...                       output="review/")
>>> pack.index, pack.partner_page("P012")                # the channel page's path; a partner's page inline

Every number is computed by the Rust core (the same engine as the ``partnerscore`` CLI and the C
library), in exact decimals; this package only converts Python values in and out.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

from . import _frames
from ._partnerscore import ConfigError, InputError, PartnerScoreError, __version__
from ._partnerscore import dealreg as _native_dealreg
from ._partnerscore import health as _native_health
from ._partnerscore import Plan as _NativePlan
from ._partnerscore import PlanReport as _NativePlanReport
from ._partnerscore import Profile as _NativeProfile
from ._partnerscore import ProfileReport as _NativeProfileReport
from ._partnerscore import Report as _NativeReport
from ._partnerscore import review_pack as _native_review_pack
from ._partnerscore import Scorecard as _NativeScorecard
from ._partnerscore import track as _native_track

__all__ = [
    "Scorecard",
    "ScoreReport",
    "Profile",
    "ProfileReport",
    "Plan",
    "PlanReport",
    "health",
    "HealthReport",
    "dealreg",
    "DealRegReport",
    "track",
    "TrackReport",
    "review_pack",
    "ReviewPack",
    "PartnerPage",
    "PartnerScoreError",
    "ConfigError",
    "InputError",
    "__version__",
]

# Keys of the scorecard and profile results whose text values are decimal numbers (DESIGN: decimals are
# JSON strings).
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
        "fit",
        "shortfall",
    }
)


# The same for the plan's result (its `expected` is money; a profile gap's `expected` is text).
_PLAN_DECIMAL_KEYS = frozenset(
    {
        "target",
        "baseline_total",
        "uplift_total",
        "expected_total",
        "gap",
        "coverage",
        "upper_bound",
        "baseline",
        "potential",
        "headroom",
        "uplift",
        "expected",
        "pipeline_needed",
    }
)


# The same for the health review: its fractions, trajectory figures and derived fields (all JSON text),
# and `deals_last_12_months` (a JSON number, Decimal too).
_HEALTH_DECIMAL_KEYS = frozenset(
    {
        "rate",
        "within_90",
        "within_180",
        "survival",
        "slope",
        "mean",
        "relative_change",
        "value",
        "romi",
        "mdf_approval_rate",
        "mdf_denial_rate",
        "mdf_amount_per_claim",
        "mdf_utilization",
        "mql_to_sql",
        "win_rate",
    }
)


def _health_decimals(obj: dict[str, Any]) -> dict[str, Any]:
    for key, value in obj.items():
        if key in _HEALTH_DECIMAL_KEYS and isinstance(value, str):
            obj[key] = Decimal(value)
    deals = obj.get("deals_last_12_months")
    if isinstance(deals, int) and not isinstance(deals, bool):
        obj["deals_last_12_months"] = Decimal(deals)
    return obj


def _health_loads(text: str) -> Any:
    # parse_float: a fractional deals_last_12_months (a JSON number) is read exactly.
    return json.loads(text, object_hook=_health_decimals, parse_float=Decimal)


def _decimals(obj: dict[str, Any], keys: frozenset[str] = _DECIMAL_KEYS) -> dict[str, Any]:
    for key, value in obj.items():
        if key in keys and isinstance(value, str):
            obj[key] = Decimal(value)
    # A gap's `actual` is a number for the numeric criterion kinds (text or a list otherwise).
    if obj.get("kind") in _NUMERIC_KINDS and isinstance(obj.get("actual"), str):
        obj["actual"] = Decimal(obj["actual"])
    return obj


_NUMERIC_KINDS = frozenset({"at_least", "at_most", "between"})


def _loads(text: str, keys: frozenset[str] = _DECIMAL_KEYS) -> Any:
    if keys is _DECIMAL_KEYS:
        return json.loads(text, object_hook=_decimals)
    return json.loads(text, object_hook=lambda obj: _decimals(obj, keys))


def _config_text(config: Any, what: str = "scorecard") -> tuple[str, str | None]:
    """The JSON text of a config (``what``: scorecard, profile, plan) given as a path, a JSON string or a
    dict, and its file name."""
    if isinstance(config, dict):
        try:
            return _dict_json(config, what), None
        except (TypeError, ValueError) as e:
            raise _config_error("(root)", f"not a JSON document: {e}", None) from None
    if isinstance(config, os.PathLike):
        config = os.fspath(config)
    if isinstance(config, bytes):
        config = config.decode("utf-8")
    if not isinstance(config, str):
        raise TypeError(f"a {what} is a path, a JSON string or a dict, not {type(config).__name__}")
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


def _json_default(what: str) -> Any:
    def default(value: Any) -> Any:
        if isinstance(value, Decimal):
            if not value.is_finite():
                raise ValueError(f"{value} cannot appear in a {what}")
            return _DECIMAL_MARK + str(value)
        raise TypeError(f"a value of type {type(value).__name__} cannot appear in a {what}")

    return default


def _dict_json(config: dict[str, Any], what: str = "scorecard") -> str:
    """JSON text of a config dict; Decimals become JSON numbers with their exact digits."""
    text = json.dumps(config, default=_json_default(what), allow_nan=False)
    mark = json.dumps(_DECIMAL_MARK)[:-1]  # the opening quote and the escaped mark
    return re.sub(re.escape(mark) + r'([-+0-9.eE]+)"', r"\1", text)


def _partners_input(partners: Any) -> tuple[str, Any]:
    """What kind of partners input this is, for the native module: a path, a pandas DataFrame (as
    prepared columns), an Arrow stream (polars, pyarrow) or records."""
    return _table_input(partners, "partners", "one per partner", "id")


def _history_input(history: Any) -> tuple[str, Any]:
    """The same for a plan's history (long form: ``partner_id``, ``period``, fields)."""
    return _table_input(history, "history", "one per partner and period", "partner_id")


def _registrations_input(registrations: Any) -> tuple[str, Any]:
    """The same for deal registrations (``id, partner_id, customer, product, amount, registered_on,
    expires_on``)."""
    return _table_input(registrations, "registrations", "one per registration", "id")


def _commitments_input(commitments: Any) -> tuple[str, Any]:
    """The same for execution-plan commitments (``partner_id, kind, field, target, start, due, actual``)."""
    return _table_input(commitments, "commitments", "one per commitment", "partner_id")


def _milestones_input(milestones: Any) -> tuple[str, Any]:
    """The same for readiness milestones (``partner_id, area, name, due, done_on``)."""
    return _table_input(milestones, "milestones", "one per milestone", "partner_id")


_COLUMN_LABELS = {
    "history": "history column",
    "registrations": "registrations column",
    "commitments": "commitments column",
    "milestones": "milestones column",
}


def _table_input(data: Any, what: str, each: str, id_field: str) -> tuple[str, Any]:
    if isinstance(data, (str, os.PathLike)):
        return "path", os.fspath(data)
    if _frames.is_pandas(data):
        label = _COLUMN_LABELS.get(what, "column")
        return "frame", _frames.pandas_columns(data, id_field=id_field, label=label)
    if hasattr(data, "__arrow_c_stream__"):
        return "arrow", data
    if isinstance(data, dict):
        raise TypeError(f"{what} must be a list of dicts ({each}), not a single dict")
    try:
        iter(data)
    except TypeError:
        raise TypeError(f"{what} must be a DataFrame, a list of dicts or a path, not {type(data).__name__}") from None
    return "records", data


class _Config:
    """Shared behaviour of the configs (scorecard, profile): built from a path, a JSON string or a
    dict, validated by the native module, immutable and safe to share between threads."""

    __slots__ = ("_native",)
    _NATIVE: Any = None
    _WHAT = "config"

    def __init__(self, config: Any) -> None:
        text, source = _config_text(config, self._WHAT)
        self._native = self._NATIVE(text, source)

    @property
    def name(self) -> str:
        """The config's name."""
        return self._native.name

    @property
    def fields(self) -> list[str]:
        """The partner fields this config reads (only these are converted from the input)."""
        return self._native.fields

    def __repr__(self) -> str:
        return repr(self._native)


class Scorecard(_Config):
    """A partner capability scorecard (DESIGN §1), validated when it is created.

    ``config`` is a path to a JSON file, a JSON string, or a dict. A Scorecard is immutable and may be
    shared between threads; scoring releases the GIL.

    Raises ``ConfigError`` (its ``location`` is the config path, e.g. ``sections[0].metrics[1].rule``).
    """

    __slots__ = ()
    _NATIVE = _NativeScorecard
    _WHAT = "scorecard"

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


class _Report:
    """Shared behaviour of every result: one entry per partner in input order, len(), iteration,
    indexing, JSON/CSV text, pandas and an HTML view."""

    __slots__ = ("_native",)
    _TEXT_COLUMNS: tuple[str, ...] = ()
    _NULLABLE_INT_COLUMNS: tuple[str, ...] = ()
    _HTML_COLUMNS: tuple[str, ...] = ()
    _KEYS = _DECIMAL_KEYS

    def __init__(self, native: Any) -> None:
        self._native = native

    def __len__(self) -> int:
        return len(self._native)

    def _parse(self, text: str) -> Any:
        """Python objects of the core's JSON text, decimals as ``decimal.Decimal``."""
        return _loads(text, self._KEYS)

    def _record_json(self, index: int) -> str:
        """The JSON text of record ``index`` (a partner; a registration in :class:`DealRegReport`)."""
        return self._native.partner_json(index)

    def __getitem__(self, index: int) -> dict[str, Any]:
        """The result of partner ``index`` (input position) as in :meth:`to_dicts`."""
        if index < 0:
            index += len(self._native)
        return self._parse(self._record_json(index))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self._native)):
            yield self._parse(self._record_json(i))

    def to_json(self) -> str:
        """Exactly the CLI's ``--format json`` text."""
        return self._native.to_json()

    def to_csv(self) -> str:
        """Exactly the CLI's ``--format csv`` text."""
        return self._native.to_csv()

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per partner, the objects of the CLI's JSON, decimals as ``decimal.Decimal``."""
        return self._parse(self._native.to_json())["partners"]

    def to_pandas(self, exact: bool = False) -> Any:
        """One row per partner (input order), the columns of the CLI's CSV.

        Measures are float64 (the 4-place values of the JSON, NaN where there is none) and counts
        int64, ready to plot; with ``exact=True`` measures are ``decimal.Decimal`` (None where there is
        none). Needs pandas (``pip install partnerscore[pandas]``).
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(self._native.columns(exact))
        for key in self._TEXT_COLUMNS:
            frame[key] = frame[key].astype("string")
        for key in self._NULLABLE_INT_COLUMNS:
            frame[key] = frame[key].astype("Int64")
        return frame

    def _title(self) -> str:
        raise NotImplementedError

    def _headline(self) -> str:
        return ""

    _NOUN = "partners"

    def _repr_html_(self) -> str:
        return _frames.report_html(self, self._title(), self._HTML_COLUMNS, self._headline(), self._NOUN)

    def __repr__(self) -> str:
        return repr(self._native)


class ScoreReport(_Report):
    """Scores of every partner (DESIGN §1), in input order. ``len()`` and iteration (one dict per
    partner) work; ``to_pandas()`` has the headline columns and one ``points:<metric>`` per metric."""

    __slots__ = ()
    _TEXT_COLUMNS = ("id", "name", "category", "tier", "next_tier")
    _HTML_COLUMNS = ("id", "name", "category", "score", "tier", "rank", "percentile")

    @property
    def scorecard(self) -> str:
        """The scorecard's name."""
        return self._native.scorecard

    def _title(self) -> str:
        return self.scorecard


class Profile(_Config):
    """An ideal partner profile (DESIGN §2), validated when it is created.

    ``config`` is a path to a JSON file, a JSON string, or a dict. A Profile is immutable and may be
    shared between threads; evaluating releases the GIL.

    Raises ``ConfigError`` (its ``location`` is the config path, e.g. ``criteria[2].between``).
    """

    __slots__ = ()
    _NATIVE = _NativeProfile
    _WHAT = "profile"

    @property
    def criteria(self) -> list[str]:
        """The criterion names, in config order."""
        return self._native.criteria

    def evaluate(self, partners: Any) -> ProfileReport:
        """Measures every partner against the profile: fit (0–100), verdict, gaps and readiness.

        ``partners`` is what :meth:`Scorecard.score` takes: a pandas or polars DataFrame, a list of
        dicts, or a path to a ``.csv`` / ``.json`` file. Raises ``InputError`` naming the partner and
        field of bad data.
        """
        return ProfileReport(self._native.evaluate(*_partners_input(partners)))


class ProfileReport(_Report):
    """Fit of every partner against a profile (DESIGN §2), in input order. ``to_pandas()`` has
    ``id, name, category, fit, verdict, gaps, first_gap`` and one ``fit:<criterion>`` per criterion."""

    __slots__ = ()
    _TEXT_COLUMNS = ("id", "name", "category", "verdict", "first_gap")
    _HTML_COLUMNS = ("id", "name", "category", "fit", "verdict")

    @property
    def profile(self) -> str:
        """The profile's name."""
        return self._native.profile

    def _title(self) -> str:
        return self.profile


class Plan(_Config):
    """A channel manager's achievement plan (DESIGN §3), validated when it is created.

    ``config`` is a path to a JSON file, a JSON string, or a dict (Decimals stay exact). A Plan is
    immutable and may be shared between threads; solving releases the GIL.

    Raises ``ConfigError`` (its ``location`` is the config path, e.g. ``strategies[0].hours``).
    """

    __slots__ = ()
    _NATIVE = _NativePlan
    _WHAT = "plan"

    @property
    def strategies(self) -> list[str]:
        """The strategy names, in config order."""
        return self._native.strategies

    @property
    def history_field(self) -> str:
        """The history field the baselines read (``revenue`` unless the config says otherwise)."""
        return self._native.history_field

    @property
    def target(self) -> Decimal:
        """The revenue goal (``goal.target``, or prior_revenue × (1 + growth)), exactly."""
        return self._native.target

    @property
    def capacity_hours(self) -> int:
        """The manager's hours to allocate."""
        return self._native.capacity_hours

    def solve(self, partners: Any, history: Any) -> PlanReport:
        """Plans the goal for ``partners`` with their per-period ``history``; returns a :class:`PlanReport`.

        ``partners`` is what :meth:`Scorecard.score` takes: a pandas or polars DataFrame, a list of
        dicts, or a path to a ``.csv`` / ``.json`` file (the plan reads ``category``, ``potential`` and
        ``sales_reps``). ``history`` is long form, one row per partner and period (``partner_id``,
        ``period``, the history field …), given the same ways. History rows of partners outside
        ``partners`` are left out and counted (``summary()["history_rows_ignored"]``).

        Raises ``InputError`` naming the row (``history[3] (partner A)``, ``history line 4 (partner A)``),
        the partner and field, or ``capacity_hours`` when even the cheapest strategy for every partner
        needs more hours than the plan has.
        """
        return PlanReport(self._native.solve(*_partners_input(partners), *_history_input(history)))


class PlanReport(_Report):
    """An achievement plan's result (DESIGN §3). ``len()``, iteration and ``to_dicts()`` give one dict per
    partner (input order); ``summary()`` the headline; ``by_strategy()`` the hours by strategy;
    ``to_pandas()`` the partners table (the CLI's CSV columns)."""

    __slots__ = ()
    _TEXT_COLUMNS = ("id", "strategy")
    _NULLABLE_INT_COLUMNS = ("reps_short",)
    _HTML_COLUMNS = ("id", "strategy", "hours", "baseline", "uplift", "expected", "deals_needed")
    _KEYS = _PLAN_DECIMAL_KEYS

    @property
    def plan(self) -> str:
        """The plan's name."""
        return self._native.plan

    def summary(self) -> dict[str, Any]:
        """The headline: ``target, baseline_total, uplift_total, expected_total, gap, coverage,
        hours_used, method, upper_bound, recruits_needed, history_rows_ignored``.

        Amounts and coverage are ``decimal.Decimal`` exactly as the JSON writes them (money with 2
        places), counts are ``int``, ``method`` is ``"exact"`` or ``"greedy"``, and ``recruits_needed``
        is None when recruiting cannot close the gap this period.
        """
        return self._native.summary()

    def by_strategy(self, exact: bool = False) -> Any:
        """One row per strategy, in config order: ``name, partners, hours, uplift``.

        ``uplift`` is float64 (the JSON's 2-place amount), or ``decimal.Decimal`` with ``exact=True``.
        Needs pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(self._native.strategy_columns(exact))
        frame["name"] = frame["name"].astype("string")
        return frame

    def to_pandas(self, exact: bool = False) -> Any:
        """One row per partner (input order), the columns of the CLI's CSV: ``id, baseline, potential,
        headroom, strategy, hours, uplift, expected, deals_needed, pipeline_needed, reps_needed,
        reps_short``.

        Amounts are float64 (the JSON's 2-place values; NaN where there is none) ready to plot, or
        ``decimal.Decimal`` with ``exact=True`` (None where there is none). Counts are int64;
        ``reps_short`` is the nullable ``Int64`` (``<NA>`` for partners without ``sales_reps``).
        Needs pandas.
        """
        return super().to_pandas(exact)

    def _title(self) -> str:
        return self.plan

    def _headline(self) -> str:
        s = self.summary()
        recruits = "n/a" if s["recruits_needed"] is None else s["recruits_needed"]
        return (
            f"target {s['target']:,}, expected {s['expected_total']:,} (coverage {s['coverage']}), "
            f"gap {s['gap']:,}, recruits needed {recruits}; {s['hours_used']} hours ({s['method']})"
        )


def health(
    partners: Any,
    history: Any,
    profile: Any = None,
    as_of: Any = None,
    *,
    revenue_field: str | None = None,
    deals_field: str | None = None,
    trajectory_field: str | None = None,
    min_revenue: Any = None,
    min_deals_per_year: Any = None,
    flat_band: Any = None,
) -> HealthReport:
    """Reviews the channel's health (DESIGN §4) at ``as_of``; returns a :class:`HealthReport`.

    ``partners`` is what :meth:`Scorecard.score` takes: a pandas or polars DataFrame, a list of dicts, or
    a path to a ``.csv`` / ``.json`` file (the review reads ``name``, ``signed_on``, ``first_revenue_on``,
    ``terminated_on``, the inputs of the derived fields, and what the profile reads). ``history`` is long
    form, one row per partner and period (``partner_id``, ``period``, revenue, deals …), given the same
    ways; rows of partners outside ``partners`` are left out and counted.

    ``profile``: a :class:`Profile`, or what ``Profile(...)`` takes (a path, a JSON string, a dict); with
    it every partner gets the profile's verdict, and a non-productive ``poor_fit`` partner is recommended
    for termination. ``as_of``: a ``datetime.date`` (a datetime gives its date) or ``"YYYY-MM-DD"``;
    default: the end of the latest period in the history.

    Options, keyword only (None or absent: the engine's default): ``revenue_field`` (``revenue``),
    ``deals_field`` (``deals_closed``), ``trajectory_field`` (``revenue``), ``min_revenue`` (0),
    ``min_deals_per_year`` (3), ``flat_band`` (0.02). Numbers are int, ``Decimal``, numeric text, or a
    float read through its shortest repr (0.1 is exactly 0.1). An unknown option is a ``TypeError``
    (Python's own, for an unexpected keyword argument).

    Raises ``ConfigError`` for a bad option or ``as_of`` (``location`` is its name, e.g.
    ``min_revenue``) or profile; ``InputError`` for bad data, naming the row (``history[3] (partner A)``,
    ``history line 4 (partner A)``), the partner and field (``partners[2] (partner X), field
    first_revenue_on``), or ``as_of`` when it is not given and the history has no period to take it from.
    """
    native_profile = None
    if profile is not None:
        native_profile = (profile if isinstance(profile, Profile) else Profile(profile))._native
    return HealthReport(
        _native_health(
            *_partners_input(partners),
            *_history_input(history),
            native_profile,
            as_of,
            revenue_field=revenue_field,
            deals_field=deals_field,
            trajectory_field=trajectory_field,
            min_revenue=min_revenue,
            min_deals_per_year=min_deals_per_year,
            flat_band=flat_band,
        )
    )


class HealthReport(_Report):
    """A channel health review (DESIGN §4). ``len()``, iteration and ``to_dicts()`` give one dict per
    partner (input order: deals in the last 12 months, non-productive and the recommendation, the
    profile's verdict, the trajectory with its points, the derived fields); ``to_pandas()`` the partners
    table (the CLI's CSV columns); ``periods()`` the contribution rate per period; ``summary()`` time to
    revenue and the headline counts; ``curve()`` the Kaplan–Meier curve."""

    __slots__ = ()
    _TEXT_COLUMNS = ("id", "name", "recommendation", "verdict", "direction")
    _HTML_COLUMNS = (
        "id",
        "name",
        "deals_last_12_months",
        "non_productive",
        "recommendation",
        "verdict",
        "trajectory.direction",
    )

    def _parse(self, text: str) -> Any:
        return _health_loads(text)

    @property
    def as_of(self) -> datetime.date:
        """The review date."""
        return self._native.as_of

    @property
    def trajectory_field(self) -> str:
        """The history field of the trajectories."""
        return self._native.trajectory_field

    def summary(self) -> dict[str, Any]:
        """The headline, in this order:

        - ``as_of`` (``datetime.date``), ``partners`` (how many), ``history_rows_ignored``;
        - time to revenue (Kaplan–Meier, censoring-aware): ``median_days`` (int; None while over half
          are still waiting), ``within_90`` and ``within_180`` (the share producing within 90 / 180 days,
          ``decimal.Decimal`` as the JSON writes it; None without observations), ``producers``,
          ``waiting`` and ``censored`` (counts);
        - ``non_productive`` (partners), split into ``terminate`` and ``keep_without_investment`` (their
          recommendations);
        - ``improving``, ``declining``, ``flat``: partners per trajectory direction.
        """
        return self._native.summary()

    def periods(self, exact: bool = False) -> Any:
        """The contribution rate, one row per period of the history (cut at ``as_of``) in order:
        ``period, active, contributing, rate``.

        ``rate`` is float64 (the JSON's 4-place value; NaN when no partner was active), or
        ``decimal.Decimal`` with ``exact=True`` (None). Needs pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(self._native.period_columns(exact))
        frame["period"] = frame["period"].astype("string")
        return frame

    def curve(self, exact: bool = False) -> Any:
        """The Kaplan–Meier curve of time to revenue, one row per event time: ``days, survival`` (the
        share not yet producing after that many days since signing).

        ``survival`` is float64 (the JSON's 4-place value), or ``decimal.Decimal`` with ``exact=True``.
        Needs pandas.
        """
        pd = _frames.require_pandas()
        return pd.DataFrame(self._native.curve_columns(exact))

    def to_pandas(self, exact: bool = False) -> Any:
        """One row per partner (input order), the columns of the CLI's CSV: ``id, name,
        deals_last_12_months, non_productive, recommendation, verdict, trajectory_periods, slope, mean,
        relative_change, direction``, then the derived fields ``romi, mdf_approval_rate,
        mdf_denial_rate, mdf_amount_per_claim, mdf_utilization, mql_to_sql, win_rate``.

        Measures are float64 (the JSON's 4-place values, ``mdf_amount_per_claim`` money with 2; NaN
        where there is none) ready to plot, or ``decimal.Decimal`` with ``exact=True`` (None where there
        is none). ``non_productive`` is bool, ``trajectory_periods`` int64, text columns pandas strings
        (``<NA>`` for no recommendation or verdict). Needs pandas.
        """
        return super().to_pandas(exact)

    def _title(self) -> str:
        return f"Channel health as of {self.as_of.isoformat()}"

    def _headline(self) -> str:
        s = self.summary()
        median = "not reached yet" if s["median_days"] is None else f"{s['median_days']} days"
        return (
            f"time to revenue (median) {median}, within 90 days {s['within_90']}, within 180 days "
            f"{s['within_180']}; {s['producers']} producers, {s['waiting']} waiting; "
            f"{s['non_productive']} non-productive ({s['terminate']} to terminate); "
            f"{s['improving']} improving, {s['declining']} declining"
        )


def dealreg(registrations: Any, window_days: int = 90) -> DealRegReport:
    """Judges deal registrations (DESIGN §5) as a deal desk would; returns a :class:`DealRegReport`.

    ``registrations`` is a pandas or polars DataFrame, a list of dicts, or a path to a ``.csv`` /
    ``.json`` file, one registration each: ``id, partner_id, customer, registered_on`` and optionally
    ``product, amount, expires_on`` (other columns are ignored). Dates are ``YYYY-MM-DD`` text,
    ``datetime.date`` / ``datetime`` (its date), pandas Timestamps or datetime64 columns; None, NaN, NaT and
    ``""`` are absent. An id written as a number is read as its text.

    ``window_days`` (an int ≥ 1, default 90) is the window of a registration without ``expires_on``.
    Registrations are judged in order of ``registered_on``, then id: one is ``lost`` when an accepted
    registration of another partner for the same customer (names match on a normalized key: case, accents,
    punctuation and legal suffixes such as "Inc." or "S.A." do not matter) and a compatible product (equal,
    or either absent) holds a window ``[registered_on, expires_on)`` overlapping its own; otherwise it is
    ``won`` when something lost to it, else ``clear``.

    Raises ``InputError`` naming the registration and field (``registrations[1] (registration R2), field
    registered_on``, or ``registrations line 3, column 6 (registration R2, field registered_on)`` with the
    file as ``source`` for a CSV) for a malformed date, an ``expires_on`` not after ``registered_on``, an
    amount that is not a decimal, a customer name that normalizes to nothing, a repeated id or a missing
    required value; and at ``window_days`` for a window below 1 or one that is not an int (a bool, float,
    Decimal or text is refused rather than rounded).
    """
    return DealRegReport(_native_dealreg(*_registrations_input(registrations), window_days))


class DealRegReport(_Report):
    """Deal registrations judged (DESIGN §5). ``len()``, iteration and ``to_dicts()`` give one dict per
    registration, in input order (``id, partner_id, customer_key, status, lost_to``: the objects of the
    JSON's ``registrations``); ``to_pandas()`` the registrations table (the CLI's CSV columns);
    ``conflicts()`` one row per conflict and loser; ``summary()`` the window and the counts by status.
    ``to_json()`` / ``to_csv()`` are exactly the CLI's ``dealreg --format json`` / ``csv`` text."""

    __slots__ = ()
    _TEXT_COLUMNS = (
        "id",
        "partner_id",
        "customer",
        "customer_key",
        "product",
        "status",
        "lost_to",
        "lost_to_partner_id",
    )
    _DATE_COLUMNS = ("registered_on", "expires_on")
    _HTML_COLUMNS = ("id", "partner_id", "customer_key", "status", "lost_to")
    _NOUN = "registrations"
    _KEYS: frozenset[str] = frozenset()  # no decimals in the result (window_days is an int)

    def _record_json(self, index: int) -> str:
        return self._native.registration_json(index)

    @property
    def window_days(self) -> int:
        """The window of registrations without ``expires_on``, in days."""
        return self._native.window_days

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per registration (input order), the objects of the JSON's ``registrations``: ``id,
        partner_id, customer_key, status`` (``clear``, ``won`` or ``lost``) and ``lost_to`` (the winning
        registration's id; None unless lost). The JSON's conflicts are :meth:`conflicts`."""
        return self._parse(self._native.to_json())["registrations"]

    def summary(self) -> dict[str, Any]:
        """The headline: ``window_days``, ``registrations`` (how many), ``clear``, ``won`` and ``lost``
        (registrations by status) and ``conflicts`` (winning registrations: one per conflict), all ints."""
        return self._native.summary()

    def to_pandas(self, exact: bool = False) -> Any:
        """One row per registration (input order), the columns of the CLI's CSV: ``id, partner_id,
        customer, customer_key, product, registered_on, expires_on, status, lost_to,
        lost_to_partner_id``.

        Text columns are pandas strings (``<NA>`` for no product, and for ``lost_to`` /
        ``lost_to_partner_id`` unless lost); ``registered_on`` and ``expires_on`` (the end of the window,
        exclusive: the given ``expires_on`` or ``registered_on + window_days``) are datetime64, so
        ``frame[frame.expires_on > "2026-04-01"]`` and ``.dt`` work. The table has no decimals:
        ``exact`` is accepted for symmetry with the other reports and changes nothing. Needs pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(_with_dates(self._native.columns(), self._DATE_COLUMNS))
        for key in self._TEXT_COLUMNS:
            frame[key] = frame[key].astype("string")
        return frame

    def conflicts(self) -> Any:
        """The conflicts, **one row per (conflict, loser)**, so that a plain filter answers "whom did
        P016 lose to" or "which customers are contested" (``frame.groupby("winner")`` gives one group per
        conflict, as the JSON lists them):

        ``customer_key, product`` (the winner's product as written; ``<NA>`` when absent),
        ``winner, winner_partner_id, winner_registered_on, winner_expires_on`` (the winner's window,
        end exclusive: the conflict is open on dates inside it), ``loser, loser_partner_id,
        loser_registered_on``.

        Conflicts come in the winner's judged order (``registered_on``, then id) and the losers of one
        conflict in judged order. Dates are datetime64, text pandas strings. Needs pandas.
        """
        pd = _frames.require_pandas()
        columns = _with_dates(
            self._native.conflict_columns(), ("winner_registered_on", "winner_expires_on", "loser_registered_on")
        )
        frame = pd.DataFrame(columns)
        for key in ("customer_key", "product", "winner", "winner_partner_id", "loser", "loser_partner_id"):
            frame[key] = frame[key].astype("string")
        return frame

    def _title(self) -> str:
        return f"Deal registrations (window {self.window_days} days)"

    def _headline(self) -> str:
        s = self.summary()
        return f"{s['clear']} clear, {s['won']} won, {s['lost']} lost; {s['conflicts']} conflicts"


def _with_dates(columns: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """``columns`` with the native date columns (int64 days since 1970-01-01) as numpy ``datetime64``."""
    for key in keys:
        columns[key] = columns[key].astype("datetime64[D]")
    return columns


_REQUIRED: Any = object()


def track(commitments: Any, milestones: Any = None, as_of: Any = _REQUIRED) -> TrackReport:
    """Tracks partners' execution plans (DESIGN §6) at ``as_of``; returns a :class:`TrackReport`.

    ``commitments`` is a pandas or polars DataFrame, a list of dicts, or a path to a ``.csv`` / ``.json``
    file, one commitment each: ``partner_id, kind, field, target, start, due`` and optionally ``actual``
    (absent, None, NaN or ``""``: 0). ``kind`` is one of ``resources, training, deals, pipeline,
    marketing, other``. ``milestones`` (optional; None: no milestones) is given the same ways, one
    milestone each: ``partner_id, area, name, due`` and optionally ``done_on``; ``area`` is a readiness
    area (``management, operational, sales_marketing, product``). Other columns are ignored. Dates are
    ``YYYY-MM-DD`` text, ``datetime.date`` / ``datetime`` (its date), pandas Timestamps or datetime64
    columns; numbers are int, ``Decimal``, numeric text, or a float read through its shortest repr.

    ``as_of`` is required (keyword, or the third positional argument; the library has no default where
    the CLI takes today): a ``datetime.date``, a ``datetime`` or pandas ``Timestamp`` (its date), a numpy
    ``datetime64`` or ``"YYYY-MM-DD"``. Leaving it out (or passing None or ``pd.NaT``) is a ``TypeError``,
    as for any missing argument; a value that is not a date is a ``ConfigError`` at ``as_of``, as in
    :func:`health`.

    A commitment expects ``target × elapsed / (due − start)`` by as_of (in days, clamped to [0, target]);
    its status is the first that holds of ``done`` (actual ≥ target), ``overdue`` (as_of after due),
    ``on_track`` (actual ≥ expected), ``at_risk`` (≥ 75 % of it), ``behind``. A milestone is ``done``
    (done_on ≤ as_of), ``overdue`` (due before as_of) or ``on_track``; a non-management one done before
    the partner's management milestones were is ``out_of_order``.

    Raises ``InputError`` naming the record and field (``commitments[3] (partner K1), field kind``, or
    ``commitments line 4, column 2 (partner K1, field kind)`` with the file as ``source`` for a CSV) for an
    unknown kind or area, a target ≤ 0, a due not after start, a malformed date, a negative actual, a
    value that is not a number, or a missing required value.
    """
    if as_of is _REQUIRED or as_of is None or type(as_of).__name__ == "NaTType":
        raise TypeError("track() missing 1 required argument: 'as_of' (a datetime.date or 'YYYY-MM-DD')")
    if milestones is None:
        native = _native_track(*_commitments_input(commitments), None, None, as_of)
    else:
        native = _native_track(*_commitments_input(commitments), *_milestones_input(milestones), as_of)
    return TrackReport(native)


class TrackReport(_Report):
    """Execution plans tracked at a date (DESIGN §6). ``len()``, iteration, ``[i]`` and ``to_dicts()`` give
    one dict per commitment, in input order (``partner_id, kind, field, target, actual, expected_to_date,
    status, shortfall``, the numbers ``decimal.Decimal``: the objects of the JSON's ``commitments``);
    ``to_pandas()`` the commitments table (the CLI's CSV columns); ``milestones()``, ``partners()`` and
    ``impediments()`` the other tables; ``summary()`` the counts. ``to_json()`` / ``to_csv()`` are exactly
    the CLI's ``track --format json`` / ``csv`` text."""

    __slots__ = ()
    _TEXT_COLUMNS = ("partner_id", "kind", "field", "status")
    _HTML_COLUMNS = ("partner_id", "kind", "field", "target", "actual", "expected_to_date", "status", "shortfall")
    _NOUN = "commitments"
    _KEYS = frozenset({"target", "actual", "expected_to_date", "shortfall"})

    def _record_json(self, index: int) -> str:
        return self._native.commitment_json(index)

    @property
    def as_of(self) -> datetime.date:
        """The tracking date."""
        return self._native.as_of

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per commitment (input order), the objects of the JSON's ``commitments``: ``partner_id,
        kind, field, target, actual, expected_to_date, status, shortfall``, the numbers
        ``decimal.Decimal`` as the JSON writes them (4 places at most). The JSON's milestones and partners
        are :meth:`milestones` and :meth:`partners` (or ``json.loads(report.to_json())``)."""
        return self._parse(self._native.to_json())["commitments"]

    def summary(self) -> dict[str, Any]:
        """The headline: ``as_of`` (``datetime.date``); ``commitments`` (how many) and ``done, on_track,
        at_risk, behind, overdue`` (commitments by status, over every partner), ``impediments`` (at risk,
        behind or overdue); ``milestones`` (how many), ``milestones_done``, ``milestones_overdue``,
        ``out_of_order`` (milestones done before management readiness); ``partners``. Counts are ints."""
        return self._native.summary()

    def to_pandas(self, exact: bool = False) -> Any:
        """One row per commitment (input order), the columns of the CLI's CSV: ``partner_id, kind, field,
        target, actual, expected_to_date, status, shortfall, due``.

        ``target, actual, expected_to_date, shortfall`` are float64 (the CSV's values, 4 places at most)
        ready to plot, or ``decimal.Decimal`` with ``exact=True``; ``due`` is datetime64 (so
        ``frame[frame.due < "2026-12-31"]`` and ``.dt`` work); text columns are pandas strings. Needs
        pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(_with_dates(self._native.columns(exact), ("due",)))
        for key in self._TEXT_COLUMNS:
            frame[key] = frame[key].astype("string")
        return frame

    def milestones(self) -> Any:
        """One row per milestone (input order): ``partner_id, area, name, due, done_on, status,
        out_of_order``.

        ``due`` and ``done_on`` are datetime64 (``NaT`` when not done; a ``done_on`` after as_of is shown
        as given, but the milestone is not done yet), ``status`` is ``done``, ``overdue`` or ``on_track``,
        ``out_of_order`` bool; text columns are pandas strings. Needs pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(_with_dates(self._native.milestone_columns(), ("due", "done_on")))
        for key in ("partner_id", "area", "name", "status"):
            frame[key] = frame[key].astype("string")
        return frame

    def partners(self) -> Any:
        """One row per partner, in order of first appearance (commitments, then milestones): ``id, done,
        on_track, at_risk, behind, overdue`` (its commitments by status; all 0 for a partner with milestones
        only), ``impediments`` (how many: at risk, behind or overdue) and ``worst_impediment`` (the text of
        the worst, e.g. ``"training: 2 certified_reps short of target, due 2026-07-31"``; ``<NA>``
        without one).

        Counts are int64, text pandas strings. Every impediment, worst first, is in :meth:`impediments`
        (one row each, so the table here stays flat). Needs pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(self._native.partner_columns())
        for key in ("id", "worst_impediment"):
            frame[key] = frame[key].astype("string")
        return frame

    def impediments(self, exact: bool = False) -> Any:
        """One row per impediment (a commitment at risk, behind or overdue): ``partner_id, kind, field,
        status, shortfall, text``; partners in order of first appearance, each partner's worst first
        (overdue, behind, at risk; then the larger shortfall / target; then input order), as the JSON's
        ``partners[].impediments``.

        ``shortfall`` is float64 (the JSON's value) or ``decimal.Decimal`` with ``exact=True``; text
        columns are pandas strings. Needs pandas.
        """
        pd = _frames.require_pandas()
        frame = pd.DataFrame(self._native.impediment_columns(exact))
        for key in ("partner_id", "kind", "field", "status", "text"):
            frame[key] = frame[key].astype("string")
        return frame

    def _title(self) -> str:
        return f"Execution-plan tracking as of {self.as_of.isoformat()}"

    def _headline(self) -> str:
        s = self.summary()
        return (
            f"{s['done']} done, {s['on_track']} on track, {s['at_risk']} at risk, {s['behind']} behind, "
            f"{s['overdue']} overdue; {s['milestones_overdue']} milestones overdue, "
            f"{s['out_of_order']} out of order"
        )


def review_pack(
    partners: Any,
    scorecard: Any,
    *,
    profile: Any = None,
    plan: Any = None,
    history: Any = None,
    registrations: Any = None,
    commitments: Any = None,
    milestones: Any = None,
    as_of: Any = None,
    review_every_days: int = 90,
    window_days: int = 90,
    revenue_field: str | None = None,
    deals_field: str | None = None,
    trajectory_field: str | None = None,
    min_revenue: Any = None,
    min_deals_per_year: Any = None,
    flat_band: Any = None,
    output: str | os.PathLike[str],
) -> ReviewPack:
    """Writes the partner review pack (DESIGN §7) into the folder ``output``; returns a :class:`ReviewPack`.

    The pack is static, self-contained HTML for the review meeting (inline CSS and SVG charts, no
    script, nothing fetched): ``output/index.html``, the channel page, and ``output/partners/<id>.html``,
    one page per partner. It is what the CLI's ``partnerscore review`` writes, from the same engine: every
    figure on a page is the number the JSON results report.

    ``partners`` is what :meth:`Scorecard.score` takes: a pandas or polars DataFrame, a list of dicts, or
    a path to a ``.csv`` / ``.json`` file; only the fields the scorecard, the profile, the plan and the
    derived metrics read are converted. ``scorecard`` is a :class:`Scorecard`, or what ``Scorecard(...)``
    takes (a path, a JSON string, a dict); ``profile`` and ``plan`` likewise (a :class:`Profile` /
    :class:`Plan` or its config). ``history``, ``registrations``, ``commitments`` and ``milestones`` are
    given as :func:`health`, :func:`dealreg` and :func:`track` take them (DataFrame, list of dicts, or a
    ``.csv`` / ``.json`` path). Everything after ``scorecard`` is keyword only.

    Every input but partners and a scorecard is optional; a section whose input is missing is left out
    with a one-line note, never an error (partners and a scorecard alone make a valid pack):

    - always: the scorecard (sections, each metric beside the cohort's mean and top-quartile mean, tier
      and next tier, top opportunities), the table of partners by score, and the closing agenda;
    - ``profile``: the profile fit and the gaps by readiness area, and the verdict counts;
    - ``history``: channel health (contribution rate by period, time to revenue, the non-productive
      partners) and each partner's marketing review (ROMI, MDF, MQL→SQL, win rate, revenue trajectory),
      reviewed as :func:`health` does with ``revenue_field``, ``deals_field``, ``trajectory_field``,
      ``min_revenue``, ``min_deals_per_year`` and ``flat_band`` (same meaning and defaults);
    - ``plan`` **and** ``history``: the plan headline, hours by strategy, and each partner's strategy with
      the deals, pipeline and reps it needs (a plan without a history gets a note);
    - ``registrations``: the deal-registration conflicts open at ``as_of`` (judged as :func:`dealreg`
      does, with ``window_days``, an int ≥ 1, default 90, for a registration without ``expires_on``);
    - ``commitments`` / ``milestones``: each partner's execution plan with its status and impediments
      (each impediment becomes an agenda item).

    ``as_of`` (the review date) is a ``datetime.date``, a ``datetime`` or pandas ``Timestamp`` (its
    date), a numpy ``datetime64`` or ``"YYYY-MM-DD"``; None: the end of the history's last period, else
    today (UTC). The next review, printed on every page, is ``as_of + review_every_days`` (an int ≥ 1,
    default 90).

    ``output`` is required (a str or ``os.PathLike``): the folder, created when missing. ``index.html``
    and the pages of these partners are replaced; other files in it are left alone.

    Raises ``ConfigError`` for a bad config, an ``as_of`` that is not a date, or a ``review_every_days``
    or ``window_days`` that is not an int ≥ 1, or a health option out of range (``location`` is the
    option's name); ``InputError`` for bad data, naming the
    record and field and, for an input read from a file, that file as ``source`` (a bad history value
    names the history file, a bad milestone the milestones file …); ``OSError`` (``PermissionError``,
    ``FileExistsError`` …, with ``filename``) when a page cannot be written; ``TypeError`` when
    ``output`` is missing.
    """
    if output is None:
        raise TypeError("review_pack() missing 1 required keyword-only argument: 'output' (a folder)")
    output = os.fspath(output)
    card = scorecard if isinstance(scorecard, Scorecard) else Scorecard(scorecard)
    native_profile = None
    if profile is not None:
        native_profile = (profile if isinstance(profile, Profile) else Profile(profile))._native
    native_plan = None
    if plan is not None:
        native_plan = (plan if isinstance(plan, Plan) else Plan(plan))._native
    index, pages, day, next_review = _native_review_pack(
        *_partners_input(partners),
        card._native,
        output,
        profile=native_profile,
        plan=native_plan,
        history=None if history is None else _history_input(history),
        registrations=None if registrations is None else _registrations_input(registrations),
        commitments=None if commitments is None else _commitments_input(commitments),
        milestones=None if milestones is None else _milestones_input(milestones),
        as_of=as_of,
        review_every_days=review_every_days,
        window_days=window_days,
        revenue_field=revenue_field,
        deals_field=deals_field,
        trajectory_field=trajectory_field,
        min_revenue=min_revenue,
        min_deals_per_year=min_deals_per_year,
        flat_band=flat_band,
    )
    return ReviewPack(index, dict(pages), day, next_review)


# The height of a page shown inline in Jupyter (it scrolls inside).
_IFRAME_HEIGHT = "640px"


def _iframe(document: str, title: str) -> str:
    """A whole HTML document shown inside a notebook: in a sandboxed iframe, so that its stylesheet
    (which styles ``body``, ``table``, ``h2`` …) does not restyle the notebook around it."""
    return (
        f'<iframe title="{html.escape(title)}" srcdoc="{html.escape(document, quote=True)}" sandbox="" '
        f'style="width: 100%; height: {_IFRAME_HEIGHT}; border: 1px solid #dde2e7;"></iframe>'
    )


class PartnerPage:
    """One partner's page of a :class:`ReviewPack`: ``id``, ``path`` (a ``pathlib.Path``) and ``html``
    (the page, read from ``path``). In Jupyter the page shows inline (in a sandboxed iframe, so its
    styles stay inside; links between pages work when ``path`` is opened in a browser)."""

    __slots__ = ("_id", "_path", "_html")

    def __init__(self, id: str, path: Path) -> None:
        self._id = id
        self._path = path
        self._html: str | None = None

    @property
    def id(self) -> str:
        """The partner's id."""
        return self._id

    @property
    def path(self) -> Path:
        """The page's file, ``<output>/partners/<file>.html``."""
        return self._path

    @property
    def html(self) -> str:
        """The page's HTML (a whole document), read from :attr:`path` on first use."""
        if self._html is None:
            self._html = self._path.read_text(encoding="utf-8")
        return self._html

    def _repr_html_(self) -> str:
        return _iframe(self.html, f"Partner review — {self._id}")

    def __repr__(self) -> str:
        return f"PartnerPage({self._id!r}, {str(self._path)!r})"


class ReviewPack:
    """A review pack written by :func:`review_pack`: ``index`` (``pathlib.Path`` of the channel page,
    ``index.html``), ``pages`` (a dict partner id → ``pathlib.Path`` of its page, in input order),
    ``as_of`` and ``next_review`` (``datetime.date``); ``len()`` is the number of partner pages.
    :meth:`partner_page` gives one partner's page. In Jupyter the pack shows a one-line summary above the
    channel page (in a sandboxed iframe; open ``index`` in a browser to follow its links)."""

    __slots__ = ("_index", "_pages", "_as_of", "_next_review")

    def __init__(
        self, index: Path, pages: dict[str, Path], as_of: datetime.date, next_review: datetime.date
    ) -> None:
        self._index = index
        self._pages = pages
        self._as_of = as_of
        self._next_review = next_review

    @property
    def index(self) -> Path:
        """The channel page, ``<output>/index.html``."""
        return self._index

    @property
    def pages(self) -> dict[str, Path]:
        """Partner id → its page (``<output>/partners/<file>.html``), in input order. File names are
        the ids where they are plain (letters, digits, ``-``); other characters are escaped."""
        return self._pages

    @property
    def as_of(self) -> datetime.date:
        """The review date."""
        return self._as_of

    @property
    def next_review(self) -> datetime.date:
        """The next review's date: ``as_of + review_every_days``."""
        return self._next_review

    def partner_page(self, id: str) -> PartnerPage:
        """The page of the partner with this ``id``; ``KeyError`` naming the id when there is none."""
        try:
            path = self._pages[id]
        except (KeyError, TypeError):
            raise KeyError(f"no partner {id!r} in this review pack") from None
        return PartnerPage(id, path)

    def __len__(self) -> int:
        return len(self._pages)

    def _repr_html_(self) -> str:
        lead = (
            f"<p><b>Review pack</b> as of {self._as_of.isoformat()}: {len(self._pages)} partner pages, next "
            f"review {self._next_review.isoformat()}; <code>{html.escape(str(self._index))}</code></p>"
        )
        return f"<div>{lead}{_iframe(self._index.read_text(encoding='utf-8'), 'Channel review')}</div>"

    def __repr__(self) -> str:
        return (
            f"ReviewPack(as_of {self._as_of.isoformat()}, {len(self._pages)} partner pages, "
            f"index {str(self._index)!r})"
        )
