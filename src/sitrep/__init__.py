"""sitrep: conflict news in; sourced, geolocated, dated events, control and a report out."""

__version__ = "0.1.0"
