"""`ttx simulate`: Monte Carlo over the models, the same however it runs, plans compared on the same incidents."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from PIL import Image

from exercise_engine.cli.main import main
from exercise_engine.engine.models.simulate import Plan, percentile, run_plan, summarize, vary
from exercise_engine.loader import load_scenario
from exercise_engine.loader.errors import UserError
from exercise_engine.engine.script_file import load_decisions

DATA = Path(__file__).resolve().parents[1] / "data" / "models"
SCENARIO = str(DATA / "scenario.yaml")
DECISIONS = str(DATA / "decisions.yaml")


def plan(horizon: int = 12 * 3600) -> Plan:
    loaded = load_scenario(SCENARIO)
    models = loaded.scenario.models.model_copy(update={"horizon": horizon})
    return Plan("as written", models, tuple(load_decisions(DECISIONS, loaded)))


def test_percentiles_interpolate_between_order_statistics() -> None:
    assert percentile([3, 1, 2, 4, 5], 50) == 3
    assert percentile(list(range(11)), 10) == 1
    assert percentile([1.0, 2.0], 50) == 1.5


def test_one_process_two_processes_and_a_dask_cluster_give_identical_summaries() -> None:
    import distributed  # in the test extra: a missing Dask fails here rather than skipping the check

    p = plan()
    local = summarize(p.label, p.models, run_plan(p, 6, 5))
    assert summarize(p.label, p.models, run_plan(p, 6, 5, jobs=2)).to_json() == local.to_json()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_cluster = summarize(p.label, p.models, run_plan(p, 6, 5, cluster=cluster.scheduler_address))
    assert on_cluster.to_json() == local.to_json()


def test_varied_plans_meet_the_same_incidents() -> None:
    """Common random numbers: only what the plan changes differs between plans."""
    base = plan()
    few, many = vary(base, "open_frc.staff", "1"), vary(base, "open_frc.staff", "12")
    a = summarize(few.label, few.models, run_plan(few, 8, 3))
    b = summarize(many.label, many.models, run_plan(many, 8, 3))
    assert a.fan["notification.identified"] == b.fan["notification.identified"]
    assert a.fan["hotline.offered"] == b.fan["hotline.offered"]
    assert b.peak["reunification.mean_signin_wait_minutes"]["mean"] < a.peak["reunification.mean_signin_wait_minutes"]["mean"]


def test_vary_names_what_is_wrong() -> None:
    base = plan()
    for setting, value, message in [
        ("open_frc.staff", "lots", "open_frc.staff=lots: input should be a valid integer"),
        ("open_jic.staff", "3", "no decision has a open_jic action"),
        ("hotline.handle_minute", "3", "is not a parameter"),
        ("volunteers_donations.items_per_day", "3", "does not run the volunteers_donations model"),
        ("frc", "3", "write ACTION.PARAM or MODEL.PARAM"),
        ("shelter.beds", "3", "'shelter' is neither an action"),
    ]:
        with pytest.raises(UserError, match=message):
            vary(base, setting, value)
    assert vary(base, "hotline.handle_minutes", "4").models.hotline.handle_minutes == 4


def simulate(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["simulate", SCENARIO, "--decisions", DECISIONS, "--runs", "4", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_table_shows_p10_median_p90_and_mean_per_metric_and_plan(capsys) -> None:
    code, out, _ = simulate(capsys, "--vary", "open_frc.staff=2,8")
    assert code == 0
    assert "4 runs per plan, seed 0. Each cell: p10 / median / p90 (mean)." in out
    assert "reunification.mean_signin_wait_minutes" in out and "hotline.asa_seconds" in out
    assert out.count("open_frc.staff=2 ") == out.count("open_frc.staff=8 ") > 10
    assert "frc-no-news" in out


def test_json_and_csv_carry_the_same_figures(capsys) -> None:
    code, out, _ = simulate(capsys, "--format", "json")
    assert code == 0
    data = json.loads(out)
    (only,) = data["plans"]
    answered = only["final"]["hotline.answered"]
    code, out, _ = simulate(capsys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    row = next(r for r in rows if r["metric"] == "hotline.answered" and r["at"] == "horizon")
    assert float(row["p50"]) == pytest.approx(answered["p50"]) and float(row["mean"]) == pytest.approx(answered["mean"])


def test_fan_charts_are_drawn_as_png_and_svg(capsys, tmp_path: Path) -> None:
    png, svg = tmp_path / "fan.png", tmp_path / "fan.svg"
    assert simulate(capsys, "--vary", "open_frc.staff=2,8", "--plot", str(png))[0] == 0
    with Image.open(png) as image:
        assert image.width > 1000 and image.height > 1000
    assert simulate(capsys, "--plot", str(svg))[0] == 0
    text = svg.read_text()
    assert text.startswith("<svg") and "families at the FRC without news" in text and "<polygon" in text


def test_mistakes_are_messages_not_tracebacks(capsys, tmp_path: Path) -> None:
    code, _, err = simulate(capsys, "--plot", str(tmp_path / "fan.pdf"))
    assert code == 1 and "must end in .png or .svg" in err
    code, _, err = simulate(capsys, "--vary", "open_frc.staff")
    assert code == 1 and "write PARAM=v1,v2" in err
    code = main(["simulate", str(Path(__file__).resolve().parents[1] / "data" / "good" / "scenario.yaml")])
    err = capsys.readouterr().err
    assert code == 1 and "no `models:` section" in err and "Traceback" not in err
