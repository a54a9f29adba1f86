"""Generates the refrigerant saturation tables the app interpolates, and independent reference
points the property test checks them against. Run with the pinned CoolProp:

    python3 -m venv .venv && .venv/bin/pip install -r tools/refrigerants/requirements.txt
    .venv/bin/python tools/refrigerants/generate.py

Outputs (both committed; CI never runs Python):
  electron/node/refrigeration/properties/saturation-tables.json
  electron/node/refrigeration/properties/coolprop-reference.json

Tables: per refrigerant, absolute pressures on a grid even in ln(P), with the dew (saturated
vapour) and bubble (saturated liquid) temperatures. Between grid points ln(P) against 1/T is
nearly straight (Clausius-Clapeyron), which is how the app interpolates.
Reference points: seeded random pressures and temperatures, not on the grid.
"""
import json
import math
import os
import random
import re

import CoolProp
import CoolProp.CoolProp as CP

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'electron', 'node', 'refrigeration', 'properties')
GRID_POINTS = 90
SEED = 20261202

# Blends CoolProp has no single fluid for are built from their components (mass fractions from
# ASHRAE Standard 34 / the manufacturers' data sheets) and converted to mole fractions.
BLENDS = {
    'R-448A': {'R32': 0.26, 'R125': 0.26, 'R1234yf': 0.20, 'R134a': 0.21, 'R1234ze(E)': 0.07},
    'R-449A': {'R32': 0.243, 'R125': 0.247, 'R1234yf': 0.253, 'R134a': 0.257},
}

# name in the app -> (CoolProp fluid, kind)
FLUIDS = {
    'R-22': ('R22', 'pure'),
    'R-134a': ('R134a', 'pure'),
    'R-404A': ('R404A', 'blend'),
    'R-407C': ('R407C', 'blend'),
    'R-410A': ('R410A', 'blend'),
    'R-507A': ('R507A', 'blend'),
    'R-32': ('R32', 'pure'),
    'R-290': ('R290', 'pure'),
    'R-600a': ('R600a', 'pure'),
    'R-448A': (None, 'blend'),
    'R-449A': (None, 'blend'),
    'R-1234yf': ('R1234yf', 'pure'),
    'R-744': ('R744', 'pure'),
}

estimated_pairs = {}
CAS_NAMES = {CP.get_fluid_param_string(c, 'CAS'): c for comp in BLENDS.values() for c in comp}


def mixture_name(name):
    comp = BLENDS[name]
    moles = {k: w / CP.PropsSI('M', k) for k, w in comp.items()}
    total = sum(moles.values())
    return 'HEOS::' + '&'.join(f'{k}[{v / total:.10f}]' for k, v in moles.items())


def sat_t(fluid, p, q, name):
    """Saturation temperature; a missing binary pair gets CoolProp's Lorentz-Berthelot estimate (said in the output)."""
    for _ in range(12):
        try:
            return CP.PropsSI('T', 'P', p, 'Q', q, fluid)
        except ValueError as error:
            m = re.search(r'Could not match the binary pair \[([^,\]]+),([^\]]+)\]', str(error))
            if not m:
                raise
            a, b = m.group(1), m.group(2)
            CP.apply_simple_mixing_rule(a, b, 'Lorentz-Berthelot')
            estimated_pairs.setdefault(name, []).append(f'{CAS_NAMES.get(a, a)} / {CAS_NAMES.get(b, b)}')
    raise RuntimeError(f'{name}: too many missing binary pairs')


def sat_p(fluid, t, q):
    return CP.PropsSI('P', 'T', t, 'Q', q, fluid)


def sig(x, digits=9):
    return float(f'{x:.{digits}g}')


