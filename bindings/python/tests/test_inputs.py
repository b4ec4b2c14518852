"""Every Python input type: exact ints and Decimals, floats through their shortest repr, bools, text,
lists, dates, numpy scalars; NaN and infinity refused outside DataFrames."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import numpy as np
import pytest

import partnerscore as ps
from conftest import small_card


def value_of(report, metric="revenue"):
    return next(m["value"] for m in report.to_dicts()[0]["metrics"] if m["name"] == metric)


@pytest.mark.parametrize(
    "given, expected",
    [
        (250, Decimal("250")),
        (12345678901234567890123, Decimal("12345678901234567890123")),
        (Decimal("1278166.21"), Decimal("1278166.21")),
        (0.1, Decimal("0.1")),
        (1278166.21, Decimal("1278166.21")),
        (1.5e-4, Decimal("0.0002")),  # shortest repr 0.00015 rounds up; its binary value would not
        ("0.3", Decimal("0.3")),
        (True, Decimal("1")),
        (np.int64(42), Decimal("42")),
        (np.uint8(7), Decimal("7")),
        (np.float64(0.1), Decimal("0.1")),
        (np.float32(0.1), Decimal("0.1")),
        (np.bool_(True), Decimal("1")),
    ],
)
def test_numbers_are_exact(given, expected):
    value = value_of(small_card().score([{"id": "A", "revenue": given}]))
    assert value == expected


def test_int_beyond_28_digits_is_an_input_error():
    with pytest.raises(ps.InputError, match=r"partners\[0\] \(partner A\), field revenue"):
        small_card().score([{"id": "A", "revenue": 10**40}])


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, Decimal("NaN"), Decimal("-Infinity"), np.float64("nan")])
def test_nan_and_infinity_are_refused_outside_frames(bad):
    with pytest.raises(ps.InputError) as info:
        small_card().score([{"id": "P1", "revenue": 5}, {"id": "P7", "revenue": bad}])
    assert str(info.value).startswith("partners[1] (partner P7), field revenue: ")
    assert info.value.location == "partners[1] (partner P7), field revenue"


def test_booleans_text_and_numbers_for_a_boolean_metric():
    card = small_card()
    for given, points in [(True, "5"), (False, "0"), ("yes", "5"), ("no", "0"), (1, "5"), (np.bool_(False), "0")]:
        report = card.score([{"id": "A", "support": given}])
        support = next(m for m in report.to_dicts()[0]["metrics"] if m["name"] == "support")
        assert support["points"] == Decimal(points), given


def test_lists_dates_and_numeric_ids():
    card = small_card(
        tiers=[
            {
                "name": "Cloud",
                "min_score": 0,
                "requires": [{"field": "sells", "equals": "cloud;security"}],
            }
        ]
    )
    partners = [
        {"id": 1, "sells": ["cloud", "security"], "signed_on": dt.date(2024, 2, 29)},
        {"id": 2, "sells": ("cloud",), "signed_on": dt.datetime(2024, 3, 1, 12, 30)},
    ]
    result = card.score(partners).to_dicts()
    assert [(p["id"], p["tier"]) for p in result] == [("1", "Cloud"), ("2", None)]


def test_unsupported_values_name_partner_and_field():
    with pytest.raises(ps.InputError, match=r"partners\[0\] \(partner A\), field revenue: a value of type object"):
        small_card().score([{"id": "A", "revenue": object()}])
    with pytest.raises(ps.InputError, match=r"field sells: list items must be text"):
        small_card(tiers=[{"name": "T", "min_score": 0, "requires": [{"field": "sells", "equals": "x"}]}]).score(
            [{"id": "A", "sells": ["x", 1]}]
        )


def test_fields_the_scorecard_does_not_read_are_not_converted():
    report = small_card().score([{"id": "A", "revenue": 1, "notes": object(), "other": math.nan}])
    assert len(report) == 1


def test_missing_and_empty_values():
    card = small_card()
    a = card.score([{"id": "A", "revenue": None, "support": ""}]).to_json()
    b = card.score([{"id": "A"}]).to_json()
    assert a == b


def test_wrong_container_types():
    card = small_card()
    with pytest.raises(TypeError, match="list of dicts"):
        card.score({"id": "A"})
    with pytest.raises(TypeError, match="not int"):
        card.score(42)
    with pytest.raises(ps.InputError, match=r"partners\[1\]: each partner must be a dict"):
        card.score([{"id": "A"}, ["id", "B"]])


def test_generators_and_tuples_of_records():
    card = small_card()
    expected = card.score([{"id": "A", "revenue": 500}]).to_json()
    assert card.score(({"id": "A", "revenue": 500},)).to_json() == expected
    assert card.score(r for r in [{"id": "A", "revenue": 500}]).to_json() == expected


def test_floats_read_as_their_shortest_repr():
    """The native float → Decimal conversion agrees with Python's repr on many kinds of floats."""
    import random
    import struct

    from partnerscore import _partnerscore

    rng = random.Random(5)
    samples = [0.1, 0.2, 0.3, 1278166.21, 1e-7, 123456789.123, 2.0**50, 2.0**53 + 2, 1e22, 5e-324, 0.0, -0.0, -2.5]
    samples += [round(rng.uniform(-1e7, 1e7), rng.randint(0, 6)) for _ in range(20000)]
    samples += [rng.uniform(0, 1) for _ in range(5000)]
    samples += [rng.randint(0, 10**6) / 10 ** rng.randint(0, 12) for _ in range(5000)]
    samples += [struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0] for _ in range(5000)]
    checked = 0
    for x in samples:
        if math.isnan(x) or math.isinf(x):
            continue
        expected = Decimal(repr(x))
        try:
            got = Decimal(_partnerscore._float_decimal(x))
        except ps.PartnerScoreError:
            # beyond 28 digits: refused rather than rounded
            assert abs(expected.adjusted()) > 27 or len(expected.as_tuple().digits) - expected.as_tuple().exponent > 28
            continue
        assert got == expected, (x, got, expected)
        checked += 1
    assert checked > 30000
