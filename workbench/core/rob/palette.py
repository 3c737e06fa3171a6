"""robvis' colour schemes and symbols as data, for traffic-light and summary figures."""

from __future__ import annotations

# Classes shared by every tool's levels, as robvis groups them (R/helpers.R, clean_data):
# low; some (Some concerns / Moderate / Unclear); high (High / Serious); critical (Critical /
# Very high); ni (No information); na (Not applicable).
CLASSES = ("low", "some", "high", "critical", "ni", "na")

COLOURS: dict[str, dict[str, str]] = {
    "cochrane": {"low": "#02C100", "some": "#E2DF07", "high": "#BF0000",
                 "critical": "#820000", "ni": "#4EA1F7", "na": "#cccccc"},
    "colourblind": {"low": "#fed98e", "some": "#fe9929", "high": "#d95f0e",
                    "critical": "#993404", "ni": "#ffffff", "na": "#cccccc"},
}
SCHEME_ALIASES = {"colorblind": "colourblind"}

# Black glyph drawn on each circle; Not applicable shows a grey circle with no ring and no glyph.
SYMBOLS = {"low": "+", "some": "-", "high": "x", "critical": "!", "ni": "?", "na": " "}
RING_COLOUR = "#000000"
OVERALL_BACKGROUND = "#d3d3d3"
STRIP_COLOUR = "#a9a9a9"

_LABEL_CLASSES = {
    "low": "low", "low risk": "low",
    "some concerns": "some", "moderate": "some", "unclear": "some", "unclear risk": "some",
    "high": "high", "high risk": "high", "serious": "high",
    "critical": "critical", "very high": "critical",
    "no information": "ni",
    "not applicable": "na",
}


def judgement_class(label: str | None) -> str:
    """robvis class of a full judgement label; unknown or missing labels count as 'ni'.

    Unlike robvis we never read "NI" as Not applicable (robvis issue #149): it is 'ni'."""
    if label is None:
        return "ni"
    key = label.strip().casefold()
    if key in ("ni", "incomplete", ""):
        return "ni"
    if key == "na":
        return "na"
    return _LABEL_CLASSES.get(key, "ni")


def colour_for(label: str | None, scheme: str = "cochrane") -> str:
    """Hex fill colour of a judgement in 'cochrane' or 'colourblind' (alias 'colorblind')."""
    name = SCHEME_ALIASES.get(scheme, scheme)
    if name not in COLOURS:
        raise ValueError(f"unknown colour scheme {scheme!r} (cochrane, colourblind)")
    return COLOURS[name][judgement_class(label)]


def symbol_for(label: str | None) -> str:
    return SYMBOLS[judgement_class(label)]
