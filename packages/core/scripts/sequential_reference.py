#!/usr/bin/env python3
"""Reference implementation of llm-canary's always-valid statistics (docs/statistics.md).

Pure Python, standard library only, written from the formulas in the papers rather than from the
TypeScript code, so the vectors it prints check `packages/core/src/sequential/` independently.

Usage (from packages/core):
    python3 scripts/sequential_reference.py > test/vectors/sequential.json

Methods and references:
- Welford's streaming variance: checked against `statistics.fmean` / `statistics.variance`.
- Ratio metrics: delta-method variance, Deng, Knoblich & Lu (2018), KDD.
- Normal-mixture confidence sequence (mSPRT): Robbins (1970); Johari, Koomen, Pekelis & Walsh (2022),
  Operations Research 70; Waudby-Smith, Arnold, Wu, Wang & Ramdas (2024), Ann. Statist.
- Quantile confidence sequence: Howard & Ramdas (2022), Bernoulli 28, Theorem 1, with the two-sided
  beta-binomial mixture of Howard, Ramdas, McAuliffe & Sekhon (2021), Ann. Statist. 49, Prop. 6.
"""

from __future__ import annotations

import json
import math
import random
import statistics
import sys

SPEC_VERSION = 1


# ---------------------------------------------------------------- normal mixture


def optimal_mixing_ratio(alpha: float) -> float:
    """argmin over r of (1 + 1/r)(2 ln(1/alpha) + ln(1 + r)); its derivative has the sign of
    r - 2 ln(1/alpha) - ln(1 + r), found here by bisection."""
    c = 2 * math.log(1 / alpha)
    lo, hi = 1e-12, 10 * c + 10
    for _ in range(400):
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            break
        if mid - c - math.log(1 + mid) >= 0:
            hi = mid
        else:
            lo = mid
    return hi


def mixture_interval(estimate, variance, mixing, alpha, null=0.0):
    """Interval {theta0 : Lambda(theta0) < 1/alpha} and p = min(1, 1/Lambda(null))."""
    if variance == 0:
        half = 0.0
        p = 1.0 if estimate == null else 0.0
    else:
        half = math.sqrt(variance * (variance + mixing) / mixing
                         * (2 * math.log(1 / alpha) + math.log((variance + mixing) / variance)))
        d = estimate - null
        log_lr = 0.5 * math.log(variance / (variance + mixing)) + mixing * d * d / (2 * variance * (variance + mixing))
        p = min(1.0, math.exp(-log_lr))
    return {"lower": estimate - half, "upper": estimate + half, "pValue": p}


def effect(control, candidate, scale):
    """(estimate, variance) of mu_B - mu_A or mu_B / mu_A - 1 (delta method); arms are (mean, var_of_mean)."""
    (ma, va), (mb, vb) = control, candidate
    if scale == "absolute":
        return mb - ma, va + vb
    return mb / ma - 1, vb / ma ** 2 + mb ** 2 * va / ma ** 4


def mean_effect(control, candidate, alpha, planned, scale):
    arm_a = (control["mean"], control["variance"] / control["n"])
    arm_b = (candidate["mean"], candidate["variance"] / candidate["n"])
    est, var = effect(arm_a, arm_b, scale)
    planned_a = (control["mean"], control["variance"] / planned["control"])
    planned_b = (candidate["mean"], candidate["variance"] / planned["candidate"])
    _, planned_var = effect(planned_a, planned_b, scale)
    mixing = optimal_mixing_ratio(alpha) * planned_var
    out = mixture_interval(est, var, mixing, alpha)
    return {"estimate": est, "variance": var, "mixingVariance": mixing, **out}


# ---------------------------------------------------------------- streaming statistics


def welford_reference(values):
    n = len(values)
    return {"n": n, "mean": statistics.fmean(values), "variance": statistics.variance(values)}


