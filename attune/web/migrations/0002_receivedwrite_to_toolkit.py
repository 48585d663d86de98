"""ReceivedWrite now lives in the toolkit app; its table is left where it is."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("web", "0001_initial"), ("toolkit", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReceivedWrite")],
            database_operations=[],
        ),
    ]
