"""The report's "Claims and contradictions" section: claims side by side, disagreements first."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape

from sitrep.claims import Claim, ClaimModality
from sitrep.claims_cli import describe_computed
from sitrep.claims_group import ClaimGroup

_KIND_LABELS = {"distance": "Distance", "conduct": "How it fell or held", "capture": "Capture"}


def _doc_anchor(doc_id: str) -> str:
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", "-", doc_id)


def _who(claim: Claim, names: Mapping[str, str]) -> str:
    if claim.said_by_name is None:
        who = "stated by the report"
    else:
        actor = f' title="{escape(claim.said_by)}"' if claim.said_by else ""
        name = names.get(claim.said_by, claim.said_by_name) if claim.said_by else \
            claim.said_by_name
        who = f'<span class="claimed">according to <span class="actor"{actor}>' \
              f"{escape(name)}</span></span>"
    if claim.modality is ClaimModality.EXPECTED:
        who += ' <span class="muted">(forecast)</span>'
    return who


def _row(claim: Claim, names: Mapping[str, str]) -> str:
    ref = claim.source
    day = claim.day.isoformat() if claim.day else "–"
    return (
        f"<tr><td><b>{escape(claim.value)}</b></td><td>{_who(claim, names)}</td>"
        f'<td class="date">{day}</td><td><q>{escape(" ".join(ref.quote.split()))}</q> '
        f'<a class="doc" href="#{escape(_doc_anchor(ref.doc_id))}">{escape(ref.doc_id)}</a>'
        f"</td></tr>"
    )


def _computed(group: ClaimGroup) -> str:
    if group.computed is None:
        return ""
    return f'<p class="note">Computed: {escape(describe_computed(group.computed))}.</p>'


def _group(group: ClaimGroup, names: Mapping[str, str]) -> str:
    about = escape(group.subject_name)
    if group.place_name:
        about += f" → {escape(group.place_name)}"
    if group.day:
        about += f' <span class="muted">{group.day.isoformat()}</span>'
    if group.disagree:
        flag = f'<span class="claimed"><b>disagree</b>: {escape(group.why)}</span>'
    elif len(group.claims) > 1:
        flag = '<span class="muted">agree</span>'
    else:
        flag = '<span class="muted">one claim</span>'
    rows = "".join(_row(c, names) for c in group.claims)
    note = f'<p class="note">Control timeline: {escape(group.note)}</p>' if group.note else ""
    return (
        f'<div class="claim-group"><h4>{escape(_KIND_LABELS.get(group.kind.value, ""))}: '
        f"{about} · {flag}</h4>"
        '<div class="scroll"><table class="claims"><thead><tr><th>Claim</th><th>Who says it'
        "</th><th>Day</th><th>Quote</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>{_computed(group)}{note}</div>"
    )


def claims_section(groups: Sequence[ClaimGroup], names: Mapping[str, str]) -> str:
    """The section: every group of claims, the disagreeing ones first, each claim with its
    quote and who says it, and for distances the figure computed from the control timeline."""
    ordered = sorted(groups, key=lambda g: (
        not g.disagree, g.kind.value, g.subject_name, g.place_name or "",
        g.day.isoformat() if g.day else "", g.subject, tuple(c.source for c in g.claims),
    ))
    disputed = sum(g.disagree for g in ordered)
    body = "".join(_group(g, names) for g in ordered) or \
        '<p class="empty">No claims found.</p>'
    return (
        '<section id="claims"><div class="wrap"><h2><a href="#claims">Claims and '
        f"contradictions</a> <small>{len(ordered)}</small></h2>"
        f'<p class="note">Figures and characterisations as reports give them, side by side; '
        f"{disputed} group{'s' * (disputed != 1)} disagree.</p>{body}</div></section>"
    )
