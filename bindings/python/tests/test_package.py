"""The package itself: version, stubs covering the native module, py.typed, docstrings."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import partnerscore as ps
from partnerscore import _partnerscore

PACKAGE = Path(ps.__file__).parent


def test_version_and_exports():
    assert ps.__version__ and ps.__version__[0].isdigit()
    for name in ps.__all__:
        assert hasattr(ps, name), name


def test_stub_declares_every_native_name():
    stub = ast.parse((PACKAGE / "_partnerscore.pyi").read_text(encoding="utf-8"))
    declared = {n.name for n in stub.body if isinstance(n, ast.ClassDef)}
    declared |= {n.target.id for n in stub.body if isinstance(n, ast.AnnAssign)}
    declared |= {n.name for n in stub.body if isinstance(n, ast.FunctionDef)}
    public = {n for n in dir(_partnerscore) if not n.startswith("_")} | {"__version__"}
    assert public <= declared, public - declared
    for cls in (n for n in stub.body if isinstance(n, ast.ClassDef)):
        native = getattr(_partnerscore, cls.name)
        methods = {f.name for f in cls.body if isinstance(f, ast.FunctionDef)}
        for name in methods - {"__init__"}:
            assert hasattr(native, name), f"{cls.name}.{name} is in the stub but not in the module"
        real = {n for n in vars(native) if not n.startswith("_")}
        assert real <= methods, f"{cls.name}: {real - methods} missing from the stub"


def test_py_typed_ships():
    assert (PACKAGE / "py.typed").exists()


def test_docstrings_on_public_classes_and_methods():
    configs = (ps.Scorecard, ps.Profile, ps.Plan)
    reports = (ps.ScoreReport, ps.ProfileReport, ps.PlanReport, ps.HealthReport, ps.DealRegReport, ps.TrackReport)
    functions = (ps.health, ps.dealreg, ps.track, ps.review_pack)
    pack = (ps.ReviewPack, ps.PartnerPage)
    for cls in (*configs, *reports, *functions, *pack, ps.PartnerScoreError, ps.ConfigError, ps.InputError):
        assert inspect.getdoc(cls), cls
    for cls in (*configs, *reports, *pack, ps._Report, ps._Config):
        for name, member in vars(cls).items():
            if not name.startswith("_") and (callable(member) or isinstance(member, property)):
                assert inspect.getdoc(member), f"{cls.__name__}.{name}"
