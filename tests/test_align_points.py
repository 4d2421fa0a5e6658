"""Bare points line up with percentage points across languages (real extractor, real embeddings)."""
from __future__ import annotations

import datetime as dt

from claimgrid.compare import compare_articles
from claimgrid.model import Article

DAY = dt.date(2024, 10, 8)
FR = "La Banque centrale de Valdoria a relevé mardi son taux directeur de 0,75 point, à 6,5 %.\n"
UK = "Центральний банк Вальдорії у вівторок підвищив облікову ставку на 0,75 відсоткового пункта, до 6,5%.\n"
ES = ("El Banco Central de Valdoria subió el martes su tipo de referencia un 0,5 puntos porcentuales, "
      "hasta el 6,5 %.\n")


def _relations(report: dict, value: float) -> set[str]:
    claims = {c["id"]: c for c in report["claims"]}
    return {al["relation"] for al in report["alignments"]
            if any(claims[c]["quantity"]["value"] == value for c in al["claims"] if claims[c].get("quantity"))}


def test_a_bare_point_agrees_with_percentage_points_and_a_different_step_conflicts():
    report = compare_articles([Article(text=FR, language="fr", published=DAY),
                               Article(text=UK, language="uk", published=DAY),
                               Article(text=ES, language="es", published=DAY)])
    step = [al for al in report["alignments"]
            if {c.split(":")[0] for c in al["claims"]} == {"A", "B"}
            and all(next(c for c in report["claims"] if c["id"] == cid)["quantity"]["value"] == 0.75
                    for cid in al["claims"])]
    assert step and step[0]["relation"] in ("agree", "compatible"), report["alignments"]
    assert "conflict" in _relations(report, 0.5)       # 0.5 against 0.75 points: the step differs
    level = _relations(report, 6.5)
    assert level and level <= {"agree", "compatible"}
    # "à / до / hasta el 6,5 %" after the change verb is the new level, not an upper bound
    assert {c["quantity"]["qualifier"] for c in report["claims"]
            if c.get("quantity") and c["quantity"]["value"] == 6.5} == {"exact"}
