"""The batch runner's pieces: line-aligned chunks, and the record spool that spills to disk."""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transreview.checks.base import REGISTRY, CheckContext, DocumentRule, LineIndex
from transreview.checks.batch import Record, Records, Spool, _encoded, _in_report_order, chunks
from transreview.ingest import LINE_END, count_line_ends
from transreview.model import Document, Finding, FindingColumns, Severity
from transreview.report import FORMATS, Located, renderer
from transreview.segment import segment_document


def records_of(rows: list[Record]) -> Records:
    """Records holding ``rows`` in the order given (keyed)."""
    records = Records()
    codes = {rule: code for code, rule in enumerate(REGISTRY)}
    levels = {severity.value: code for code, severity in enumerate(Severity)}
    records.starts = np.array([row.start for row in rows], np.int64)
    records.ends = np.array([row.end for row in rows], np.int64)
    records.rules = np.array([codes[row.rule] for row in rows], np.uint8)
    records.severities = np.array([levels[row.severity] for row in rows], np.uint8)
    records.sizes = np.array([len(row.piece) for row in rows], np.int64)
    records.blob = b"".join(row.piece for row in rows)
    records.terms = [row.term for row in rows]
    records.digests = [row.digest for row in rows]
    return records


def test_chunks_end_at_line_ends_and_count_lines() -> None:
    text = "one\r\ntwo\rthree\nfour\n\nfive"
    pieces = list(chunks("t.txt", text, size=4))
    assert "".join(p.text for p in pieces) == text
    assert [(p.offset, p.line) for p in pieces] == [(0, 1), (5, 2), (15, 4), (20, 5)]
    for piece in pieces[:-1]:
        assert piece.text.endswith(("\n", "\r"))


@pytest.mark.parametrize(("text", "start", "end", "count"), [
    ("", 0, None, 0),
    ("no line end", 0, None, 0),
    ("a\nb\n", 0, None, 2),
    ("a\r\nb\r\n", 0, None, 2),           # CR LF is one line end
    ("a\rb\rc", 0, None, 2),               # so is a lone CR
    ("a\r\rb\n\r\n", 0, None, 4),
    ("a\r\nb\nc\rd", 2, None, 3),          # from inside a CR LF: its LF alone counts
    ("a\r\nb\nc\rd", 0, 2, 1),             # up to inside it: its CR alone counts
    ("x\ny\rz", 2, 4, 1),
])
def test_count_line_ends(text: str, start: int, end: int | None, count: int) -> None:
    """Line ends are counted as ``LINE_END`` finds them, in a slice, with or without CRs."""
    assert count_line_ends(text, start, end) == count
    assert count == len(LINE_END.findall(text[start:end]))


@pytest.mark.parametrize("by_worker", [False, True])
def test_spool_keeps_order_across_batches_on_disk(tmp_path: Path, by_worker: bool) -> None:
    """Parts come back in order with their decided records merged in, whether their bytes were
    spooled here or written by a worker (``stored``)."""
    records = [Record(n, n + 1, "whitespace", "warning", f"t{n}", "d", f"piece {n}".encode())
               for n in range(25)]
    decided = [Record(n, n + 1, "duplicate-segment", "warning", "", "", f"dup {n}".encode())
               for n in range(0, 25, 5)]
    store = tmp_path / "worker.records"
    spool = Spool(batch_size=4)
    try:
        for start in range(0, 25, 3):
            part = records_of(records[start:start + 3])
            stored = None
            if by_worker:
                with store.open("ab") as file:
                    stored = (str(store), file.tell())
                    file.write(part.blob)
                part.blob = b""
            spool.add(part, records_of([d for d in decided if start <= d.start < start + 3]),
                      stored)
        batches = [records.merged(decided) for records, decided in spool.parts()]
        assert [record for batch in batches for record in batch] == sorted(
            records + decided, key=lambda record: record[:3])
        assert len(batches) > 1 and all(batches)
    finally:
        spool.close()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="ab \n\r", max_size=60), st.lists(st.tuples(st.integers(0, 60),
                                                                   st.integers(0, 60))))
