"""The room, from the workshop file: how many sub-groups, how many people (rules every stage reads:
the plan, the agenda, the overview poster's size)."""

from __future__ import annotations

PARTICIPANTS_PER_GROUP = 6  # when the file gives sub-groups and no head count


def sub_groups(nombre_sous_groupes: int | None, nombre_participants: int | None) -> int:
    """Given, or one sub-group per 5 to 6 participants (3 when nothing is known)."""
    if nombre_sous_groupes:
        return nombre_sous_groupes
    if nombre_participants:
        return max(1, min(8, round(nombre_participants / 6)))
    return 3
