# The API lists contributions newest first (created_at DESC, id DESC) and pages through them
# by cursor: an index in that order makes each page a short index walk.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("harvest", "0004_english_review_status"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="contribution",
            index=models.Index(fields=["-created_at", "-id"], name="contribution_newest_first"),
        ),
    ]