def test_line_index_spans_in_bulk_equal_span_one_by_one(text: str, pairs: list[tuple[int, int]]
                                                        ) -> None:
    index = LineIndex(text[: len(text) // 2])
    index.extend(text[len(text) // 2 :])
    pairs = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in pairs]
    bulk = index.spans([a for a, _ in pairs], [b for _, b in pairs])
    assert list(zip(*bulk, strict=True)) == [index.span(a, b) for a, b in pairs]


def test_deciders_without_digests_judge_alike_and_read_no_segment_back() -> None:
    text = ("The Pilot Free Trade Zone grew. The Free Trade Pilot Zone grew.\n"
            "The harbour was rebuilt in the spring of that year by the city.\n"
            "The Pilot Free Trade Zone opened.\n"
            "The harbour was rebuilt in the spring of that year by the city.\n")
    document = Document(path="en.txt", text=text)
    context = CheckContext(en=document, en_segments=segment_document(document, "en"))
    for rule_id in ("inconsistent-term", "duplicate-segment"):
        rule = REGISTRY[rule_id]
        assert isinstance(rule, DocumentRule)
        judged = {}
        for digests in (True, False):
            decider = rule.decider(None, LineIndex(text), digests)
            judged[digests] = [*decider.take(rule.gathered(context), 0, 0), *decider.finish()]
        assert judged[True], rule_id
        assert [f for f, _ in judged[False]] == [f for f, _ in judged[True]]
        assert all(o.digest for _, o in judged[True])
        assert not any(o.digest for _, o in judged[False])


@pytest.mark.parametrize("fmt", FORMATS)
def test_renderers_items_in_bulk_equal_item_one_by_one(fmt: str) -> None:
    findings = [
        Finding("forbidden-term", Severity.ERROR, "forbidden 'a\"b'", 3, 9, 0, 'a"b', "Ab"),
        Finding("whitespace", Severity.WARNING, "double space", 1, 3, None, "", None),
        Finding("inconsistent-term", Severity.INFO, "x\ny\u00e9", 0, 1, 2, "", ""),
        Finding("forbidden-term", Severity.ERROR, "forbidden 'a\"b'", 12, 15, 1, 'a"b', "Ab"),
        Finding("forbidden-term", Severity.WARNING, "forbidden 'a\"b'", 12, 15, 1, 'a"b', "Ab"),
        Finding("forbidden-term", Severity.ERROR, "forbidden 'a\"b'", 12, 15, 1, 'a"b', None),
    ]
    spans = [(1, 4, 1, 10), (2, 2, 3, 1), (7, 1, 7, 2), (8, 1, 8, 4), (8, 1, 8, 4), (9, 1, 9, 4)]
    digests = ["d1", "", "d3", "d4", "d4", "d5"]
    path = 'dir/en "x".txt'
    render = renderer(fmt, ["forbidden-term", "whitespace"])
    assert render.items(path, spans, findings, digests) == [
        render.item(Located(path, *span, finding, digest))
        for span, finding, digest in zip(spans, findings, digests, strict=True)]


RULE_IDS = ["whitespace", "duplicate-segment", "forbidden-term"]
ROWS = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 3), st.sampled_from(RULE_IDS),
                          st.sampled_from(["error", "warning"]), st.text("xy", max_size=2)))


@settings(max_examples=80, deadline=None)
@given(ROWS, ROWS, st.data())
def test_merged_records_equal_a_stable_sort_of_both(base: list[tuple[int, int, str, str, str]],
                                                    extra: list[tuple[int, int, str, str, str]],
                                                    data: st.DataObject) -> None:
    def records(rows: list[tuple[int, int, str, str, str]], tag: str) -> list[Record]:
        made = [Record(start, start + length, rule, severity, term, tag,
                       f"{tag}{number}\u00e9".encode())
                for number, (start, length, rule, severity, term) in enumerate(rows)]
        return sorted(made, key=lambda record: record[:3])

    mine, theirs = records(base, "b"), records(extra, "e")
    lo = data.draw(st.integers(0, len(theirs)))
    hi = data.draw(st.integers(lo, len(theirs)))
    merged = records_of(mine).merged(records_of(theirs), lo, hi)
    assert list(merged) == sorted(mine + theirs[lo:hi], key=lambda record: record[:3])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="ab\"\u00e9\u4e2d\n", max_size=5), max_size=6),
       st.sampled_from([",\n  ", ""]),
       st.sampled_from([("utf-8", "strict"), ("latin-1", "replace"), ("ascii", "replace"),
                        ("utf-16-le", "strict"), ("cp1252", "backslashreplace")]))
