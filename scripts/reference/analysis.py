#!/usr/bin/env python3
"""Reference values for nudgekit/analysis, computed independently with SciPy.

Writes test/analysis/reference.json. CI does not run Python: it only reads the JSON, so run
this again (python3 scripts/reference/analysis.py) and commit both when a case is added.

The statistics follow GrowthBook's frequentist two-sided t-test (gbstats): relative lift,
delta-method variance, Welch-Satterthwaite degrees of freedom, scipy.stats.t for the p-value
and interval. The p-value is 2 * t.sf(|t|) rather than gbstats' 2 * (1 - t.cdf(|t|)), which
equals it to within 1e-16 absolute but keeps the digits of tiny p-values. SRM is a Pearson
chi-square against the normalised weights (scipy.stats.chi2.sf); Holm is written out below.
"""
import json
import math
import pathlib
import random

import mpmath as mp
import scipy
from scipy.stats import chi2, t

OUT = pathlib.Path(__file__).resolve().parents[2] / "test" / "analysis" / "reference.json"


def holm(pvalues):
    m = len(pvalues)
    order = sorted(range(m), key=lambda i: pvalues[i])
    adjusted = [0.0] * m
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * pvalues[i]))
        adjusted[i] = running
    return adjusted


def arm_stats(metric, arm):
    n, s = arm["users"], arm["sum"]
    mean = s / n
    if metric == "proportion":
        var = mean * (1 - mean)
    else:
        var = (arm["sumSquares"] - s * s / n) / (n - 1)
    return n, mean, var


def analyze(case):
    metric, arms = case["metric"], case["arms"]
    alpha = case.get("alpha", 0.05)
    ids = [a["id"] for a in arms]
    control = case.get("control", "holdout" if "holdout" in ids else ids[0])

    total = sum(a["users"] for a in arms)
    weight_sum = sum(a["weight"] for a in arms)
    expected = [total * a["weight"] / weight_sum for a in arms]
    stat = sum((a["users"] - e) ** 2 / e for a, e in zip(arms, expected))
    srm = {"chiSquare": stat, "pValue": float(chi2.sf(stat, len(arms) - 1))}

    nc, mc, vc = arm_stats(metric, next(a for a in arms if a["id"] == control))
    results = {}
    for a in arms:
        if a["id"] == control:
            continue
        nt, mt, vt = arm_stats(metric, a)
        var = vt / (mc * mc * nt) + vc * mt * mt / (mc ** 4 * nc) if mc > 0 else 0.0
        if mc <= 0 or not var > 0:
            results[a["id"]] = None
            continue
        lift = (mt - mc) / mc
        se = math.sqrt(var)
        dof = (vt / nt + vc / nc) ** 2 / (vt ** 2 / (nt ** 2 * (nt - 1)) + vc ** 2 / (nc ** 2 * (nc - 1)))
        width = float(t.ppf(1 - alpha / 2, dof)) * se
        results[a["id"]] = {
            "lift": lift,
            "ci": [lift - width, lift + width],
            "df": dof,
            "pValue": min(1.0, float(2 * t.sf(abs(lift / se), dof))),
        }
    tested = [i for i in results if results[i] is not None]
    for i, p in zip(tested, holm([results[i]["pValue"] for i in tested])):
        results[i]["pValueAdjusted"] = p
    return {
        "control": control,
        "srm": srm,
        "arms": [{"id": i, "skipped": True} if r is None else {"id": i, **r} for i, r in results.items()],
    }


def prop(id, weight, users, conversions):
    return {"id": id, "weight": weight, "users": users, "sum": conversions}


