"""Places: the gazetteer of a theater and its scan of text for place names."""

from sitrep.geo.gazetteer import Gazetteer, GazetteerHit, fold_text, normalize_name

__all__ = ["Gazetteer", "GazetteerHit", "fold_text", "normalize_name"]
