"""Language stages: mention finding."""

from sitrep.nlp.mentions import MentionFinder, MentionRules

__all__ = ["MentionFinder", "MentionRules"]
