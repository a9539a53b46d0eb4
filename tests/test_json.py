"""referatkit JSON: lossless, valid against its own JSON Schema, errors named by JSON path."""

from __future__ import annotations

import json
import tracemalloc
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings

import referatkit
from referatkit.formats.json import SCHEMA_ID, schema
from referatkit.model import Meeting

from .conftest import EXAMPLES, SEED_000, SEED_001, shared_file
from .strategies import meetings

SOURCES = [EXAMPLES / "referat-byudvalget.txt", SEED_000, SEED_001]
DOCS_SCHEMA = Path(__file__).parent.parent / "docs" / "referat.schema.json"


def _json(meeting: Meeting) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("error", referatkit.LossWarning)  # lossless: no warning ever
        data = referatkit.render(meeting, "json")
    assert isinstance(data, bytes)
    return data


def _valid(data: bytes) -> None:
    jsonschema.Draft202012Validator(schema()).validate(json.loads(data))


def test_the_schema_is_a_valid_draft_2020_12_schema_and_the_docs_hold_the_same() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    assert schema()["$id"] == SCHEMA_ID
    assert json.loads(DOCS_SCHEMA.read_text(encoding="utf-8")) == schema()


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_seeds_round_trip_and_validate(source: Path) -> None:
    meeting = referatkit.read(shared_file(source))
    data = _json(meeting)
    assert data.startswith(b'{\n  "referatkit": 1,\n  "forum": {')
    _valid(data)
    assert referatkit.read(data, format="json") == meeting
    assert referatkit.read(data) == meeting  # recognised by its first key


@settings(max_examples=200)
@given(meetings())
def test_every_meeting_round_trips_and_validates(meeting: Meeting) -> None:
    """Every field, every character the model allows, the same bytes twice, valid for the schema."""
    data = _json(meeting)
    assert data == _json(meeting)
    _valid(data)
    back = referatkit.read(data, format="json")
    assert back == meeting
    assert repr(back) == repr(meeting) or back.start.utcoffset() != meeting.start.utcoffset()


def test_dates_carry_their_offset_and_keys_come_in_model_order() -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    data = json.loads(_json(meeting))
    assert data["start"] == "2025-01-14T16:00:00+01:00"
    assert list(data) == [
        "referatkit", "forum", "kind", "start", "end", "variant", "draft", "place",
        "attendance", "items", "name", "identifier", "properties",
    ]  # fmt: skip
    item = data["items"][1]
    assert list(item)[:3] == ["number", "title", "route"]
    kinds = [s["type"] for s in item["sections"]]
    assert "recommendation" in kinds and "decision" in kinds


def test_a_json_file_is_written_and_read_by_its_suffix(tmp_path: Path) -> None:
    meeting = referatkit.read(EXAMPLES / "referat-byudvalget.txt")
    path = tmp_path / "referat.json"
    referatkit.write(meeting, path)
    assert path.read_bytes() == _json(meeting)
    assert referatkit.read(path) == meeting


# --- errors: the JSON path, in Danish ----------------------------------------------------


def _example() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(_json(referatkit.read(EXAMPLES / "referat-byudvalget.txt")))
    return loaded


def _first_section(data: dict[str, Any], kind: str) -> tuple[int, int]:
    """The item and section index of the first section of type ``kind``."""
    return next(
        (i, k)
        for i, item in enumerate(data["items"])
        for k, section in enumerate(item["sections"])
        if section["type"] == kind
    )


def _error(data: dict[str, Any] | bytes) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(raw, format="json")
    return str(caught.value)


def test_a_schema_error_names_the_json_path() -> None:
    data = _example()
    data["items"][1]["public"] = "ja"
    assert (
        _error(data)
        == '<data>: ugyldig referatkit-JSON: $.items[1].public: skal være true eller false, ikke "ja"'
    )
    data = _example()
    del data["items"][0]["title"]
    assert _error(data).endswith("$.items[0]: mangler feltet 'title'")
    data = _example()
    data["items"][1]["sections"][0]["type"] = "tekst"
    assert '$.items[1].sections[0]: ukendt type "tekst"' in _error(data)
    data = _example()
    data["items"][1]["sections"][0]["body"][0]["content"][0] = {"type": "strong"}
    assert _error(data).endswith("$.items[1].sections[0].body[0].content[0]: mangler feltet 'content'")
    data = _example()
    data["start"] = "2025-01-14 16:00"
    assert '$.start: "2025-01-14 16:00" har ikke den rette form' in _error(data)
    data = _example()
    data["surprise"] = 1
    assert _error(data).endswith("$: ukendt felt 'surprise'")


