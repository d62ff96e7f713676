"""`oogst worker`: an RQ worker for the background jobs, with Django set up.

On start it fails the jobs whose process on this machine is gone (a worker killed or
restarted during a run), so their runs say so instead of "running" for ever.
"""

import ctypes
import os
import signal

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from oogst.tasks.runner import broker_url, queue_name, recover_abandoned_jobs, rq_queue


def die_with_parent(parent: int) -> None:
    """Linux: this process gets SIGKILL when its parent dies. RQ's work horse runs in a
    process group of its own, so a `kill -9` of the worker would leave it running unwatched;
    now the job stops with its worker, and the job's record shows a dead owner."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the horse may outlive its worker
        return
    if os.getppid() != parent:  # the worker died before the line above
        os._exit(1)


PR_SET_PDEATHSIG = 1


def worker_class(simple: bool):
    from rq import SimpleWorker, Worker

    class DjangoWorker(Worker):
        def fork_work_horse(self, job, queue):
            # The forked horse must open its own database connections, not share ours.
            connections.close_all()
            self._parent_pid = os.getpid()
            return super().fork_work_horse(job, queue)

        def main_work_horse(self, job, queue):
            die_with_parent(self._parent_pid)
            return super().main_work_horse(job, queue)

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
        recovered = recover_abandoned_jobs()
        if recovered:
            self.stdout.write(
                f"{recovered} taak/taken van een gestopt proces als mislukt gemarkeerd"
            )
        self.stdout.write(f"Worker voor wachtrij '{queue_name()}' op {broker_url()}")
        worker = worker_class(options["simple"])([queue], connection=queue.connection)
        worker.work(burst=options["burst"], with_scheduler=False)
