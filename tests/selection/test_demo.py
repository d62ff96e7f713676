"""The demo programme has an open sign-up with a synthetic pool, and loading twice adds none."""

from io import StringIO

from django.core.management import call_command

from oogst.selection.models import Applicant, QuotaTarget


def test_the_demo_has_a_synthetic_pool_and_loading_twice_adds_nothing(db):
    call_command("demo", "--force", stdout=StringIO())
    pool = Applicant.objects.filter(programme__slug="demo")
    assert pool.count() == 150 and all(a.synthetic for a in pool)
    assert QuotaTarget.objects.filter(programme__slug="demo", feature="province").count() == 12
    call_command("demo", "--force", stdout=StringIO())
    assert Applicant.objects.filter(programme__slug="demo").count() == 150