@pytest.mark.parametrize("digits", ["1" * 10, "9" * 5000, "-" + "1" * 100_000])
def test_a_whole_number_of_too_many_digits_is_refused_before_it_is_converted(digits: str) -> None:
    """Python refuses int() past 4,300 digits with a ValueError, and is quadratic below."""
    data = json.dumps(_example()).replace('"items": [', '"x": ' + digits + ', "items": [', 1).encode()
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(data, "json")
    assert str(caught.value) == (
        f"<data>:1:{data.decode().index(digits) + 1}: ugyldig JSON: et tal med {len(digits.lstrip('-'))} "
        "cifre er over grænsen MAX_NUMBER_DIGITS = 9 (referatkit.formats._limits)"
    )


@pytest.mark.parametrize("number", ["2.0", "1e308"])
def test_a_whole_number_written_as_a_float_is_a_read_error_naming_its_path(number: str) -> None:
    """JSON Schema calls 2.0 and 1e308 integers; Python's json reads them as floats, which the
    model refuses as the wrong kind (a TypeError escaped; the fuzzer, seed 36, json input 1650)."""
    data = _example()
    data["items"][0]["page"] = 7
    text = json.dumps(data).replace('"page": 7', f'"page": {number}', 1).encode()
    with pytest.raises(referatkit.ReadError) as caught:
        referatkit.read(text, "json")
    assert str(caught.value) == (
        f"<data>: $.items[0].page: {float(number)!r} er ikke et helt tal "
        "(skriv det uden decimaler og eksponent)"
    )


def test_a_model_error_names_the_json_path() -> None:
    data = _example()
    data["items"][1]["title"] = "to\nlinjer"
    assert _error(data) == "<data>: $.items[1]: ugyldig værdi: feltet title må ikke indeholde et linjeskift"
    data = _example()
    i, k = _first_section(data, "decision")
    data["items"][i]["sections"][k]["date"] = "2025-13-01"
    assert f"$.items[{i}].sections[{k}].date: '2025-13-01' er ikke en dato" in _error(data)


def test_broken_json_is_a_read_error_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "referat.json"
    path.write_bytes(b'{"referatkit": 1,\n  "forum": }')
    with pytest.raises(referatkit.ReadError, match=r"referat\.json:2:12: ugyldig JSON"):
        referatkit.read(path)
    assert "står to gange" in _error(b'{"referatkit": 1, "referatkit": 1}')
    assert "ikke UTF-8" in _error(b'{"referatkit": 1, "x": "\xff"}')
    assert "dybere end" in _error(b"[" * 100_000 + b"]" * 100_000)
    assert "dybere end" in _error(b'{"referatkit": 1, "x": ' + b"[" * 500 + b"]" * 500 + b"}")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'{"referatkit": 1,\n  "forum": }', "2:12: ugyldig JSON: her skulle der stå en værdi"),
        (b'{"referatkit": 1 "forum": 2}', "1:18: ugyldig JSON: der mangler et ',' mellem to værdier"),
        (
            b'{"referatkit": 1,}',
            "1:18: ugyldig JSON: her skulle der stå et feltnavn i dobbelte anførselstegn",
        ),
        (b'{"referatkit" 1}', "1:15: ugyldig JSON: der mangler et ':' efter feltnavnet"),
        (b'{"referatkit": "1', "1:16: ugyldig JSON: filen slutter for tidligt (er den afkortet?)"),
        (
            b'{"referatkit": 1, "items": [1, 2',
            "1:33: ugyldig JSON: filen slutter for tidligt (er den afkortet?)",
        ),
        (b'{"referatkit": 1} x', "1:19: ugyldig JSON: der står mere efter dokumentets værdi"),
        (b'{"referatkit": "\\q"}', "1:17: ugyldig JSON: en ugyldig escape med \\ i en tekst"),
    ],
    ids=[
        "no-value",
        "no-comma",
        "trailing-comma",
        "no-colon",
        "unterminated",
        "truncated",
        "extra",
        "escape",
    ],
)
def test_broken_json_is_said_in_danish(data: bytes, message: str) -> None:
    """The decoder's English ("Expecting value") never reaches the message."""
    assert _error(data).startswith(f"<data>:{message}")


