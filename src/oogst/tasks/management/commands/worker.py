"""`oogst worker`: an RQ worker for the background jobs, with Django set up."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from oogst.tasks.runner import broker_url, queue_name, rq_queue


def worker_class(simple: bool):
    from rq import SimpleWorker, Worker

    class DjangoWorker(Worker):
        def fork_work_horse(self, job, queue):
            # The forked horse must open its own database connections, not share ours.
            connections.close_all()
            return super().fork_work_horse(job, queue)

    return SimpleWorker if simple else DjangoWorker


class Command(BaseCommand):
    help = "Start een RQ-worker voor achtergrondtaken (analyses); vereist OOGST_BROKER_URL."

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Stop zodra de wachtrij leeg is.")
        parser.add_argument(
            "--simple", action="store_true", help="Voer taken uit in dit proces (zonder fork)."
        )

    def handle(self, *args, **options):
        if not broker_url():
            raise CommandError(
                "OOGST_BROKER_URL is niet ingesteld (bijvoorbeeld redis://127.0.0.1:6379/0); "
                "zonder wachtrij draaien taken in het webproces en is geen worker nodig."
            )
        queue = rq_queue()
        try:
            queue.connection.ping()
        except Exception as exc:
            raise CommandError(f"Redis op {broker_url()} is niet bereikbaar: {exc}") from exc
        self.stdout.write(f"Worker voor wachtrij '{queue_name()}' op {broker_url()}")
        worker = worker_class(options["simple"])([queue], connection=queue.connection)
        worker.work(burst=options["burst"], with_scheduler=False)
