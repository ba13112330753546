#!/usr/bin/env python3
"""Reference implementation of llm-canary's group-sequential boundaries (docs/statistics.md).

Written from the formulas in the literature, not from the TypeScript code, and computed differently: the
sub-density of the score B(t) among paths that have not crossed is carried from look to look on
composite Gauss-Legendre nodes (numpy) rather than on Jennison & Turnbull's Simpson grid, and the normal
tails come from scipy. The vectors it prints check `packages/core/src/group-sequential/` independently.

Usage (from packages/core):
    python3 scripts/group_sequential_reference.py > test/vectors/group-sequential.json

Methods and references:
- B(t) ~ N(drift * t, t) is Brownian motion in information time; Z_k = B(t_k) / sqrt(t_k) (Jennison &
  Turnbull 2000, "Group Sequential Methods with Applications to Clinical Trials", ch. 3 and 19;
  Armitage, McPherson & Rowe 1969, JRSS A 132).
- Pocock (1977), Biometrika 64: reject when |Z_k| >= C_P at any of K equally spaced looks.
- O'Brien & Fleming (1979), Biometrics 35: reject when |Z_k| >= C_B * sqrt(K / k).
  Both constants are those of two-sided tests at total type I error alpha, as tabulated by Jennison &
  Turnbull (2000), Tables 2.1 and 2.3 (3 decimals).
- Lan & DeMets (1983), Biometrika 70: alpha-spending boundaries; the O'Brien-Fleming-type function
  2 - 2 Phi(z_{1-alpha/2} / sqrt(t)) and the Pocock-type alpha ln(1 + (e - 1) t); Kim & DeMets (1987),
  Biometrika 74: alpha t^rho.
- Continuous monitoring of the O'Brien-Fleming-type function: by the reflection principle its boundary
  is the constant z_{1-a/2} on the B scale, Z(t) >= z_{1-a/2} / sqrt(t); its power with drift mu is the
  first-passage probability Phi(mu - c) + exp(2 mu c) Phi(-mu - c) (Siegmund 1985, ch. III).
"""

from __future__ import annotations

import json
import math
import sys

import numpy as np
from scipy import optimize, special, stats

SPEC_VERSION = 1

# Composite Gauss-Legendre: PANELS panels of NODES nodes over the continuation region, cut at +-WIDTH
# standard deviations of B(t) around its mean where the region is unbounded.
PANELS = 24
NODES = 16
WIDTH = 12.0
_GL_X, _GL_W = np.polynomial.legendre.leggauss(NODES)


def _nodes(lower: float, upper: float) -> tuple[np.ndarray, np.ndarray]:
    edges = np.linspace(lower, upper, PANELS + 1)
    half = (edges[1:] - edges[:-1]) / 2
    mid = (edges[1:] + edges[:-1]) / 2
    x = (mid[:, None] + half[:, None] * _GL_X[None, :]).ravel()
    w = (half[:, None] * _GL_W[None, :]).ravel()
    return x, w


def crossing_probabilities(looks, drift=0.0):
    """looks: [(t, upper_z, lower_z)]; returns [(P(exit above at k), P(exit below at k))]."""
    out = []
    prev_t = 0.0
    x = None
    h = None
    w = None
    for t, upper, lower in looks:
        gap = t - prev_t
        if gap <= 0:
            raise ValueError("information must increase")
        sd = math.sqrt(gap)
        b = upper * math.sqrt(t)
        a = lower * math.sqrt(t)
        if x is None:
            up = stats.norm.sf((b - drift * gap) / sd) if math.isfinite(b) else 0.0
            down = stats.norm.cdf((a - drift * gap) / sd) if math.isfinite(a) else 0.0
        else:
            mass = w * h
            up = float(np.sum(mass * special.ndtr((x + drift * gap - b) / sd))) if math.isfinite(b) else 0.0
            down = float(np.sum(mass * special.ndtr((a - x - drift * gap) / sd))) if math.isfinite(a) else 0.0
        out.append((float(up), float(down)))
        mean = drift * t
        lo = a if math.isfinite(a) else mean - WIDTH * math.sqrt(t)
        hi = b if math.isfinite(b) else mean + WIDTH * math.sqrt(t)
        lo = max(lo, mean - WIDTH * math.sqrt(t))
        hi = min(hi, mean + WIDTH * math.sqrt(t))
        new_x, new_w = _nodes(lo, hi)
        if x is None:
            new_h = stats.norm.pdf((new_x - drift * t) / sd) / sd
        else:
            u = (new_x[:, None] - x[None, :] - drift * gap) / sd
            kernel = np.exp(-0.5 * u * u) / (sd * math.sqrt(2 * math.pi))
            new_h = kernel @ (w * h)
        x, w, h = new_x, new_w, new_h
        prev_t = t
    return out