# --- bounded: one error per bad node, no copy of the document per level --------------------


def _nested_lists(depth: int, innermost: dict[str, Any]) -> dict[str, Any]:
    """A bullet list nested ``depth`` levels, ``innermost`` the deepest list item."""
    node: dict[str, Any] = innermost
    for _ in range(depth):
        node = {"content": ["x"], "sublist": {"type": "bullet-list", "items": [node]}}
    return {"type": "bullet-list", "items": [node]}


def _with_block(block: dict[str, Any]) -> tuple[dict[str, Any], str]:
    data = _example()
    i, k = _first_section(data, "text")
    data["items"][i]["sections"][k]["body"] = [block]
    return data, f"$.items[{i}].sections[{k}].body[0]"


def _errors_made(data: Any) -> int:
    """Every ValidationError the validator makes for ``data``, those inside others' context too."""
    from referatkit.formats.json import _validator  # noqa: PLC0415

    count, stack = 0, list(_validator().iter_errors(data))
    while stack:
        error = stack.pop()
        count += 1
        stack.extend(error.context or ())
    return count


def test_a_bad_node_deep_in_nested_lists_makes_one_error_not_one_per_option() -> None:
    """With ``oneOf`` over the kinds of block, a list item lacking ``type`` twelve lists down made
    thousands of errors (each level tried every kind of list; the fuzzer's seed 29 input 3568,
    62 KiB, made 46,000 and took 1.3 s). The schema tells kinds apart by ``type`` (if/then)."""
    bad_inline = {"kind": "strong", "content": []}
    data, path = _with_block(_nested_lists(12, {"content": [bad_inline], "sublist": None}))
    assert _errors_made(data) == 1
    where = path + ".items[0]" + ".sublist.items[0]" * 12 + ".content[0]"
    assert _error(data).endswith(f"{where}: mangler feltet 'type'")
    data, path = _with_block(_nested_lists(12, {"content": [], "sublist": {"type": "numbered", "items": []}}))
    assert _errors_made(data) == 1
    where = path + ".items[0]" + ".sublist.items[0]" * 12 + ".sublist"
    assert _error(data).endswith(f'{where}: ukendt type "numbered"; kendte typer: bullet-list, ordered-list')


def test_a_huge_unknown_key_deep_in_the_document_is_not_copied_per_level() -> None:
    """jsonschema writes ``repr(instance)`` into each error's message; under ``oneOf`` every
    level above a bad node failed too, each with a copy of the whole node (the fuzzer's seed
    29 inputs 2920 and 8438: 25 MB of JSON peaked at 460-530 MiB). Now a copy or two at most."""
    huge = "<w:sdt>" * 300_000  # 2 MB
    data, path = _with_block(_nested_lists(3, {"content": ["x"], huge: None}))
    raw = json.dumps(data).encode()
    tracemalloc.start()
    try:
        message = _error(raw)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    where = path + ".items[0]" + ".sublist.items[0]" * 3
    assert message.startswith(f"<data>: ugyldig referatkit-JSON: {where}: mangler feltet 'sublist'")
    assert peak < 6 * len(huge), f"{peak / 2**20:.0f} MiB for a key of {len(huge) / 2**20:.0f} MiB"


# --- the quick schema check (jsonschema-rs) decides as jsonschema and the model do ----------

# What a spoiled document holds in a place: the wrong type, an empty one, what Rust's and
# Python's regular expressions read differently (a final line break, U+001C, which Python's
# \s holds and Rust's not), what jsonschema-rs cannot take (a lone surrogate).
_SPOILS: list[Any] = [
    None, True, 0, 1.5, float("nan"), "", "x", "AB\n", "2025-01-14\n", "16:30\n", "a\x1cb/c",
    "a\u00a0b/c", "\ud800", "٢٠٢٥-01-14", [], [""], {}, {"type": "paragraph"}, {"type": "bogus"},
]  # fmt: skip


