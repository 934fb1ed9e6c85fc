"""The 17 UN Sustainable Development Goals as the form words them, and the rating scale."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# (number, the form's label, the UN short title). The form abbreviates the official titles
# ("&" for "and", British spelling); we keep its wording because coordinators know it.
GOALS = [
    (1, _("Goal 1. End poverty in all its forms everywhere"), _("No poverty")),
    (
        2,
        _(
            "Goal 2. End hunger, achieve food security and improved nutrition & promote "
            "sustainable agriculture"
        ),
        _("Zero hunger"),
    ),
    (
        3,
        _("Goal 3. Ensure healthy lives & promote well-being for all at all ages"),
        _("Good health and well-being"),
    ),
    (
        4,
        _(
            "Goal 4. Ensure inclusive and equitable quality education and promote lifelong "
            "learning opportunities for all"
        ),
        _("Quality education"),
    ),
    (5, _("Goal 5. Achieve gender equality & empower all women and girls"), _("Gender equality")),
    (
        6,
        _("Goal 6. Ensure availability and sustainable management of water and sanitation for all"),
        _("Clean water and sanitation"),
    ),
    (
        7,
        _("Goal 7. Ensure access to affordable, reliable, sustainable and modern energy for all"),
        _("Affordable and clean energy"),
    ),
    (
        8,
        _(
            "Goal 8. Promote sustained, inclusive and sustainable economic growth, full and "
            "productive employment & decent work for all"
        ),
        _("Decent work and economic growth"),
    ),
    (
        9,
        _(
            "Goal 9. Build resilient infrastructure, promote inclusive and sustainable "
            "industrialisation & foster innovation"
        ),
        _("Industry, innovation and infrastructure"),
    ),
    (10, _("Goal 10. Reduce inequality within and among countries"), _("Reduced inequalities")),
    (
        11,
        _("Goal 11. Make cities & human settlements inclusive, safe, resilient and sustainable"),
        _("Sustainable cities and communities"),
    ),
    (
        12,
        _("Goal 12. Ensure sustainable consumption & production patterns"),
        _("Responsible consumption and production"),
    ),
    (
        13,
        _("Goal 13. Take urgent action to combat climate change and its impacts"),
        _("Climate action"),
    ),
    (
        14,
        _(
            "Goal 14. Conserve and sustainably use the oceans, seas & marine resources for "
            "sustainable development"
        ),
        _("Life below water"),
    ),
    (
        15,
        _(
            "Goal 15. Protect, restore and promote sustainable use of terrestrial ecosystems, "
            "sustainably manage forests, combat desertification, halt and reverse land "
            "degradation and halt biodiversity loss"
        ),
        _("Life on land"),
    ),
    (
        16,
        _(
            "Goal 16. Promote peaceful & inclusive societies for sustainable development, "
            "provide access to justice for all and build effective, accountable and inclusive "
            "institutions at all levels"
        ),
        _("Peace, justice and strong institutions"),
    ),
    (
        17,
        _(
            "Goal 17. Strengthen the means of implementation and revitalise the Global "
            "Partnership for Sustainable Development"
        ),
        _("Partnerships for the goals"),
    ),
]

GOAL_CHOICES = [(number, label) for number, label, _short in GOALS]
GOAL_SHORT_TITLES = {number: short for number, _label, short in GOALS}


class Agreement(models.TextChoices):
    """The form's six-point scale, in the form's order."""

    STRONGLY_AGREE = "strongly_agree", _("Strongly agree")
    AGREE = "agree", _("Agree")
    NEUTRAL = "neutral", _("Neutral")
    DISAGREE = "disagree", _("Disagree")
    STRONGLY_DISAGREE = "strongly_disagree", _("Strongly disagree")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