def classical_constant(shape: str, looks: int, alpha: float) -> float:
    def total(c):
        schedule = []
        for k in range(1, looks + 1):
            bound = c if shape == "pocock" else c * math.sqrt(looks / k)
            schedule.append((k / looks, bound, -bound))
        return sum(u + d for u, d in crossing_probabilities(schedule)) - alpha

    return optimize.brentq(total, 1.0, 6.0, xtol=1e-13, rtol=1e-15, maxiter=200)


def spent_alpha(kind: str, alpha: float, t: float, rho: float | None = None) -> float:
    t = min(1.0, t)
    if t <= 0:
        return 0.0
    if kind == "obrien-fleming":
        return min(alpha, float(2 * stats.norm.sf(stats.norm.isf(alpha / 2) / math.sqrt(t))))
    if kind == "pocock":
        return alpha * math.log(1 + (math.e - 1) * t)
    if kind == "power":
        return alpha * t**rho
    raise ValueError(kind)


def spending_boundaries(looks, alpha, kind, rho=None, sides=1):
    bounds = []
    side_alpha = alpha / 2 if sides == 2 else alpha
    spent = 0.0
    for i, t in enumerate(looks):
        target = spent_alpha(kind, side_alpha, t, rho) - spent

        def excess(c):
            schedule = [(looks[j], bounds[j], -bounds[j] if sides == 2 else -math.inf) for j in range(i)]
            schedule.append((t, c, -c if sides == 2 else -math.inf))
            return crossing_probabilities(schedule)[-1][0] - target

        c = optimize.brentq(excess, 0.0, 40.0, xtol=1e-13, rtol=1e-15, maxiter=300)
        bounds.append(c)
        schedule = [(looks[j], bounds[j], -bounds[j] if sides == 2 else -math.inf) for j in range(i + 1)]
        spent = sum(u for u, _ in crossing_probabilities(schedule))
    return bounds


def monitoring_power(drift: float, level: float) -> float:
    c = float(stats.norm.isf(level / 2))
    return float(stats.norm.cdf(drift - c) + math.exp(2 * drift * c) * stats.norm.cdf(-drift - c))


SEQBOUNDS = "SeqBounds.jl README (github.com/PharmCat/SeqBounds.jl), one-sided O'Brien-Fleming type, alpha 0.05"

# Jennison & Turnbull (2000), Table 2.1 (Pocock) and Table 2.3 (O'Brien & Fleming): two-sided tests,
# K equally spaced looks, type I error alpha, 3 decimals.
PUBLISHED = {
    ("pocock", 0.05): [2.178, 2.289, 2.361, 2.413, 2.453, 2.485, 2.512, 2.535, 2.555],
    ("pocock", 0.01): [2.772, 2.873, 2.939, 2.986, 3.023, 3.053, 3.078, 3.099, 3.117],
    ("obrien-fleming", 0.05): [1.977, 2.004, 2.024, 2.040, 2.053, 2.063, 2.072, 2.080, 2.087],
    ("obrien-fleming", 0.01): [2.580, 2.595, 2.609, 2.621, 2.631, 2.640, 2.648, 2.654, 2.660],
}


