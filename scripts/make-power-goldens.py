# Goldens for runtime/optimizers/power.ts (Adam's bias correction β^t): for the lessons' betas and
# whole t, the correctly rounded power (CPython's float of the exact Fraction) and C's pow
# (Python's float ** int), which numpy's lesson figures were made with. They agree in all but a few
# cases, listed in the file.
#   /usr/bin/python3 scripts/make-power-goldens.py > test/golden/numpy/powers.json
import json
from fractions import Fraction

cases = []
for base in [0.9, 0.999, 0.99]:
    for t in list(range(1, 501)) + list(range(501, 30000, 47)):
        c_pow = base ** t
        if c_pow < 1e-300:
            continue  # near the subnormals double-double keeps no extra precision; Adam never gets there
        cases.append({"base": base, "t": t, "exact": float(Fraction(base) ** t), "c_pow": c_pow})
print(json.dumps({"script": "scripts/make-power-goldens.py", "cases": cases}))