def _places(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    inner = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    return [path] + [p for key, child in inner for p in _places(child, (*path, key))]


def _outcome_before(data: Any) -> str | Meeting:
    """What reading gave with jsonschema checking every document: the meeting or the error."""
    from referatkit.formats.json import _Reader, problems  # noqa: PLC0415

    found = problems(data)
    if found:
        return "schema: " + found[0]
    try:
        return _Reader("<data>").meeting(data)
    except referatkit.ReadError as error:
        return "model: " + str(error)


def test_the_quick_check_accepts_and_refuses_what_jsonschema_and_the_model_do() -> None:
    """A spoiled value in a place picked at random (fixed seed), the document read as a user
    does and as before the quick check: the same meeting, or both refused; refused by the
    schema, the same message."""
    import random  # noqa: PLC0415

    base = _example()
    base["items"] = base["items"][1:2]  # small, so that jsonschema is quick: a text, ..., attachments
    base["attendance"] = [
        {"name": "Deltager A", "status": "present", "party": "X", "role": None, "substitute_for": None,
         "note": None, "properties": [{"name": "k", "value": "v"}]},
    ]  # fmt: skip
    item = base["items"][0]
    item["attendance"] = [{"name": "Deltager A", "event": "left", "time": "16:30", "note": None}]
    item["sections"][-1]["attachments"][0].update(
        file_name="bilag.pdf",
        media_type="application/pdf",
        checksum={"algorithm": "sha256", "value": "ab" * 32},
    )
    assert isinstance(referatkit.read(json.dumps(base).encode(), format="json"), Meeting)
    places = _places(base)[1:]
    rng = random.Random(29)
    seen = {"meeting": 0, "refused": 0}
    for _ in range(300):
        data = json.loads(json.dumps(base))
        path = rng.choice(places)
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        if rng.random() < 0.2 and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = json.loads(json.dumps(rng.choice(_SPOILS)))
        before = _outcome_before(data)
        try:
            now: str | Meeting = referatkit.read(json.dumps(data).encode(), format="json")
        except referatkit.ReadError as error:
            now = str(error)
        if isinstance(before, Meeting):
            assert now == before, path
            seen["meeting"] += 1
        else:
            assert isinstance(now, str), (path, before)
            if before.startswith("schema: ") and "ugyldig referatkit-JSON" in now:
                assert now.startswith("<data>: ugyldig referatkit-JSON: " + before.removeprefix("schema: "))
            seen["refused"] += 1
    assert min(seen.values()) >= 20, seen


# --- a broken document too large for jsonschema's listing ---------------------------------


def _spoiled_example() -> dict[str, Any]:
    value: dict[str, Any] = json.loads(
        referatkit.render(referatkit.read(EXAMPLES / "referat-byudvalget.txt"), "json")
    )
    value["start"] = "i går"
    value["items"][0]["title"] = 5
    value["items"][1]["sections"][0]["type"] = "ukendt"
    value["items"][2]["ekstra"] = 1
    del value["items"][3]["number"]
    return value


def test_jsonschema_rs_lists_the_same_problems_as_jsonschema() -> None:
    """The listing a large broken document gets says what jsonschema's says, in the same Danish."""
    from referatkit.formats.json import problems  # noqa: PLC0415

    spoiled = _spoiled_example()
    assert problems(spoiled, thorough=False) == problems(spoiled) != []
    assert len(problems(spoiled)) == 5


def test_a_large_broken_document_is_refused_at_once_with_its_path() -> None:
    """jsonschema took ~100 µs a node to list the errors: a broken document of 2 MB took 4 s
    (the fuzzer, seed 29, read-bytes input 234). One that large has them listed by jsonschema-rs."""
    import time  # noqa: PLC0415

    value = _spoiled_example()
    clauses = next(s["clauses"] for item in value["items"] for s in item["sections"] if s.get("clauses"))
    clauses.extend([clauses[0]] * 40_000)
    data = json.dumps(value, ensure_ascii=False).encode()
    began = time.process_time()
    message = _error(data)
    assert time.process_time() - began < 1.0
    assert (
        message
        == "<data>: ugyldig referatkit-JSON: $.items[0].title: skal være en tekst, ikke 5 (og 4 fejl mere)"
    )