def ratio_reference(pairs):
    """R = sum y / sum m; Var = (s_y^2 - 2 R s_ym + R^2 s_m^2) / (n mbar^2), sample (co)variances."""
    n = len(pairs)
    ys = [y for y, _ in pairs]
    ms = [m for _, m in pairs]
    my, mm = statistics.fmean(ys), statistics.fmean(ms)
    r = sum(ys) / sum(ms)
    sy = sum((y - my) ** 2 for y in ys) / (n - 1)
    sm = sum((m - mm) ** 2 for m in ms) / (n - 1)
    sym = sum((y - my) * (m - mm) for y, m in pairs) / (n - 1)
    return {"n": n, "ratio": r, "variance": max(0.0, sy - 2 * r * sym + r * r * sm) / (n * mm * mm)}


# ---------------------------------------------------------------- quantiles


def log_beta(a, b):
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def tune_r(v_opt, alpha_opt, g, h):
    ell = math.log(1 / alpha_opt)
    rho = v_opt / (2 * ell + math.log(1 + 2 * ell))
    return max(rho - g * h, 1e-3 * g * h)


def log_mixture(s, v, g, h, r):
    """Two-sided beta-binomial mixture, Howard et al. (2021) Prop. 6."""
    gh = g + h
    return (v / (g * h) * math.log(gh)
            - (v + h * s) / (h * gh) * math.log(g)
            - (v - g * s) / (g * gh) * math.log(h)
            + log_beta((r + v - g * s) / (g * gh), (r + v + h * s) / (h * gh))
            - log_beta(r / (g * gh), r / (h * gh)))


def boundary(v, alpha, g, h, r):
    """Smallest s in [0, v/g] with log m(s, v) >= ln(1/alpha); infinity when there is none."""
    thr = math.log(1 / alpha)
    top = v / g
    if log_mixture(top, v, g, h, r) < thr:
        return math.inf
    if log_mixture(0.0, v, g, h, r) >= thr:
        return 0.0
    lo, hi = 0.0, top
    while True:
        mid = (lo + hi) / 2
        if mid <= lo or mid >= hi:
            return hi
        if log_mixture(mid, v, g, h, r) >= thr:
            hi = mid
        else:
            lo = mid


def quantile_interval(values, p, alpha, planned, alpha_opt=None):
    alpha_opt = alpha if alpha_opt is None else alpha_opt
    xs = sorted(values)
    t = len(xs)
    v, v_opt = p * (1 - p) * t, p * (1 - p) * planned
    r = tune_r(v_opt, alpha_opt, p, 1 - p)  # g * h = p(1 - p) either way round
    up = boundary(v, alpha, p, 1 - p, r)
    down = boundary(v, alpha, 1 - p, p, r)
    lower_rank = 0 if down == math.inf else max(0, math.floor(t * p - down) + 1)
    upper_rank = t + 1 if up == math.inf else min(t + 1, math.ceil(t * p + up))
    estimate = xs[max(1, math.ceil(t * p)) - 1]
    return {
        "estimate": estimate,
        "lower": -math.inf if lower_rank < 1 else xs[lower_rank - 1],
        "upper": math.inf if upper_rank > t else xs[upper_rank - 1],
        "lowerRank": lower_rank,
        "upperRank": upper_rank,
        "upperGap": up,
        "lowerGap": down,
    }


def quantile_effect_bounds(a, b, p, level, planned, alpha_opt, scale):
    ia = quantile_interval(a, p, level / 2, planned["control"], alpha_opt)
    ib = quantile_interval(b, p, level / 2, planned["candidate"], alpha_opt)
    if scale == "absolute":
        return ia, ib, ib["lower"] - ia["upper"], ib["upper"] - ia["lower"]
    lower = -math.inf if not (ia["upper"] > 0 and math.isfinite(ib["lower"])) else ib["lower"] / ia["upper"]
    upper = math.inf if not (ia["lower"] > 0 and math.isfinite(ib["upper"])) else ib["upper"] / ia["lower"]
    return ia, ib, lower - 1, upper - 1


