"""Turning what a coordinator types into a NUTS unit, and searching units to pick from.

The form asks for "Name of the region in English (Country abbreviation), NUTS code", e.g.
"Lapland (FI), FI1D7". People also write just a name ("Tuscany") or a code. A line is linked
to a unit only when that is unambiguous; otherwise it is kept as written, as an entity
outside NUTS, and the page says so.
"""

import re

from django.db.models import Q

from regions.models import Region

# A NUTS code at the end of the line, after a comma or a space: "Lapland (FI), FI1D7".
TRAILING_CODE = re.compile(r"(?:^|[\s,])([A-Z]{2}[0-9A-Z]{0,3})\s*$")
# "(FI)" after a name.
COUNTRY_SUFFIX = re.compile(r"\s*\([A-Z]{2}\)\s*$")
SEARCH_LIMIT = 20


def units():
    """NUTS units a partnership can name: Extra-Regio units are statistical leftovers."""
    return (
        Region.objects.nuts().exclude(name_en__startswith="Extra-Regio").select_related("country")
    )


def resolve(text):
    """The NUTS unit `text` names without doubt, or None."""
    text = text.strip().rstrip(",;.").strip()
    match = TRAILING_CODE.search(text)
    if match:
        unit = units().filter(nuts_code=match.group(1)).order_by("-nuts_version").first()
        if unit is not None:
            return unit
    name = COUNTRY_SUFFIX.sub("", text)
    if not name:
        return None
    candidates = list(units().filter(Q(name_en__iexact=name) | Q(name_national__iexact=name))[:2])
    return candidates[0] if len(candidates) == 1 else None


def search(query):
    """Units whose code starts with, or whose English or national name contains, `query`."""
    query = query.strip()
    if len(query) < 2:
        return []
    matches = units().filter(
        Q(nuts_code__istartswith=query)
        | Q(name_en__icontains=query)
        | Q(name_national__icontains=query)
    )
    return list(matches.order_by("nuts_level", "nuts_code")[:SEARCH_LIMIT])
