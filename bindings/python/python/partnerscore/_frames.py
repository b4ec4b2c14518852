"""DataFrame conversion: pandas columns become numpy arrays the native module reads without the GIL.

pandas is optional: nothing here imports it unless a DataFrame is given or ``to_pandas()`` is called.
"""

from __future__ import annotations

import html
import sys
from typing import Any

def is_pandas(obj: Any) -> bool:
    """Whether ``obj`` is a pandas DataFrame (without importing pandas)."""
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(obj, pd.DataFrame)


def require_pandas() -> Any:
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - exercised only without pandas
        raise ImportError("to_pandas() needs pandas: pip install 'partnerscore[pandas]'") from None
    return pd


def pandas_columns(frame: Any, id_field: str = "id", label: str = "column") -> list[tuple[str, str, Any, Any, Any]]:
    """``(name, kind, values, missing, extra)`` per column: contiguous numpy arrays, ``missing`` a bool
    mask (True = missing) or None. NaN, None, pd.NA and NaT are missing values. Text columns travel as
    one NUL-joined string (``extra``: the row count), categoricals as codes (``extra``: categories).
    An index named ``id_field`` (``id``; ``partner_id`` for a history) becomes a column; ``label`` names a
    column in errors (``column``, ``history column``)."""
    import numpy as np
    import pandas as pd

    from . import InputError

    if id_field not in frame.columns and frame.index.name == id_field:
        frame = frame.reset_index()
    duplicated = frame.columns[frame.columns.duplicated()]
    if len(duplicated):
        name = str(duplicated[0])
        err = InputError(f"{label} {name}: duplicate column")
        err.location, err.reason, err.source = f"{label} {name}", "duplicate column", None
        raise err
    out = []
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        dtype = column.dtype
        if isinstance(dtype, pd.CategoricalDtype):
            # Codes into the categories: each category is converted once.
            categories = np.ascontiguousarray(dtype.categories.to_numpy(dtype=object))
            codes = np.ascontiguousarray(column.cat.codes.to_numpy(dtype=np.int64))
            out.append((str(name), "category", codes, None, categories))
            continue
        kind = getattr(dtype, "kind", "O")
        missing = None
        extra = None
        if kind == "f":
            if dtype == np.float32:
                values, tag = column.to_numpy(dtype=np.float32, na_value=np.nan), "float32"
            else:
                values, tag = column.to_numpy(dtype=np.float64, na_value=np.nan), "float64"
        elif kind in "iu":
            if column.hasnans:
                missing = column.isna().to_numpy(dtype=bool)
            if kind == "u":
                values, tag = column.to_numpy(dtype=np.uint64, na_value=0), "uint64"
            else:
                values, tag = column.to_numpy(dtype=np.int64, na_value=0), "int64"
        elif kind == "b":
            if column.hasnans:
                missing = column.isna().to_numpy(dtype=bool)
            values, tag = column.to_numpy(dtype=bool, na_value=False), "bool"
        elif kind == "M":
            missing = column.isna().to_numpy(dtype=bool)
            if getattr(dtype, "tz", None) is not None:
                column = column.dt.tz_localize(None)  # the local calendar date
            days = column.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
            values, tag = days.astype(np.int64), "date"
        else:
            missing = column.isna().to_numpy(dtype=bool)
            values, tag = column.to_numpy(dtype=object), "object"
            if len(values) and pd.api.types.infer_dtype(values, skipna=True) == "string":
                # All text: one NUL-joined string, split natively (missing rows empty = missing).
                filled = np.where(missing, "", values) if missing.any() else values
                joined = "\0".join(filled.tolist())
                if joined.count("\0") == len(values) - 1:
                    out.append((str(name), "text", joined, None, len(values)))
                    continue
        out.append((str(name), tag, np.ascontiguousarray(values), missing, extra))
    return out


_HTML_ROWS = 20


def _lookup(record: dict[str, Any], key: str) -> Any:
    """``record[key]``, following dots into nested dicts (``trajectory.direction``); None when absent."""
    value: Any = record
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def report_html(
    report: Any, title: str, columns: tuple[str, ...], headline: str = "", noun: str = "partners"
) -> str:
    """A short HTML table of the first records (``noun``: partners, registrations) of a report, for
    Jupyter (text escaped), under an optional headline line. A column key may reach into a nested dict
    (``trajectory.direction``; its header is the last part)."""
    rows = []
    for i in range(min(len(report), _HTML_ROWS)):
        partner = report[i]
        values = (_lookup(partner, key) for key in columns)
        cells = "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in values)
        rows.append(f"<tr>{cells}</tr>")
    head = "".join(f"<th>{html.escape(key.rsplit('.', 1)[-1])}</th>" for key in columns)
    more = len(report) - _HTML_ROWS
    tail = f"<p>… and {more} more {noun}</p>" if more > 0 else ""
    lead = f"<p>{html.escape(headline)}</p>" if headline else ""
    return (
        f"<div><p><b>{html.escape(title)}</b>: {len(report)} {noun}</p>{lead}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>{tail}</div>"
    )