def quantile_effect(a, b, p, alpha, planned, scale):
    alpha_opt = alpha / 2
    ia, ib, lower, upper = quantile_effect_bounds(a, b, p, alpha, planned, alpha_opt, scale)

    def excludes(level):
        _, _, lo_, hi_ = quantile_effect_bounds(a, b, p, level, planned, alpha_opt, scale)
        return lo_ > 0 or hi_ < 0

    if not excludes(1 - 1e-12):
        pval = 1.0
    elif excludes(1e-300):
        pval = 1e-300
    else:
        lo, hi = math.log(1e-300), math.log(1 - 1e-12)
        for _ in range(300):
            mid = (lo + hi) / 2
            if mid <= lo or mid >= hi:
                break
            if excludes(math.exp(mid)):
                hi = mid
            else:
                lo = mid
        pval = math.exp(hi)
    est = ib["estimate"] - ia["estimate"] if scale == "absolute" else ib["estimate"] / ia["estimate"] - 1
    return {"estimate": est, "lower": lower, "upper": upper, "pValue": pval,
            "controlRanks": [ia["lowerRank"], ia["upperRank"]],
            "candidateRanks": [ib["lowerRank"], ib["upperRank"]]}


# ---------------------------------------------------------------- vectors


def finite(x):
    """JSON has no infinities: write them as strings the loader turns back into numbers."""
    if isinstance(x, float) and math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if isinstance(x, dict):
        return {k: finite(v) for k, v in x.items()}
    if isinstance(x, list):
        return [finite(v) for v in x]
    return x


def lognormal(rng, n, mu, sigma):
    return [round(math.exp(rng.gauss(mu, sigma)), 3) for _ in range(n)]


