import os
import time
from pathlib import Path

from django.apps import AppConfig
from django.db import connection
from django.db.models.signals import post_save

# A headline containing this makes its save wait.
SLOW_MARKER = "[slow save]"
WAIT_SECONDS = 60


def wait_inside_the_transaction(sender, instance, **kwargs) -> None:
    if SLOW_MARKER not in instance.headline:
        return
    assert connection.in_atomic_block, "the save is meant to be inside its transaction"
    Path(os.environ["NEWSROOM_SLOW_SAVE_FILE"]).write_text(str(os.getpid()))
    time.sleep(WAIT_SECONDS)


class SlowSaveConfig(AppConfig):
    name = "tests.slow_save"
    label = "slow_save"

    def ready(self) -> None:
        from articles.models import Article

        post_save.connect(wait_inside_the_transaction, sender=Article, dispatch_uid="slow_save")