def test_encoded_pieces_are_each_piece_after_the_separator(
        pieces: list[str], separator: str, codec: tuple[str, str]) -> None:
    encoding, errors = codec
    blob, sizes = _encoded(pieces, separator, encoding, errors)
    each = [(separator + piece).encode(encoding, errors) for piece in pieces]
    assert blob == b"".join(each)
    assert sizes.tolist() == [len(piece) for piece in each]


@settings(max_examples=60, deadline=None)
@given(ROWS, st.data())
def test_sorted_where_and_counts_agree_with_plain_records(
        rows: list[tuple[int, int, str, str, str]], data: st.DataObject) -> None:
    made = [Record(start, start + length, rule, severity, term, "d", f"p{n}".encode())
            for n, (start, length, rule, severity, term) in enumerate(rows)]
    records = records_of(made)
    keep = data.draw(st.lists(st.booleans(), min_size=len(made), max_size=len(made)))
    assert list(records.where(keep)) == [row for row, kept in zip(made, keep, strict=True)
                                         if kept]
    assert records.counts() == Counter((row.rule, row.severity) for row in made)
    assert list(records.baseline_keys()) == [(row.rule, row.digest, row.term) for row in made]
    assert list(Records.of_columns(records.columns())) == made


@settings(max_examples=60, deadline=None)
@given(ROWS)
def test_findings_in_report_order_equal_a_stable_sort(
        rows: list[tuple[int, int, str, str, str]]) -> None:
    findings = [Finding(rule, Severity(severity), f"m{n}", start, start + length, n, term)
                for n, (start, length, rule, severity, term) in enumerate(rows)]
    ordered = _in_report_order(FindingColumns.of(findings))
    assert list(ordered.findings()) == sorted(findings, key=attrgetter("start", "end", "rule"))