def mean_arm(rng, id, weight, users, mu, sd):
    values = [rng.gauss(mu, sd) for _ in range(users)] if users < 5000 else None
    if values is None:  # large arms: sums of a normal sample, drawn through their distribution
        s = mu * users + rng.gauss(0, sd * math.sqrt(users))
        ss = (sd * sd) * (users - 1) * rng.uniform(0.98, 1.02) + s * s / users
        return {"id": id, "weight": weight, "users": users, "sum": s, "sumSquares": ss}
    return {"id": id, "weight": weight, "users": users, "sum": sum(values), "sumSquares": sum(v * v for v in values)}


def cases():
    rng = random.Random(20261207)
    out = [
        {"name": "proportion, two arms, 50/50", "metric": "proportion",
         "arms": [prop("control", 1, 10000, 1000), prop("treatment", 1, 10050, 1100)]},
        {"name": "proportion, holdout not first, unequal weights", "metric": "proportion",
         "arms": [prop("a", 0.25, 2480, 310), prop("holdout", 0.5, 5030, 560), prop("b", 0.25, 2511, 262)]},
        {"name": "proportion, five arms", "metric": "proportion",
         "arms": [prop(f"v{i}", 1, 4000 + 13 * i, 400 + 17 * i * i) for i in range(5)]},
        {"name": "proportion, alpha 0.1, explicit control", "metric": "proportion", "alpha": 0.1, "control": "b",
         "arms": [prop("a", 3, 3000, 150), prop("b", 1, 1010, 40)]},
        {"name": "proportion, tiny arms n=2 and n=3", "metric": "proportion",
         "arms": [prop("control", 1, 3, 1), prop("treatment", 1, 2, 1)]},
        {"name": "proportion, tiny arms n=3 and n=2", "metric": "proportion",
         "arms": [prop("control", 1, 2, 1), prop("t1", 1, 3, 2), prop("t2", 1, 3, 1)]},
        {"name": "proportion, huge arms 1e6", "metric": "proportion",
         "arms": [prop("control", 1, 1000000, 31000), prop("treatment", 1, 1000400, 31750)]},
        {"name": "proportion, huge arms 1e6, no effect", "metric": "proportion",
         "arms": [prop("control", 1, 1000000, 52000), prop("t1", 1, 999000, 51990), prop("t2", 1, 1001000, 52110)]},
        {"name": "proportion, planted SRM", "metric": "proportion",
         "arms": [prop("control", 1, 10000, 500), prop("treatment", 1, 10600, 540)]},
        {"name": "proportion, treatment with zero conversions", "metric": "proportion",
         "arms": [prop("control", 1, 500, 12), prop("empty", 1, 480, 0), prop("other", 1, 510, 15)]},
        {"name": "proportion, control with zero conversions", "metric": "proportion",
         "arms": [prop("control", 1, 500, 0), prop("treatment", 1, 480, 3)]},
        {"name": "proportion, every treatment user converted", "metric": "proportion",
         "arms": [prop("control", 1, 40, 30), prop("treatment", 1, 38, 38)]},
        {"name": "mean, tiny arms n=2 and n=3", "metric": "mean",
         "arms": [{"id": "control", "weight": 1, "users": 2, "sum": 7.5, "sumSquares": 31.25},
                  {"id": "treatment", "weight": 1, "users": 3, "sum": 15, "sumSquares": 89}]},
        {"name": "mean, negative treatment mean", "metric": "mean",
         "arms": [{"id": "control", "weight": 1, "users": 200, "sum": 540.5, "sumSquares": 3400.25},
                  {"id": "refunds", "weight": 1, "users": 190, "sum": -20.75, "sumSquares": 2900.5}]},
    ]
    out.append({"name": "mean, two arms", "metric": "mean",
                "arms": [mean_arm(rng, "control", 1, 1000, 20, 8), mean_arm(rng, "treatment", 1, 1020, 21, 8)]})
    out.append({"name": "mean, four arms, unequal weights", "metric": "mean",
                "arms": [mean_arm(rng, "holdout", 0.4, 800, 10, 3)] +
                        [mean_arm(rng, f"t{i}", 0.2, 400 + i, 10 + 0.2 * i, 3) for i in range(3)]})
    out.append({"name": "mean, huge arms 1e6", "metric": "mean",
                "arms": [mean_arm(rng, "control", 1, 1000000, 35.0, 20.0), mean_arm(rng, "treatment", 1, 1000000, 35.1, 20.0)]})
    out.append({"name": "mean, planted SRM, three arms", "metric": "mean",
                "arms": [mean_arm(rng, "control", 1, 3000, 5, 2), mean_arm(rng, "a", 1, 3000, 5.1, 2),
                         mean_arm(rng, "b", 1, 2700, 5, 2)]})
    for k in range(20):  # random cases: 2 to 5 arms, unequal weights, sizes from 2 to 1e6
        arms_n = rng.randint(2, 5)
        metric = "proportion" if k % 2 == 0 else "mean"
        weights = [rng.choice([1, 2, 3, 0.5]) for _ in range(arms_n)]
        scale = rng.choice([2, 5, 30, 1000, 50000, 1000000])
        arms = []
        base_rate, base_mu, sd = rng.uniform(0.02, 0.6), rng.uniform(1, 50), rng.uniform(0.5, 20)
        for i, w in enumerate(weights):
            users = max(2, int(scale * w / sum(weights) * rng.uniform(0.9, 1.1)))
            if metric == "proportion":
                rate = base_rate * rng.uniform(0.95, 1.05)
                arms.append(prop(f"arm{i}", w, users, min(users, max(1, round(users * rate)))))
            else:
                arms.append(mean_arm(rng, f"arm{i}", w, users, base_mu * rng.uniform(0.97, 1.03), sd))
        out.append({"name": f"random {k}: {metric}, {arms_n} arms, ~{scale} users", "metric": metric, "arms": arms})
    return out


