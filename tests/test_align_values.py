"""When two figures can both be true: qualifiers and the rounding a figure's written precision allows."""
from __future__ import annotations

from claimgrid.align import values_consistent
from claimgrid.model import Quantity


def _q(value: float, qualifier: str = "exact") -> Quantity:
    low, high = {"exact": (value, value), "about": (value, value), "at_least": (value, None)}[qualifier]
    return Quantity(span=(0, 1), text=str(value), value=value, low=low, high=high, qualifier=qualifier,
                    unit="EUR", measure="money", change=None)


def test_round_figures_admit_rounding_and_precise_ones_do_not():
    assert values_consistent(_q(480e9), _q(481e9))          # "480 billion" is written to two digits
    assert values_consistent(_q(100_000), _q(98_000))        # "100,000" is a round figure
    assert not values_consistent(_q(51.3e9), _q(50.3e9))     # "51.3 billion" is precise to 0.1 billion
    assert not values_consistent(_q(1_130_000), _q(1_140_000))   # three significant digits each
    assert values_consistent(_q(1_130_000), _q(1_100_000))       # "1.1 million" may round 1.13 million


def test_qualifiers_widen_or_bound_the_interval():
    assert values_consistent(_q(20_000, "about"), _q(21_500))
    assert values_consistent(_q(14, "at_least"), _q(17))
    assert not values_consistent(_q(17, "at_least"), _q(14))


def test_a_round_figure_admits_only_what_rounds_to_it():
    assert not values_consistent(_q(80_000), _q(87_000))     # 87,000 rounds to 90,000, not 80,000
    assert values_consistent(_q(80_000), _q(83_000))         # 83,000 rounds to 80,000
    assert not values_consistent(_q(87_000), _q(85_000))     # both are written to their thousands
    assert values_consistent(_q(87_000), _q(87_400))
    assert values_consistent(_q(100_000), _q(104_000))       # within 5 % of a one-digit figure
    assert not values_consistent(_q(100_000), _q(130_000))   # 5 % at most, however few its digits


def test_bare_degrees_and_celsius_are_one_unit():
    from claimgrid.align import _same_unit

    def temperature(unit: str) -> Quantity:
        return Quantity(span=(0, 1), text="44.6", value=44.6, low=44.6, high=44.6, qualifier="exact",
                        unit=unit, measure="other", change=None)
    assert _same_unit(temperature("celsius"), temperature("degree"))
    assert not _same_unit(temperature("fahrenheit"), temperature("degree"))
