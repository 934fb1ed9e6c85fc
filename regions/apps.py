from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Countries and regions")

    def ready(self):
        from regions.lookup import forget_index
        from regions.models import Country, Region

        # The region index (regions/lookup.py) is kept per process: a changed name must not
        # go on matching the old one.
        for model in (Region, Country):
            for signal in (post_save, post_delete):
                signal.connect(forget_index, sender=model, dispatch_uid=f"forget-index-{model}")