def build():
    rng = random.Random(20260501)
    out = {
        "specVersion": SPEC_VERSION,
        "generatedBy": "packages/core/scripts/sequential_reference.py",
        "tolerance": {"relative": 1e-9},
        "notes": [
            "Each section is { reference, rows }; a row is [name, inputs, expected].",
            "Infinite bounds are written as the strings 'Infinity' / '-Infinity'.",
            "Quantile ranks are 1-based order statistics (0 / count + 1 mean unbounded) and compare exactly.",
        ],
    }

    out["optimalMixingRatio"] = {
        "reference": "argmin_r (1 + 1/r)(2 ln(1/alpha) + ln(1 + r)) (Johari et al. 2022; Waudby-Smith et al. 2024), bisection",
        "rows": [[f"alpha={a} (width-factor minimiser, Waudby-Smith et al. 2024)", {"alpha": a}, {"ratio": optimal_mixing_ratio(a)}]
                 for a in (0.5, 0.1, 0.05, 0.01, 0.05 / 6, 0.001, 1e-6)],
    }

    rows = []
    for name, est, var, mix, alpha, null in [
        ("null inside", 0.02, 1e-4, 8e-4, 0.05, 0.0),
        ("clearly positive", 0.08, 1e-4, 8e-4, 0.05, 0.0),
        ("negative estimate", -0.3, 0.01, 0.05, 0.01, 0.0),
        ("tiny mixing", 1.5, 0.2, 1e-3, 0.05, 0.0),
        ("huge mixing", 1.5, 0.2, 1e3, 0.05, 0.0),
        ("null at threshold", 0.93, 2e-4, 3e-3, 0.025, 0.9),
        ("zero variance", 0.0, 0.0, 1.0, 0.05, 0.0),
    ]:
        rows.append([f"{name} (Robbins 1970 normal mixture)",
                     {"estimate": est, "variance": var, "mixingVariance": mix, "alpha": alpha, "nullValue": null},
                     mixture_interval(est, var, mix, alpha, null)])
    out["normalMixture"] = {"reference": "normal-mixture mSPRT, Robbins (1970); Johari et al. (2022) eq. for Lambda", "rows": rows}

    rows = []
    for name, ca, cb, alpha, planned, scale in [
        ("cost relative, equal arms", {"n": 2000, "mean": 0.042, "variance": 0.0004},
         {"n": 2000, "mean": 0.047, "variance": 0.0005}, 0.05, {"control": 5000, "candidate": 5000}, "relative"),
        ("rate absolute, 80/20", {"n": 8000, "mean": 0.1, "variance": 0.09},
         {"n": 2000, "mean": 0.115, "variance": 0.101775}, 0.05 / 6, {"control": 16000, "candidate": 4000}, "absolute"),
        ("judge decrease, past plan", {"n": 900, "mean": 4.1, "variance": 0.8},
         {"n": 880, "mean": 3.9, "variance": 0.95}, 0.01, {"control": 500, "candidate": 500}, "absolute"),
        ("latency mean relative", {"n": 150, "mean": 1800.0, "variance": 250000.0},
         {"n": 170, "mean": 1750.0, "variance": 200000.0}, 0.1, {"control": 1000, "candidate": 1000}, "relative"),
    ]:
        rows.append([f"{name} (normal mixture tuned at plan; delta method for relative)",
                     {"control": ca, "candidate": cb, "alpha": alpha, "plannedUnits": planned, "scale": scale},
                     mean_effect(ca, cb, alpha, planned, scale)])
    out["meanEffect"] = {"reference": "normal-mixture CS on the difference / ratio of means, tau^2 = r* V*", "rows": rows}

    rows = []
    for name, values in [
        ("small integers", [1.0, 2.0, 3.0, 4.0, 10.0]),
        ("large close values", [1e9 + x for x in (0.1, 0.2, 0.3, 0.4, 0.7)]),
        ("random costs", [round(rng.lognormvariate(-3, 0.8), 6) for _ in range(200)]),
    ]:
        rows.append([f"{name} (statistics.variance)", {"values": values}, welford_reference(values)])
    out["welford"] = {"reference": "Python statistics.fmean / statistics.variance (exact rational arithmetic)", "rows": rows}

    rows = []
    pairs_errors = []
    for _ in range(300):
        m = rng.randint(1, 8)
        base = rng.random() < 0.1
        pairs_errors.append([sum(1 for _ in range(m) if rng.random() < (0.5 if base else 0.03)), m])
    pairs_latency = []
    for _ in range(120):
        m = rng.randint(1, 5)
        effect_ = rng.gauss(0, 300)
        pairs_latency.append([round(sum(max(50.0, 1200 + effect_ + rng.gauss(0, 200)) for _ in range(m)), 3), m])
    for name, pairs in [("errors per call", pairs_errors), ("latency per call, session effect", pairs_latency),
                        ("hand example", [[1, 4], [0, 2], [2, 5]])]:
        rows.append([f"{name} (Deng, Knoblich & Lu 2018 delta method)", {"pairs": pairs}, ratio_reference(pairs)])
    out["ratioDelta"] = {"reference": "Deng, Knoblich & Lu (2018), KDD: Var(R) = (s_y^2 - 2R s_ym + R^2 s_m^2) / (n mbar^2)", "rows": rows}

    rows = []
    for x in (1e-3, 0.25, 0.5, 1.0, 1.5, 2.0, 3.7, 9.99, 10.0, 42.5, 1234.5, 2.5e5, 7.3e7):
        rows.append([f"lgamma({x}) (Python math.lgamma)", {"x": x}, {"value": math.lgamma(x)}])
    out["logGamma"] = {"reference": "Python math.lgamma", "rows": rows}

    rows = []
    for p, t, t_opt, alpha in [(0.5, 100, 1000, 0.05), (0.95, 1000, 1000, 0.05), (0.99, 500, 5000, 0.025),
                               (0.95, 20, 2000, 0.05), (0.05, 3000, 1000, 0.01), (0.5, 100000, 100000, 0.001)]:
        v, v_opt = p * (1 - p) * t, p * (1 - p) * t_opt
        r = tune_r(v_opt, alpha, p, 1 - p)
        rows.append([f"p={p} t={t} t*={t_opt} alpha={alpha} (Howard et al. 2021 Prop. 6)",
                     {"p": p, "t": t, "plannedCount": t_opt, "alpha": alpha},
                     {"r": r, "upperGap": boundary(v, alpha, p, 1 - p, r), "lowerGap": boundary(v, alpha, 1 - p, p, r)}])
    out["betaBinomialBoundary"] = {"reference": "two-sided beta-binomial mixture boundary, r = max(rho - gh, 1e-3 gh)", "rows": rows}

    rows = []
    for name, values, p, alpha, planned in [
        ("P95 lognormal n=400", lognormal(rng, 400, 7.0, 0.5), 0.95, 0.025, 2000),
        ("P50 lognormal n=1000", lognormal(rng, 1000, 6.5, 0.8), 0.5, 0.05, 1000),
        ("P99 n=150: upper unbounded", lognormal(rng, 150, 7.0, 0.5), 0.99, 0.025, 5000),
        ("P95 n=5 both unbounded", [120.0, 80.0, 300.0, 95.0, 101.0], 0.95, 0.05, 1000),
        ("P95 with ties", [float(rng.choice([100, 200, 300, 400, 500])) for _ in range(300)], 0.95, 0.05, 1000),
    ]:
        res = quantile_interval(values, p, alpha, planned)
        rows.append([f"{name} (Howard & Ramdas 2022 Thm 1)",
                     {"values": values, "p": p, "alpha": alpha, "plannedCount": planned},
                     {k: res[k] for k in ("estimate", "lower", "upper", "lowerRank", "upperRank")}])
    out["quantileSequence"] = {"reference": "Howard & Ramdas (2022) Theorem 1 with the beta-binomial mixture tuned at the planned count", "rows": rows}

    rows = []
    base_a = lognormal(rng, 600, 7.0, 0.4)
    base_b = lognormal(rng, 500, 7.0, 0.4)
    tail_b = [round(x * (2.2 if rng.random() < 0.15 else 0.95), 3) for x in lognormal(rng, 800, 7.0, 0.4)]
    for name, a, b, p, alpha, planned, scale in [
        ("A/A P95 relative", base_a, base_b, 0.95, 0.05, {"control": 2000, "candidate": 2000}, "relative"),
        ("fatter tail P95 relative", base_a, tail_b, 0.95, 0.05, {"control": 2000, "candidate": 2000}, "relative"),
        ("fatter tail P95 absolute, family alpha", base_a, tail_b, 0.95, 0.05 / 6, {"control": 1000, "candidate": 1000}, "absolute"),
        ("P50 absolute", base_a, base_b, 0.5, 0.05, {"control": 600, "candidate": 500}, "absolute"),
    ]:
        rows.append([f"{name} (Howard & Ramdas 2022; alpha split over arms; p by inversion)",
                     {"control": a, "candidate": b, "p": p, "alpha": alpha, "plannedUnits": planned, "scale": scale},
                     quantile_effect(a, b, p, alpha, planned, scale)])
    out["quantileEffect"] = {"reference": "difference / ratio of two quantile CSs at alpha/2 each; p-value = inf alpha excluding 0", "rows": rows}
    return finite(out)


def dump(vectors) -> str:
    """JSON with one row per line, so a diff of the vectors shows which rows changed."""
    lines = ["{"]
    items = list(vectors.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, dict) and "rows" in value:
            rows = ",\n".join("    " + json.dumps(row, ensure_ascii=False) for row in value["rows"])
            lines.append(f'  {json.dumps(key)}: {{')
            lines.append(f'   "reference": {json.dumps(value["reference"], ensure_ascii=False)},')
            lines.append('   "rows": [\n' + rows + "\n   ]")
            lines.append("  }" + comma)
        else:
            lines.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(dump(build()))
