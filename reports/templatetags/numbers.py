"""Quantities as the page's language writes them: "10,000" in English, "10 000" in Bulgarian.

Thousands are grouped only where a template asks, with `grouped`: USE_THOUSAND_SEPARATOR
stays off, for it would group every number a template shows, years, ids in addresses and
element ids included ("2,018", "remark-1,204"). The separator and the grouping are those of the
language's format module (s3partnership/formats); MINIMUM_GROUPING_DIGITS there, which
Django does not know, leaves shorter numbers whole (Bulgarian writes "1000" but "10 000").
"""

from django import template
from django.utils import formats
from django.utils.translation import get_language

register = template.Library()


@register.filter
def grouped(number: int) -> str:
    """A count or an amount, its thousands grouped as the page's language groups them."""
    if abs(number) < 10 ** (2 + _minimum_grouping_digits()):
        return str(number)
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def _minimum_grouping_digits() -> int:
    """How many digits the highest group needs before a number is grouped at all."""
    for module in formats.get_format_modules(get_language()):
        if hasattr(module, "MINIMUM_GROUPING_DIGITS"):
            return module.MINIMUM_GROUPING_DIGITS
    return 1