mp.mp.dps = 50


def mp_t_tail(x, df):
    """P(T > |x|). mpmath's betainc(df/2, 1/2, 0, X) fails to converge for X near 1 at df = 2e6,
    so there the central part comes from a positive hypergeometric series, or the density is
    integrated when that series would be long."""
    x, df = abs(mp.mpf(x)), mp.mpf(df)
    X = df / (df + x * x)
    try:
        return mp.betainc(df / 2, mp.mpf(1) / 2, 0, X, regularized=True) / 2
    except mp.libmp.NoConvergence:
        pass
    if x * x <= 400:
        # I_y(1/2, df/2) = y^(1/2) (1-y)^(df/2) / (B/2) · 2F1(df/2 + 1/2, 1; 3/2; y), positive terms
        a, b, y = mp.mpf(1) / 2, df / 2, x * x / (df + x * x)
        central = y ** a * (1 - y) ** b / (a * mp.beta(a, b)) * mp.hyp2f1(a + b, 1, a + 1, y, maxterms=10**7)
        return (1 - central) / 2
    c = mp.exp(mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2)) / mp.sqrt(df * mp.pi)
    pdf = lambda u: c * mp.exp(-(df + 1) / 2 * mp.log1p(u * u / df))
    return mp.quad(pdf, [x + k / x for k in (0, 0.1, 1, 3, 10, 30, 100)] + [mp.inf], maxdegree=10)


def mp_t_cdf(x, df):
    return mp_t_tail(x, df) if x < 0 else 1 - mp_t_tail(x, df)


def mp_t_sf(x, df):
    return mp_t_tail(x, df) if x > 0 else 1 - mp_t_tail(x, df)


def mp_t_ppf(p, df, guess):
    """Solved in s = ln|t| from SciPy's answer, on the log of the smaller probability."""
    p, df = mp.mpf(p), mp.mpf(df)
    q = min(p, 1 - p)
    small = lambda s: mp_t_tail(mp.exp(s), df)
    f = (lambda s: mp.log(small(s)) - mp.log(q)) if q < 0.25 else (lambda s: mp.log(mp.mpf(1) / 2 - small(s)) - mp.log(mp.mpf(1) / 2 - q))
    s = mp.findroot(f, mp.log(abs(guess)), tol=mp.mpf(10) ** -40)
    return float(mp.exp(s) * (1 if p > 0.5 else -1))