def main() -> None:
    constants = []
    for (shape, alpha), table in PUBLISHED.items():
        for looks, published in zip(range(2, 11), table):
            name = f"{shape} K={looks} alpha={alpha} (two-sided)"
            reference = classical_constant(shape, looks, alpha)
            table_name = "Table 2.1" if shape == "pocock" else "Table 2.3"
            constants.append([name, {"shape": shape, "looks": looks, "alpha": alpha},
                              {"published": published, "publishedIn": f"Jennison & Turnbull (2000), {table_name}",
                               "reference": reference}])

    spent = []
    # Published: the SeqBounds.jl README (one-sided O'Brien-Fleming-type spending at alpha 0.05).
    for kind, alpha, t, published in [("obrien-fleming", 0.05, 0.25, 8.85754e-5),
                                      ("obrien-fleming", 0.05, 0.5, 0.0055746),
                                      ("obrien-fleming", 0.05, 0.75, 0.0236251),
                                      ("obrien-fleming", 0.025, 0.1, None), ("obrien-fleming", 0.025, 0.6, None),
                                      ("pocock", 0.05, 0.2, None), ("pocock", 0.025, 0.5, None),
                                      ("pocock", 0.01, 0.9, None)]:
        expected = {"reference": spent_alpha(kind, alpha, t)}
        if published is not None:
            expected["published"] = published
            expected["publishedIn"] = SEQBOUNDS
        spent.append([f"{kind} alpha={alpha} t={t}", {"spending": {"kind": kind}, "alpha": alpha, "t": t}, expected])
    for rho, t in [(1.0, 0.3), (3.0, 0.5)]:
        spent.append([f"power rho={rho} alpha=0.05 t={t}",
                      {"spending": {"kind": "power", "rho": rho}, "alpha": 0.05, "t": t},
                      {"reference": spent_alpha("power", 0.05, t, rho)}])

    boundaries = []
    for name, looks, alpha, kind, rho, sides, published in [
        # SeqBounds.jl README: one-sided O'Brien-Fleming-type spending, alpha 0.05, looks at quarters.
        ("obrien-fleming one-sided alpha=0.05 at 0.25, 0.5, 0.75, 1", [0.25, 0.5, 0.75, 1.0], 0.05,
         "obrien-fleming", None, 1, [3.74955, 2.53993, 2.01604, 1.72014]),
        ("obrien-fleming one-sided alpha=0.025, 5 equal looks", [0.2, 0.4, 0.6, 0.8, 1.0], 0.025,
         "obrien-fleming", None, 1, None),
        ("pocock one-sided alpha=0.025, 5 equal looks", [0.2, 0.4, 0.6, 0.8, 1.0], 0.025, "pocock", None, 1, None),
        ("obrien-fleming two-sided alpha=0.05 at 0.13, 0.5, 0.77, 1", [0.13, 0.5, 0.77, 1.0], 0.05,
         "obrien-fleming", None, 2, None),
        ("power rho=2 one-sided alpha=0.01 at 0.3, 0.6, 1", [0.3, 0.6, 1.0], 0.01, "power", 2.0, 1, None),
    ]:
        spending = {"kind": kind} if rho is None else {"kind": kind, "rho": rho}
        expected = {"reference": spending_boundaries(looks, alpha, kind, rho, sides)}
        if published is not None:
            expected["published"] = published
            expected["publishedIn"] = SEQBOUNDS
        boundaries.append([name, {"looks": looks, "alpha": alpha, "spending": spending, "sides": sides}, expected])

    power = []
    for drift, level in [(2.5734, 0.05), (3.0, 0.025), (1.0, 0.01)]:
        power.append([f"drift={drift} level={level}", {"drift": drift, "level": level},
                      {"reference": monitoring_power(drift, level)}])

    doc = {
        "specVersion": SPEC_VERSION,
        "generatedBy": "packages/core/scripts/group_sequential_reference.py",
        "tolerance": {"published": 1e-3, "reference": 1e-6},
        "notes": [
            "Each section is { reference, rows }; a row is [name, inputs, expected].",
            "expected.reference: this script (composite Gauss-Legendre recursion, scipy), checked to 1e-6.",
            "expected.published: the value a publication prints (3 to 6 digits), checked to 1e-3; "
            "expected.publishedIn names it.",
        ],
        "classicalConstants": {
            "reference": "Pocock (1977) C_P and O'Brien & Fleming (1979) C_B for two-sided tests with K equally "
                         "spaced looks at total alpha: published in Jennison & Turnbull (2000), Tables 2.1 and 2.3",
            "rows": constants,
        },
        "spentAlpha": {
            "reference": "Lan & DeMets (1983) spending functions; Kim & DeMets (1987) power family; published "
                         "values from the SeqBounds.jl README (one-sided O'Brien-Fleming type, alpha 0.05)",
            "rows": spent,
        },
        "spendingBoundaries": {
            "reference": "Lan & DeMets (1983) boundaries: at each look the Z boundary spending exactly the "
                         "increment of the spending function (each side alpha/2 when two-sided, as Reboussin et "
                         "al. 2000); published values from the SeqBounds.jl README",
            "rows": boundaries,
        },
        "monitoringPower": {
            "reference": "first passage of Brownian motion with drift over z_{1-level/2} by t = 1 (Siegmund 1985)",
            "rows": power,
        },
    }
    json.dump(doc, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