def test_a_pair_checked_with_workers_hands_over_through_files_that_go(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With workers, a pair's document, English evidence and English-only findings are handed
    over through files in the run's folder: the records are those of one process, and once the
    pair is checked no file is left (the folder goes with the checker)."""
    import os
    import tempfile

    from transreview import handoff
    from transreview.checks import enabled_rules
    from transreview.checks.batch import FileChecker, Options
    from transreview.glossary import load_glossary
    from transreview.ingest import read_document

    corpus = Path(__file__).resolve().parents[1] / "corpora" / "shanghai"
    en, zh = read_document(str(corpus / "en.txt")), read_document(str(corpus / "zh.txt"))
    options = Options(rules=tuple(enabled_rules(with_source=True)), fmt="json",
                      glossary=load_glossary(str(corpus.parents[1] / "glossary.tsv")))
    with FileChecker(options) as checker:
        alone = list(checker.check_pair(en, zh).pieces())
    handed: list[str] = []
    original = handoff.handed

    def counted(value: object) -> handoff.Handoff[object]:
        found = original(value)
        handed.append(found.path)
        return found

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr("transreview.checks.batch.handed", counted)
    with FileChecker(options, jobs=2) as checker:
        shared = list(checker.check_pair(en, zh).pieces())
        assert [path for path in handed if path]  # the document, at least, in a file
        assert [name for folder in tmp_path.iterdir() for name in os.listdir(folder)] == []
    assert shared == alone
    assert list(tmp_path.iterdir()) == []


def test_a_long_pair_sends_the_text_rules_one_task_after_the_other(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair long enough for the workers to share its alignment: the Chinese cuts are sent
    first, then the English evidence; the rules that read the glossary (and its matches) are
    sent behind them, the others once that task is done; the records are those of one
    process."""
    from transreview.align import PARALLEL
    from transreview.checks import enabled_rules
    from transreview.checks.batch import FileChecker, Options, _EnglishTasks
    from transreview.glossary import load_glossary
    from transreview.model import Document

    corpus = Path(__file__).resolve().parents[1] / "corpora" / "shanghai"
    zh_text = (corpus / "zh.txt").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    en_text = (corpus / "en.txt").read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    copies = -(-PARALLEL // len(segment_document(Document("zh.txt", zh_text), "zh")))
    zh, en = Document("zh.txt", zh_text * copies), Document("en.txt", en_text * copies)
    options = Options(rules=tuple(enabled_rules(with_source=True)), fmt="json",
                      glossary=load_glossary(str(corpus.parents[1] / "glossary.tsv")))
    with FileChecker(options) as checker:
        alone = list(checker.check_pair(en, zh).pieces())
    with FileChecker(options, jobs=2) as checker:
        sent: list[tuple[str, tuple[Any, ...], Any]] = []
        executor = checker._executor
        assert executor is not None
        submit = executor.submit

        def recorded(fn: Any, /, *args: Any, **kwargs: Any) -> Any:
            # a task sent now, with whether every rules' task sent before is done
            done = all(future.done() for name, _, future in sent if name == "_english_records")
            future = submit(fn, *args, **kwargs)
            sent.append((fn.__name__ if fn.__name__ != "_english_records" or done else
                         "_english_records too early", args, future))
            return future

        executor.submit = recorded  # type: ignore[method-assign]
        collect = _EnglishTasks.records

        def collected(tasks: _EnglishTasks) -> Any:
            sent.append(("(the rules' records collected)", (), None))
            return collect(tasks)

        monkeypatch.setattr(_EnglishTasks, "records", collected)
        shared = list(checker.check_pair(en, zh).pieces())
    assert shared == alone
    names = [name for name, _, _ in sent]
    assert names[:3] == ["_chinese_side", "_english_side", "_english_records"]
    assert sorted(names[3:-1]) == ["_bands", "_bands", "_english_records"]
    assert names[-1] == "(the rules' records collected)"
    first, second = (args for name, args, _ in sent if name == "_english_records")
    assert set(first[1]) == {"forbidden-term", "inconsistent-term"} and first[2] is True
    assert set(second[1]) == set(options.rules) - set(first[1]) - {
        rule for rule in options.rules if REGISTRY[rule].needs_source} and second[2] is False


def test_a_pool_shut_down_before_the_second_rules_task_logs_nothing(
        caplog: pytest.LogCaptureFixture) -> None:
    """The second rules' task is sent from the pool's thread when the first is done: a pool that
    can no longer take it logs no traceback from there; asking for the records says why."""
    from concurrent.futures import ProcessPoolExecutor

    from transreview.checks import enabled_rules
    from transreview.checks.batch import Options, _EnglishTasks, _init_worker
    from transreview.handoff import handed
    from transreview.model import Document

    options = Options(rules=tuple(enabled_rules()), fmt="json")
    document = Document("en.txt", "The the cat sat.  Here.\n")
    pool = ProcessPoolExecutor(1, initializer=_init_worker, initargs=(options,))
    tasks = _EnglishTasks(pool, handed(document), list(options.rules), with_matches=False)
    pool.shutdown(wait=True)
    assert [record.getMessage() for record in caplog.records] == []
    with pytest.raises(RuntimeError, match="shutdown"):
        tasks.records()


def test_a_worker_reads_a_shared_document_once_and_segments_it_once(tmp_path: Path) -> None:
    """The evidence task and the rules' task of one pair share the English document: a worker
    that runs both reads it once and segments it once; another handoff is read anew, and a
    document is never given the segments of another (the last one's are kept by identity)."""
    from transreview.checks.batch import _shared_document
    from transreview.handoff import handed, use_folder
    from transreview.pipeline import _segments

    use_folder(str(tmp_path))
    try:
        document = Document("en.txt", "One sentence here. And another one.\n")
        shared, other = handed(document), handed(Document("en.txt", "Something else.\n"))
        first = _shared_document(shared)
        assert first == document and _shared_document(shared) is first
        segments = _segments(first, "en", False)
        assert [s.text for s in segments] == ["One sentence here.", "And another one."]
        assert _segments(first, "en", False) is segments
        assert _shared_document(other).text == "Something else.\n"
        assert [s.text for s in _segments(_shared_document(other), "en", False)] == [
            "Something else."]
        again = _shared_document(shared)
        assert again == document and again is not first
        assert _segments(again, "en", False) == segments
        assert _segments(again, "en", False) is not segments
        assert [s.text for s in _segments(again, "en", True)] == [document.text.strip()]
        shared.discard()
        other.discard()
    finally:
        use_folder("")
