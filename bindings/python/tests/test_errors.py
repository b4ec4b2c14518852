"""Every error class with its message: config path, partner and field, CSV line; no panic reaches Python."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import partnerscore as ps
from conftest import EXAMPLES, small_card


def test_exception_hierarchy():
    assert issubclass(ps.PartnerScoreError, ValueError)
    assert issubclass(ps.ConfigError, ps.PartnerScoreError)
    assert issubclass(ps.InputError, ps.PartnerScoreError)
    assert not issubclass(ps.ConfigError, ps.InputError)


def test_config_error_names_the_config_path():
    config = json.loads((EXAMPLES / "scorecard.json").read_text(encoding="utf-8"))
    config["sections"][0]["metrics"][1]["points"] = -3
    with pytest.raises(ps.ConfigError) as info:
        ps.Scorecard(config)
    assert info.value.location == "sections[0].metrics[1].points"
    assert str(info.value).startswith("sections[0].metrics[1].points: ")
    assert info.value.source is None


def test_config_error_from_a_file_names_the_file(tmp_path):
    path = tmp_path / "card.json"
    path.write_text('{"name": "x", "sections": [], "bogus": 1}', encoding="utf-8")
    with pytest.raises(ps.ConfigError) as info:
        ps.Scorecard(path)
    assert str(info.value).startswith(f"{path}: ")
    assert info.value.source == str(path)


def test_config_json_text_and_unknown_keys():
    with pytest.raises(ps.ConfigError, match="unknown field `bogus`"):
        ps.Scorecard('{"name": "x", "bogus": 1, "sections": []}')
    with pytest.raises(ps.ConfigError, match="cannot read"):
        ps.Scorecard("no/such/scorecard.json")
    with pytest.raises(TypeError):
        ps.Scorecard(42)
    with pytest.raises(ps.ConfigError, match=r"^\(root\): not a JSON document"):
        ps.Scorecard({"name": "x", "sections": [{"name": "S", "metrics": [{"field": "r", "points": float("nan")}]}]})
    with pytest.raises(ps.ConfigError, match="cannot appear in a scorecard"):
        ps.Scorecard({"name": "x", "tags": {1, 2}})


def test_config_dict_with_decimals_is_exact():
    card = ps.Scorecard(
        {"name": "d", "sections": [{"name": "S", "metrics": [
            {"field": "revenue", "points": Decimal("10"), "rule": {"target": Decimal("0.3")}}]}]}
    )
    points = card.score([{"id": "A", "revenue": Decimal("0.1")}]).to_dicts()[0]["metrics"][0]["points"]
    assert points == Decimal("3.3333")


def test_input_error_from_csv_names_line_and_column(tmp_path):
    path = tmp_path / "partners.csv"
    path.write_text("id,revenue,support\nA,10,true\nB,ten,false\n", encoding="utf-8")
    with pytest.raises(ps.InputError) as info:
        small_card().score(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line 3, column 2 (partner B, field revenue): ")
    assert info.value.location == "line 3, column 2 (partner B, field revenue)"


def test_input_errors_for_ids(tmp_path):
    card = small_card()
    with pytest.raises(ps.InputError, match=r'partners\[1\] \(partner A\): duplicate partner id "A"'):
        card.score([{"id": "A"}, {"id": "A"}])
    with pytest.raises(ps.InputError, match=r"partners\[0\]: field id: required"):
        card.score([{"revenue": 3}])
    path = tmp_path / "bad.csv"
    path.write_bytes(b"id,revenue\nA,\xff\n")
    with pytest.raises(ps.InputError, match="not UTF-8"):
        card.score(path)
    with pytest.raises(ps.InputError, match="cannot read"):
        card.score(tmp_path / "missing.csv")


def test_bad_input_is_an_input_error_not_a_crash():
    card = small_card()
    for revenue in ("1e400", "-" * 100, "12,5"):
        with pytest.raises(ps.InputError, match=r"^partners\[0\] \(partner A\), field revenue: "):
            card.score([{"id": "A", "revenue": revenue}])
    # A control character is still text: the partner is scored, its id kept as given.
    assert card.score([{"id": "\x00"}]).to_dicts()[0]["id"] == "\x00"
