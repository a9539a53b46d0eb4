"""The store at scale: index N generated meetings (15 items each) into SQLite and
PostgreSQL, side by side with reading them alone (the floor), then search and re-index.

    python benchmarks/bench_store.py                 # 10,000 meetings, SQLite
    python benchmarks/bench_store.py -n 2000 --postgres postgresql://postgres@127.0.0.1:5432/postgres

Prints the CPU a meeting of each stage done where the sources are read (reading, the
checksum, the store's edition, the rows and Danish terms, sending them to the writer),
measured in this process over 200 of them; then, per database: reading alone on J
processes, indexing on J processes and the ratio (goal <= 1.5), in wall-clock time and
in CPU time (the readers', the writer's and the PostgreSQL server backend's: on a shared
machine the steadier figure), and that CPU a meeting by process; the writer's
peak memory after 1/4 and after all meetings (goal: flat); search p50/p95 over 200
queries (goal p95 < 50 ms), wall clock and CPU (this process's; the PostgreSQL server
backend's as a mean, as the system counts it in 10 ms ticks); re-indexing unchanged
against the first run (goal < 5%).

The meetings are invented: a vocabulary of made-up words drawn with a Zipf-like
distribution, fora of a municipality, cases that go committee -> Økonomiudvalget ->
Byrådet with the earlier decisions stated, as real minutes do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import pickle
import random
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import referatkit
from referatkit import (
    Decision,
    DocumentKind,
    Forum,
    Item,
    Meeting,
    Paragraph,
    Recommendation,
    SectionKind,
    TextSection,
    localize,
)
from referatkit.store import Store
from referatkit.store._records import StoreEdition

_SYLLABLES = "ka lo mi bu re sa to vi ne dal berg skov hus vej plan gård lund bro holm sted rød".split()
_FORA = [
    "Teknik- og Miljøudvalget",
    "Børne- og Skoleudvalget",
    "Social- og Sundhedsudvalget",
    "Kultur- og Fritidsudvalget",
    "Beskæftigelsesudvalget",
    "Klimaudvalget",
]


def _vocabulary(size: int = 6000) -> list[str]:
    rng = random.Random(27)
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


_WORDS = _vocabulary()
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(_WORDS))))


def _sentence(rng: random.Random, count: int) -> str:
    words = rng.choices(_WORDS, cum_weights=_CUMULATIVE, k=count)
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))


def generated_meeting(n: int) -> Meeting:
    """Meeting ``n`` of the generated collection: deterministic, 15 items."""
    rng = random.Random(n)
    cycle, step = divmod(n, 8)
    day = dt.date(2015, 1, 5) + dt.timedelta(days=cycle * 7)
    forum = _FORA[cycle % len(_FORA)] if step < 6 else ("Økonomiudvalget" if step == 6 else "Byrådet")
    start = localize(dt.datetime.combine(day + dt.timedelta(days=step % 3), dt.time(8 + step)))
    items = []
    for number in range(1, 16):
        case = f"{cycle % 997:02}.{number:02}.00-A00-{cycle}-{day.year % 100:02}" if number <= 5 else None
        stated: list[Decision] = []
        if case and step >= 6:
            stated.append(Decision([Paragraph(_sentence(rng, 6))], forum=_FORA[cycle % len(_FORA)], date=day))
        items.append(
            Item(
                number=str(number),
                title=_sentence(rng, 5)[:-1],
                journal_number=case,
                sections=[
                    TextSection(SectionKind.SUMMARY, [Paragraph(_text(rng, 2))]),
                    TextSection(
                        SectionKind.PRESENTATION, [Paragraph(_text(rng, 3)), Paragraph(_text(rng, 3))]
                    ),
                    Recommendation(intro="Forvaltningen indstiller,", clauses=[]),
                    *stated,
                    Decision([Paragraph(_text(rng, 1))]),
                ],
            )
        )
    return Meeting(forum=Forum(name=forum), kind=DocumentKind.MINUTES, start=start, items=items)


def queries(count: int, meetings: int = 40) -> list[str]:
    """Distinctive phrases of decisions of the first ``meetings`` meetings: 4 words each."""
    rng = random.Random(2027)
    out = []
    for n in range(count):
        meeting = generated_meeting(n % meetings)
        item = meeting.items[rng.randrange(len(meeting.items))]
        decision = item.decisions[-1]
        words = referatkit.model.plain_text(decision.body[0].content).rstrip(".").split()  # type: ignore[union-attr]
        first = rng.randrange(max(1, len(words) - 4))
        out.append(" ".join(words[first : first + 4]))
    return out


def _write_one(args: tuple[int, str]) -> None:
    n, folder = args
    (Path(folder) / f"{n:05}.xml").write_bytes(referatkit.render(generated_meeting(n), "xml"))


def _read_one(path: str) -> int:
    return len(referatkit.read(path).items)


def _cpu(who: int) -> float:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime


def _backend_cpu(store: Store) -> float:
    """CPU seconds of the PostgreSQL backend serving ``store`` (a server on this machine)."""
    if not store.name.startswith("postgresql"):
        return 0.0
    row = store._db.one("SELECT pg_backend_pid()")
    assert row is not None
    fields = Path(f"/proc/{row[0]}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ms(values: list[float], at: float) -> str:
    """The ``at`` quantile of ``values`` (seconds) in milliseconds."""
    ordered = sorted(values)
    return f"{ordered[max(0, int(len(ordered) * at) - 1)] * 1000:.1f}"


def stages(files: list[str], edition: StoreEdition = "public") -> dict[str, float]:
    """CPU milliseconds a meeting of each stage of indexing done where the sources are
    read, measured in this process over ``files`` (after a warm-up on a few of them)."""
    from referatkit._api import _load  # noqa: PLC0415
    from referatkit.store._rows import edition_of, prepare, sha256  # noqa: PLC0415

    for path in files[:10]:
        prepare(edition_of(referatkit.read(path), edition), source=path, checksum=None)
    took = dict.fromkeys(("read", "checksum", "edition", "rows", "to the writer"), 0.0)
    for path in files:
        began = time.process_time()
        data, _, _ = _load(path)
        meeting = referatkit.read(data, "xml")
        read_at = time.process_time()
        checksum = sha256(data)
        summed_at = time.process_time()
        stored = edition_of(meeting, edition)
        edition_at = time.process_time()
        rows = prepare(stored, source=path, checksum=checksum, xml=data.decode("utf-8"))
        rows_at = time.process_time()
        pickle.loads(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
        sent_at = time.process_time()
        for stage, start, end in (
            ("read", began, read_at), ("checksum", read_at, summed_at), ("edition", summed_at, edition_at),
            ("rows", edition_at, rows_at), ("to the writer", rows_at, sent_at),
        ):  # fmt: skip
            took[stage] += (end - start) * 1000 / len(files)
    return took


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("-j", type=int, default=2)
    parser.add_argument("--postgres", metavar="URL", help="a database to index into too (emptied first)")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--sources", metavar="DIR", help="keep the generated meetings here, and reuse them")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    sources = Path(args.sources) if args.sources else work / "kilder"
    sources.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    wanted = [n for n in range(args.n) if not (sources / f"{n:05}.xml").exists()]
    with ProcessPoolExecutor(args.j) as pool:
        list(pool.map(_write_one, [(n, str(sources)) for n in wanted], chunksize=50))
    files = sorted(str(p) for p in sources.iterdir())
    assert len(files) == args.n, f"{sources} holds {len(files)} files, not {args.n}"
    print(f"{args.n} meetings ({args.n * 15} items) written in {time.perf_counter() - began:.0f} s")

    began, cpu = time.perf_counter(), _cpu(resource.RUSAGE_CHILDREN)
    with ProcessPoolExecutor(args.j) as pool:
        list(pool.map(_read_one, files, chunksize=16))
    floor = time.perf_counter() - began
    floor_cpu = _cpu(resource.RUSAGE_CHILDREN) - cpu
    print(f"reading alone, {args.j} processes: {floor:.1f} s (CPU {floor_cpu:.1f} s)")

    sample = stages(files[:: max(1, len(files) // 200)])
    print(
        "per meeting, CPU in one process (200 meetings): "
        + ", ".join(f"{stage} {ms:.2f} ms" for stage, ms in sample.items())
    )

    targets = [] if args.no_sqlite else [str(work / "samling.sqlite")]
    if args.postgres:
        import psycopg  # noqa: PLC0415 - only with --postgres

        with psycopg.connect(args.postgres, autocommit=True) as connection:
            connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        targets.append(args.postgres)
    for target in targets:
        name = "PostgreSQL" if target.startswith("postgresql") else "SQLite"
        peaks: list[float] = []

        def progress(done: int, total: int, peaks: list[float] = peaks) -> None:
            if (done >= total // 4 and not peaks) or done == total:
                peaks.append(_peak_mb())

        with Store.open(target, create=True) as store:
            began = time.perf_counter()
            at = (_cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF), _backend_cpu(store))
            report = store.index([sources], jobs=args.j, progress=progress)
            first = time.perf_counter() - began
            now = (_cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF), _backend_cpu(store))
            parts = [after - before for before, after in zip(at, now, strict=True)]
            cpu = sum(parts)
            assert len(report.added) == args.n, report.counts()
            print(f"{name}: index, {args.j} processes: {first:.1f} s = {first / floor:.2f} x reading alone")
            print(
                f"{name}: index CPU (readers, writer{', server backend' if name == 'PostgreSQL' else ''}): "
                f"{cpu:.1f} s = {cpu / floor_cpu:.2f} x reading alone's CPU"
            )
            who = ["readers", "writer", "server backend"][: 3 if name == "PostgreSQL" else 2]
            print(
                f"{name}: index CPU a meeting: "
                + ", ".join(f"{w} {p * 1000 / args.n:.2f} ms" for w, p in zip(who, parts, strict=False))
                + f" (reading alone {floor_cpu * 1000 / args.n:.2f} ms)"
            )
            print(f"{name}: writer's peak memory after 1/4: {peaks[0]:.0f} MB, after all: {peaks[-1]:.0f} MB")
            asked = queries(200, meetings=args.n)
            times: list[float] = []
            cpus: list[float] = []
            found = 0
            backend = _backend_cpu(store)
            for query in asked:
                began, cpu = time.perf_counter(), time.process_time()
                hits = store.search(query, limit=10)
                times.append(time.perf_counter() - began)
                cpus.append(time.process_time() - cpu)
                found += bool(hits)
            # The server's CPU is counted in clock ticks (10 ms): a mean over the searches.
            server = f", server backend mean {(_backend_cpu(store) - backend) / len(asked) * 1000:.1f} ms"
            print(
                f"{name}: search wall p50 {_ms(times, 0.5)}, p95 {_ms(times, 0.95)} ms; "
                f"CPU of this process p50 {_ms(cpus, 0.5)}, p95 {_ms(cpus, 0.95)} ms"
                f"{server if name == 'PostgreSQL' else ''} ({found}/{len(asked)} queries found something)"
            )
            began = time.perf_counter()
            again = store.index([sources], jobs=args.j)
            second = time.perf_counter() - began
            assert len(again.unchanged) == args.n, again.counts()
            print(
                f"{name}: re-index unchanged: {second:.2f} s = {100 * second / first:.1f}% of the first run"
            )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