def distributions():
    """Expected values from mpmath at 50 digits; SciPy's alongside, and its largest
    disagreement printed (SciPy's t.ppf is off by up to 4e-10 within 1e-6 of p = 0.5)."""
    dfs = [0.05, 0.1, 0.3, 0.5, 0.9, 1, 1.5, 2, 2.5, 3, 4.7, 7, 10, 29.5, 100, 1234.5, 1e5, 2e6]
    ts = [-1e6, -300, -40, -7.5, -3, -2.01, -1, -0.3, -1e-4, 0, 1e-8, 0.05, 0.7, 1.96, 2.5, 4, 9, 55, 800, 1e5, 1e12]
    ps = [1e-300, 1e-100, 1e-20, 1e-9, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.49, 0.499999,
          0.5000001, 0.6, 0.75, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.9999999]
    cdf = [{"t": x, "df": d, "cdf": float(mp_t_cdf(x, d)), "sf": float(mp_t_sf(x, d)),
            "scipyCdf": float(t.cdf(x, d)), "scipySf": float(t.sf(x, d))} for d in dfs for x in ts]
    ppf = []
    for d in dfs:
        for p in ps:
            q = float(t.ppf(p, d))
            if math.isfinite(q) and abs(q) < 1e100:  # beyond, SciPy saturates (same t for p = 1e-300 and 1e-9)
                ppf.append({"p": p, "df": d, "t": mp_t_ppf(p, d, q), "scipy": q})
    ks = [1, 2, 3, 4, 5, 7, 10, 33, 100]
    xs = [1e-6, 0.01, 0.3, 1, 2.5, 3.84, 6.1, 9.2, 15, 30, 80, 150, 400, 1200]
    chi = [{"x": x, "k": k, "sf": float(mp.gammainc(mp.mpf(k) / 2, mp.mpf(x) / 2, mp.inf, regularized=True)),
            "cdf": float(mp.gammainc(mp.mpf(k) / 2, 0, mp.mpf(x) / 2, regularized=True)),
            "scipySf": float(chi2.sf(x, k)), "scipyCdf": float(chi2.cdf(x, k))} for k in ks for x in xs]
    rel = lambda a, b: abs(a - b) / max(abs(b), 1e-300)
    worst = max([rel(r["scipyCdf"], r["cdf"]) for r in cdf] + [rel(r["scipySf"], r["sf"]) for r in cdf])
    print(f"SciPy vs mpmath: t cdf/sf {worst:.2e}, t ppf {max(rel(r['scipy'], r['t']) for r in ppf):.2e}, "
          f"chi2 {max([rel(r['scipySf'], r['sf']) for r in chi] + [rel(r['scipyCdf'], r['cdf']) for r in chi]):.2e}")
    return {"tCdf": cdf, "tQuantile": ppf, "chiSquare": chi}


def main():
    all_cases = cases()
    data = {
        "generatedBy": f"scripts/reference/analysis.py with SciPy {scipy.__version__}",
        "cases": [{"name": c["name"], "input": {k: v for k, v in c.items() if k != "name"}, "expected": analyze(c)}
                  for c in all_cases],
        "holm": [{"pValues": p, "adjusted": holm(p)} for p in
                 [[0.01, 0.04, 0.03], [0.2, 0.01, 0.01, 0.6], [0.5], [0.001, 0.002, 0.003, 0.004, 0.9]]],
        **distributions(),
    }
    OUT.write_text(json.dumps(data, indent=1) + "\n")
    print(f"wrote {OUT} ({len(data['cases'])} cases)")


if __name__ == "__main__":
    main()