def main():
    tables = {}
    reference = {}
    rng = random.Random(SEED)
    for name, (cp_name, kind) in FLUIDS.items():
        fluid = cp_name if cp_name else mixture_name(name)
        # Warm up once so a missing binary pair is estimated before anything is recorded.
        sat_t(fluid, 5e5, 1, name)
        if cp_name:
            t_low = max(CP.PropsSI('Ttriple', cp_name) + 0.5, 273.15 - 60)
            t_crit = CP.PropsSI('Tcrit', cp_name)
            p_crit = CP.PropsSI('pcrit', cp_name)
            t_high = min(t_crit - 1.0, 273.15 + 80)
            critical = {'T_K': sig(t_crit), 'P_Pa': sig(p_crit)}
        else:
            t_low, t_high, critical = 273.15 - 60, 273.15 + 70, None
        p_low = sat_p(fluid, t_low, 1)
        p_high = sat_p(fluid, t_high, 0) if kind == 'blend' else sat_p(fluid, t_high, 1)
        ln_lo, ln_hi = math.log(p_low), math.log(p_high)
        grid = [math.exp(ln_lo + (ln_hi - ln_lo) * i / (GRID_POINTS - 1)) for i in range(GRID_POINTS)]
        dew = [sat_t(fluid, p, 1, name) for p in grid]
        bubble = [sat_t(fluid, p, 0, name) for p in grid]
        tables[name] = {
            'coolprop': fluid,
            'kind': kind,
            'critical': critical,
            'pressurePa': [sig(p) for p in grid],
            'dewK': [sig(t) for t in dew],
            'bubbleK': [sig(t) for t in bubble],
        }
        points = []
        for _ in range(24):
            # Inside the grid, away from its very ends so rounding of the ends is not what is tested.
            p = math.exp(ln_lo + (ln_hi - ln_lo) * rng.uniform(0.001, 0.999))
            points.append({'pressurePa': sig(p, 12), 'dewK': sig(sat_t(fluid, p, 1, name), 12), 'bubbleK': sig(sat_t(fluid, p, 0, name), 12)})
        temps = []
        t_dew_lo, t_dew_hi = dew[0], dew[-1]
        for _ in range(12):
            t = rng.uniform(t_dew_lo + 0.05, t_dew_hi - 0.05)
            temps.append({'dewK': sig(t, 12), 'dewPressurePa': sig(sat_p(fluid, t, 1), 12)})
        reference[name] = {'coolprop': fluid, 'pressures': points, 'dewTemperatures': temps}

    meta = {
        'generator': 'tools/refrigerants/generate.py',
        'coolpropVersion': CoolProp.__version__,
        'coolpropGitRevision': CP.get_global_param_string('gitrevision'),
        'seed': SEED,
        'estimatedBinaryPairs': estimated_pairs,
        'note': 'Absolute pressures in Pa, temperatures in K. Blends without a CoolProp fluid are HEOS mixtures of their components; binary pairs CoolProp has no fitted parameters for use its Lorentz-Berthelot estimate (listed in estimatedBinaryPairs).',
    }
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, 'saturation-tables.json'), 'w') as fh:
        json.dump({'meta': meta, 'fluids': tables}, fh, separators=(',', ':'))
        fh.write('\n')
    with open(os.path.join(OUT_DIR, 'coolprop-reference.json'), 'w') as fh:
        json.dump({'meta': meta, 'fluids': reference}, fh, indent=1)
        fh.write('\n')
    with open(os.path.join(OUT_DIR, 'r744-optimum.json'), 'w') as fh:
        json.dump(r744_optimum(), fh, indent=1)
        fh.write('\n')
    print('estimated pairs:', estimated_pairs)


def r744_optimum():
    """R-744 above the critical point: the high-side pressure with the best COP for each gas-cooler
    outlet temperature, for a simple cycle (evaporating -10 C, 5 K superheat, isentropic efficiency
    0.7, no internal heat exchanger). A guide for judging the high-pressure valve, not a setpoint."""
    f = 'R744'
    t_ev, sh, eta = 273.15 - 10, 5.0, 0.7
    pe = CP.PropsSI('P', 'T', t_ev, 'Q', 1, f)
    h1 = CP.PropsSI('H', 'P', pe, 'T', t_ev + sh, f)
    s1 = CP.PropsSI('S', 'P', pe, 'T', t_ev + sh, f)
    points = []
    for t_c in range(31, 51):
        best = None
        for i in range(0, 1101):
            p = 74e5 + i * 0.1e5
            h2 = h1 + (CP.PropsSI('H', 'P', p, 'S', s1, f) - h1) / eta
            h3 = CP.PropsSI('H', 'P', p, 'T', t_c + 273.15, f)
            cop = (h1 - h3) / (h2 - h1)
            if best is None or cop > best[0]:
                best = (cop, p)
        points.append({'gasCoolerOutletC': t_c, 'pressurePa': round(best[1]), 'cop': round(best[0], 4)})
    return {
        'generator': 'tools/refrigerants/generate.py',
        'coolpropVersion': CoolProp.__version__,
        'assumptions': 'simple cycle, evaporating -10 C, superheat 5 K, isentropic efficiency 0.7, no internal heat exchanger; pressures absolute',
        'points': points,
    }


if __name__ == '__main__':
    main()
