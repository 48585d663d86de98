"""ReceivedWrite moves here from the web app: the state moves, the table stays as it is."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [("web", "0001_initial")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReceivedWrite",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=64, unique=True)),
                        (
                            "received_at",
                            models.DateTimeField(default=django.utils.timezone.now),
                        ),
                    ],
                    options={"db_table": "web_receivedwrite"},
                ),
            ],
            database_operations=[],
        ),
    ]
