"""CoNLL / IOB: the real files of spaCy, seqeval, doccano and Label Studio, lenient decoding, and round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator import formats
from annotator.core.errors import BadInput
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.formats.conll import FORMAT

INTEROP = Path(__file__).resolve().parent.parent / "data" / "interop"
CONLL = INTEROP / "conll"

SPACY_CHUNKS = [
    ("PERSON", "Sebastian Thrun"),
    ("ORG", "Google"),
    ("DATE", "2007"),
    ("NORP", "American"),
    ("PERSON", "Thrun"),
    ("ORG", "Recode"),
    ("DATE", "earlier this week"),
]
SPACY_TEXT_START = "When Sebastian Thrun started working on self - driving cars at Google in 2007 , few people"
LAYOUT = "text layouts (spaces and line breaks between tokens)"


def chunks(doc: DocumentRecord) -> list[tuple[str, str]]:
    return [(a.label, doc.text[a.start : a.end]) for a in doc.annotations]


def read_one(path: Path) -> DocumentRecord:
    (doc,) = FORMAT.read(path)
    return doc


def write_file(tmp_path: Path, content: str, name: str = "in.conll") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


def problems_of(path: Path) -> list[tuple[int | None, str]]:
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert all(p.path == str(path) for p in info.value.problems)
    return [(p.line, p.message) for p in info.value.problems]


def doc(text: str, *spans: tuple[str, str], ident: str = "d") -> DocumentRecord:
    """A record with a span per (label, substring), at the first occurrence of the substring."""
    annotations = []
    for label, part in spans:
        start = text.index(part)
        annotations.append(AnnotationRecord(label, start, start + len(part), id=f"a{len(annotations) + 1}"))
    return DocumentRecord(text=text, external_id=ident, annotations=annotations)


def round_trip(tmp_path: Path, *documents: DocumentRecord):
    out = tmp_path / "out.conll"
    report = FORMAT.write(iter(documents), out)
    raw = out.read_text(encoding="utf-8")
    return report, list(FORMAT.read(out)) if raw else [], raw  # a file without tokens is refused on import


# --- registry


def test_registry_knows_conll_by_name_and_every_extension(tmp_path):
    assert formats.get("conll") is FORMAT
    assert (FORMAT.name, FORMAT.writes_folder, FORMAT.one_set) == ("conll", False, True)
    for ext in (".conll", ".iob", ".bio", ".IOB"):
        assert formats.for_path(tmp_path / f"x{ext}") is FORMAT
    assert formats.detect(tmp_path / "x.conllu") is None  # CoNLL-U is another layout, not claimed


# --- the tools' files


def test_spacy_conll2003_four_columns_with_docstart():
    doc_ = read_one(CONLL / "spacy-ner-token-per-line-conll2003.iob")
    assert doc_.external_id == "spacy-ner-token-per-line-conll2003"
    assert chunks(doc_) == SPACY_CHUNKS
    assert doc_.text.startswith(SPACY_TEXT_START)
    assert "-DOCSTART-" not in doc_.text and "-X-" not in doc_.text and "NNP" not in doc_.text
    # two sentences; the curly quotes and n’t are tokens of the rebuilt text
    assert doc_.text.count("\n") == 1
    assert doc_.text.split("\n")[1].startswith("“ I can tell you very senior CEOs")
    assert "because I was n’t worth talking to , ” said Thrun" in doc_.text
    first = doc_.annotations[0]
    assert (first.start, first.end, first.line) == (5, 20, 4)  # "Sebastian" is on line 4 of the file
    assert doc_.title == "When Sebastian Thrun started working on self - driving cars at Google in 2007…"


def test_spacy_two_tab_columns_give_the_same_document():
    two = read_one(CONLL / "spacy-ner-token-per-line.iob")
    four = read_one(CONLL / "spacy-ner-token-per-line-conll2003.iob")
    assert chunks(two) == SPACY_CHUNKS
    assert two.text == four.text.replace("\n", " ")  # this copy has no blank line between the sentences
    assert [(a.start, a.end) for a in two.annotations] == [(a.start, a.end) for a in four.annotations]
    assert two.annotations[0].line == 2 and two.line == 1


def test_seqeval_conlleval_input_takes_the_last_column_and_counts_chunks_like_conlleval():
    # `token POS gold pred`: the prediction (last column) opens 84 chunks with a bare I- tag.
    doc_ = read_one(CONLL / "seqeval-ground_truth-conlleval.txt")
    counts: dict[str, int] = {}
    for a in doc_.annotations:
        counts[a.label] = counts.get(a.label, 0) + 1
    # found by running conlleval.pl (seqeval's tests/conlleval.pl) on this file: "found: 539 phrases"
    assert counts == {"NP": 317, "PP": 107, "VP": 100, "ADVP": 11, "SBAR": 3, "ADJP": 1}
    assert chunks(doc_)[:16] == [
        ("NP", "Rockwell International Corp."),  # I-NP I-NP I-NP: an I- after O starts a chunk
        ("NP", "'s Tulsa unit"),
        ("VP", "said"),
        ("NP", "it"),
        ("VP", "signed"),
        ("NP", "a tentative agreement"),
        ("VP", "extending"),
        ("NP", "its contract"),
        ("PP", "with"),
        ("NP", "Boeing Co."),  # I-NP after B-PP
        ("PP", "to"),  # the gold column says B-VP here: the last column wins
        ("VP", "provide"),  # I-VP after B-PP
        ("NP", "structural parts"),
        ("PP", "for"),
        ("NP", "Boeing"),
        ("NP", "'s 747 jetliners"),
    ]
    assert doc_.text.startswith("Rockwell International Corp. 's Tulsa unit said it signed a tentative agreement")


def test_seqeval_txt_needs_the_format_named(tmp_path):
    assert formats.detect(CONLL / "seqeval-ground_truth-conlleval.txt").name == "txt"


def test_doccano_two_tab_columns_without_final_newline():
    doc_ = read_one(INTEROP / "doccano" / "import_sequence_labeling.conll")
    assert doc_.text == "JAPAN GET\nNadim Ladki"
    assert [(a.label, a.start, a.end, a.line) for a in doc_.annotations] == [("LOC", 0, 5, 1), ("PER", 10, 21, 4)]


def test_label_studio_conll2003_export_with_spaced_labels_and_emoji():
    doc_ = read_one(INTEROP / "label_studio" / "ls-1.23.2-export.conll")
    assert doc_.external_id == "ls-1.23.2-export" and doc_.line == 1
    assert doc_.text.startswith("Some NATO member countries may consider sending troops to Ukraine if the Alliance 's")
    assert "-DOCSTART-" not in doc_.text
    assert chunks(doc_) == [
        (
            "Condition",
            "if the Alliance 's upcoming summer summit in Vilnius fails to provide real security guarantees for Kyiv.",
        ),
        ("Actor", "Anders Fogh Rasmussen"),
        (
            "Quote",
            "\" If NATO fails to reach concrete agreements on Ukraine 's future path at the upcoming Vilnius summit ,"
            " there is a possibility that certain countries will take their own measures..",
        ),
        ("Actor", "Poland"),
        ("Guarantee type", "intelligence sharing"),  # written unescaped as `B-Guarantee type`
        ("Guarantee type", "joint training with Ukraine"),
        ("Actor", "Zelensky"),
        ("Quote", "“We need guarantees before Vilnius.”"),
        ("Actor", "Poland"),
    ]
    # the blank line between the two tasks is the only sentence break
    assert doc_.text.endswith(
        "Washington .\nZelensky 🇺🇦 said : “We need guarantees before Vilnius.” Poland agreed 😀 ."
    )
    assert [a.line for a in doc_.annotations] == [12, 40, 186, 221, 383, 386, 582, 586, 591]


# --- decoding


def test_iob1_bioes_and_bilou_decode_to_the_same_chunks(tmp_path):
    layouts = {
        "iob2": "B-PER I-PER O B-LOC B-LOC I-LOC O B-ORG",
        "iob1": "I-PER I-PER O I-LOC B-LOC I-LOC O I-ORG",
        "bioes": "B-PER E-PER O S-LOC B-LOC E-LOC O S-ORG",
        "bilou": "B-PER L-PER O U-LOC B-LOC L-LOC O U-ORG",
    }
    words = "Anders Rasmussen in Kyiv Vilnius city of NATO".split()
    for name, tags in layouts.items():
        path = write_file(
            tmp_path, "".join(f"{w} {t}\n" for w, t in zip(words, tags.split(), strict=True)), f"{name}.bio"
        )
        doc_ = read_one(path)
        assert chunks(doc_) == [
            ("PER", "Anders Rasmussen"),
            ("LOC", "Kyiv"),
            ("LOC", "Vilnius city"),
            ("ORG", "NATO"),
        ], name


def test_chunks_end_at_type_changes_after_single_tags_and_at_sentence_breaks(tmp_path):
    path = write_file(tmp_path, "a\tI-X\nb\tI-Y\nc\tS-Y\nd\tI-Y\ne\tE-Y\nf\tI-Y\n\ng\tI-Y\nh\tO\n")
    assert chunks(read_one(path)) == [("X", "a"), ("Y", "b"), ("Y", "c"), ("Y", "d e"), ("Y", "f"), ("Y", "g")]


def test_hyphenated_labels_split_at_the_first_hyphen(tmp_path):
    path = write_file(tmp_path, "security B-guarantee-type\nguarantees I-guarantee-type\n")
    assert chunks(read_one(path)) == [("guarantee-type", "security guarantees")]


def test_each_docstart_starts_a_document_named_after_the_file(tmp_path):
    content = "one O\n\n-DOCSTART- -X- O O\n\ntwo B-X\n\n-DOCSTART- -X- O O\n-DOCSTART- -X- O O\nthree O\nfour B-Y\n-DOCSTART- -X- O O\n\n"
    docs = list(FORMAT.read(write_file(tmp_path, content, "news.conll")))
    assert [(d.external_id, d.text, d.line) for d in docs] == [
        ("news", "one", 1),
        ("news-2", "two", 3),
        ("news-3", "three four", 8),
    ]
    assert [chunks(d) for d in docs] == [[], [("X", "two")], [("Y", "four")]]
    assert all(d.title == d.text for d in docs) and all(d.path == str(tmp_path / "news.conll") for d in docs)


def test_crlf_tabs_and_spaces_and_blank_runs_are_read(tmp_path):
    path = tmp_path / "crlf.iob"
    path.write_bytes(b"Kyiv \t NNP\tB-LOC\r\n\r\n\r\n  \r\nsaid VBD O\r\n")
    doc_ = read_one(path)
    assert doc_.text == "Kyiv\nsaid" and chunks(doc_) == [("LOC", "Kyiv")]


def test_a_file_without_tokens_is_refused_like_an_empty_txt(tmp_path):
    assert problems_of(write_file(tmp_path, "")) == [(None, "empty file, no tokens to import")]
    assert problems_of(write_file(tmp_path, "\n\n", "blank.conll")) == [(None, "empty file, no tokens to import")]
    only = write_file(tmp_path, "\n-DOCSTART- -X- O O\n\n-DOCSTART- -X- O O\n", "only.conll")
    assert problems_of(only) == [(2, "only -DOCSTART- lines, no tokens to import")]


# --- broken files


def test_ragged_columns_and_bad_tags_are_all_named_by_line(tmp_path):
    content = "-DOCSTART- -X- O\n\nKyiv NNP _ B-LOC\nsaid VBD O\nit PRP _ B-\nwas VBD _ X-LOC\nthen\nhere RB _ b-LOC\nok RB _ O\n"
    problems = problems_of(write_file(tmp_path, content))
    assert problems == [
        (4, "3 columns, but line 3 has 4"),
        (5, "tag 'B-' is not O or a B-, I-, E-, S-, L- or U- prefix with a label"),
        (6, "tag 'X-LOC' is not O or a B-, I-, E-, S-, L- or U- prefix with a label"),
        (7, "one column only: no tag"),
        (8, "tag 'b-LOC' is not O or a B-, I-, E-, S-, L- or U- prefix with a label"),
    ]


def test_spaced_labels_are_read_only_where_they_fit_the_columns(tmp_path):
    spaced = write_file(tmp_path, "joint -X- _ B-Guarantee type\ntraining -X- _ I-Guarantee type\nsoon -X- _ O\n")
    assert chunks(read_one(spaced)) == [("Guarantee type", "joint training")]
    # a bad last column is named as a bad tag, not taken for a label that spills into the chunk column
    bad = write_file(tmp_path, "Kyiv NNP B-NP B-LOC\nsaid VBD B-VP X\n", "bad.conll")
    assert problems_of(bad) == [(2, "tag 'X' is not O or a B-, I-, E-, S-, L- or U- prefix with a label")]


def test_a_conllu_file_is_refused_not_misread(tmp_path):
    content = "# text = Kyiv said.\n1\tKyiv\tKyiv\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n2\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    problems = problems_of(write_file(tmp_path, content, "ud.conllu"))
    assert [line for line, _ in problems] == [1, 2, 3]  # CoNLL-U's ID/FORM/.../MISC layout is not IOB
    assert problems[1:] == [(2, "10 columns, but line 1 has 5"), (3, "10 columns, but line 1 has 5")]


def test_undecodable_file_names_file_and_line(tmp_path):
    path = tmp_path / "latin1.conll"
    path.write_bytes(b"Kyiv B-LOC\nM\xfcnchen B-LOC\n")
    assert problems_of(path)[0][0] == 2


def test_bad_input_message_names_file_and_line(tmp_path):
    path = write_file(tmp_path, "a O\nb Q\n")
    with pytest.raises(BadInput) as info:
        list(FORMAT.read(path))
    assert str(info.value) == f"{path}:2: tag 'Q' is not O or a B-, I-, E-, S-, L- or U- prefix with a label"


# --- writing


def test_written_file_is_two_column_iob2_with_docstart(tmp_path):
    first = doc(
        "Anders Fogh Rasmussen said:\nNATO must act.",
        ("actor", "Anders Fogh Rasmussen"),
        ("actor", "NATO"),
        ident="one",
    )
    second = doc("Kyiv waits.", ("actor", "Kyiv"), ident="two")
    report, read, raw = round_trip(tmp_path, first, second)
    assert raw == (
        "-DOCSTART-\tO\n\n"
        "Anders\tB-actor\nFogh\tI-actor\nRasmussen\tI-actor\nsaid\tO\n:\tO\n\n"
        "NATO\tB-actor\nmust\tO\nact\tO\n.\tO\n\n"
        "-DOCSTART-\tO\n\n"
        "Kyiv\tB-actor\nwaits\tO\n.\tO\n\n"
    )
    assert (report.documents, report.annotations, report.files) == (2, 3, [tmp_path / "out.conll"])
    assert report.lost == {"document ids": 2, LAYOUT: 2}
    assert [(d.external_id, d.text, chunks(d)) for d in read] == [
        (
            "out",
            "Anders Fogh Rasmussen said :\nNATO must act .",
            [("actor", "Anders Fogh Rasmussen"), ("actor", "NATO")],
        ),
        ("out-2", "Kyiv waits .", [("actor", "Kyiv")]),
    ]


def test_text_already_in_token_layout_round_trips_exactly(tmp_path):
    text = "Rasmussen said NATO must act .\nMore to follow ."
    original = doc(text, ("actor", "Rasmussen"), ("quote", "NATO must act ."))
    report, (read,), _ = round_trip(tmp_path, original)
    assert read.text == text
    assert [(a.label, a.start, a.end) for a in read.annotations] == [
        (a.label, a.start, a.end) for a in original.annotations
    ]
    assert LAYOUT not in report.lost


def test_emoji_flags_and_combining_marks_are_never_split(tmp_path):
    text = "Zelensky 🇺🇦🇵🇱 said e\u0301te\u0301 👨\u200d👩\u200d👧 1\ufe0f\u20e3 👍🏽 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f don't self-driving."
    report, (read,), raw = round_trip(tmp_path, doc(text))
    tokens = [line.split("\t")[0] for line in raw.splitlines()[2:] if line]
    assert tokens == [
        "Zelensky",
        "🇺🇦",
        "🇵🇱",
        "said",
        "e\u0301te\u0301",
        "👨\u200d👩\u200d👧",
        "1\ufe0f\u20e3",
        "👍🏽",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
        "don't",
        "self-driving",
        ".",
    ]
    assert read.text == " ".join(tokens)


def test_span_edges_inside_a_character_widen_to_the_whole_character(tmp_path):
    text = "Flags 🇺🇦🇵🇱 and cafe\u0301 today"
    flag = text.index("🇺🇦")
    accent = text.index("e\u0301")
    spans = [
        AnnotationRecord("actor", flag + 1, flag + 3, id="a1"),  # second half of 🇺🇦, first half of 🇵🇱
        AnnotationRecord("place", text.index("cafe"), accent + 1, id="a2"),  # without its accent
    ]
    report, (read,), _ = round_trip(tmp_path, DocumentRecord(text=text, external_id="d", annotations=spans))
    assert chunks(read) == [("actor", "🇺🇦 🇵🇱"), ("place", "cafe\u0301")]
    what = "exact span edges (inside a character; widened to the whole character)"
    assert report.lost[what] == 2
    assert report.examples[what] == ["d: actor '\U0001f1e6\U0001f1f5'", "d: place 'cafe'"]


def test_span_edges_inside_words_split_the_word(tmp_path):
    report, (read,), raw = round_trip(tmp_path, doc("Anti-NATO rhetoric", ("group", "NATO")))
    assert "Anti-\tO\nNATO\tB-group\n" in raw
    assert chunks(read) == [("group", "NATO")] and report.annotations == 1


IMPORTED_TOKENS = (
    "-DOCSTART-\tO\n\n"
    "The\tO\nU.N.\tB-org\nsent\tO\nBan\tB-person\nKi-moon\tI-person\n,\tO\nPh.D.\tO\n,\tO\nto\tO\nKyiv\tB-place\n.\tO\n\n"
    "Talks\tO\nend\tO\n5p.m.\tO\n\n"
)


def test_a_document_read_from_conll_is_written_with_its_own_tokens(tmp_path):
    (read,) = FORMAT.read(write_file(tmp_path, IMPORTED_TOKENS))
    assert read.meta == {"tokens": "whitespace"}
    report, _, raw = round_trip(tmp_path, read)
    assert raw == IMPORTED_TOKENS  # not "U . N ." nor "Ph . D ."
    assert report.lost == {"document ids": 1}  # the tokens are no lost metadata, and no layout is lost


def test_a_span_edge_inside_a_stored_token_cuts_it_and_says_so(tmp_path):
    (read,) = FORMAT.read(write_file(tmp_path, IMPORTED_TOKENS))
    start = read.text.index("U.N.")
    read.annotations = [
        AnnotationRecord("org", start, start + 3),
        AnnotationRecord("when", read.text.index("p.m."), len(read.text)),
    ]
    report, _, raw = round_trip(tmp_path, read)
    assert "The\tO\nU.N\tB-org\n.\tO\nsent\tO\n" in raw and "end\tO\n5\tO\np.m.\tB-when\n" in raw
    what = "imported tokens whole (a span edge falls inside them; cut there)"
    assert report.lost[what] == 2 and report.examples[what] == ["in: 'U.N|.'", "in: '5|p.m.'"]
    assert f"2 {what} not exported (e.g. in: 'U.N|.'; in: '5|p.m.')" in report.summary()


def test_other_metadata_of_a_conll_document_is_still_reported(tmp_path):
    (read,) = FORMAT.read(write_file(tmp_path, IMPORTED_TOKENS))
    read.meta["date"] = "2023-06-16"
    report, _, raw = round_trip(tmp_path, read)
    assert raw == IMPORTED_TOKENS and report.examples["document metadata"] == ["in: date"]


def test_span_across_a_line_break_stays_one_chunk(tmp_path):
    text = "He said:\n“We need guarantees,\nnow.”\nThen he left."
    report, (read,), _ = round_trip(tmp_path, doc(text, ("quote", "“We need guarantees,\nnow.”")))
    assert read.text == "He said :\n“ We need guarantees , now . ”\nThen he left ."
    assert chunks(read) == [("quote", "“ We need guarantees , now . ”")]


def test_overlaps_keep_the_earliest_longest_and_report_every_dropped_one(tmp_path):
    text = "Former NATO chief Anders Fogh Rasmussen said Poland may act."
    original = doc(
        text,
        ("actor", "NATO"),
        ("actor", "NATO chief Anders Fogh Rasmussen"),  # same start, longer: kept
        ("actor", "Anders Fogh Rasmussen"),  # nested: dropped
        ("quote", "Rasmussen said Poland"),  # crosses the kept one: dropped
        ("actor", "Poland"),  # overlaps only a dropped span: kept
    )
    report, (read,), _ = round_trip(tmp_path, original)
    assert chunks(read) == [("actor", "NATO chief Anders Fogh Rasmussen"), ("actor", "Poland")]
    assert report.annotations == 2 and report.lost["overlapping spans"] == 3
    assert report.examples["overlapping spans"] == [
        "d: actor 'NATO' overlaps actor 'NATO chief Anders Fogh Rasmussen'",
        "d: actor 'Anders Fogh Rasmussen' overlaps actor 'NATO chief Anders Fogh Rasmussen'",
        "d: quote 'Rasmussen said Poland' overlaps actor 'NATO chief Anders Fogh Rasmussen'",
    ]


def test_attributes_notes_relations_metadata_and_spaced_labels_are_reported(tmp_path):
    text = "Rasmussen said NATO must act."
    original = DocumentRecord(
        text=text,
        external_id="rasmussen",
        meta={"date": "2023-06-16", "source": "guardian"},
        annotations=[
            AnnotationRecord("actor", 0, 9, id="a1", attributes={"kind": "person"}, note="former\nchief"),
            AnnotationRecord("Guarantee type", 15, 29, id="a2"),
            AnnotationRecord("actor", 9, 10, id="a3"),  # only a space
        ],
        relations=[RelationRecord("speaker", "a2", "a1", id="r1")],
    )
    report, (read,), raw = round_trip(tmp_path, original)
    assert "must\tI-Guarantee_type\n" in raw
    assert chunks(read) == [("actor", "Rasmussen"), ("Guarantee_type", "NATO must act .")]
    assert report.lost == {
        "document ids": 1,
        "document metadata": 1,
        "attributes": 1,
        "notes": 1,
        "relations": 1,
        "whitespace in labels (written as _)": 1,
        "spans without a token": 1,
        LAYOUT: 1,
    }
    assert report.examples["attributes"] == ["rasmussen: actor 'Rasmussen' kind=person"]
    assert report.examples["notes"] == ["rasmussen: actor 'Rasmussen': former\nchief"]
    assert report.examples["relations"] == ["rasmussen: speaker a2 -> a1"]
    assert report.examples["document metadata"] == ["rasmussen: date, source"]
    assert all("\n" not in line for line in report.summary()[:3])


def test_documents_without_text_are_reported_not_written(tmp_path):
    report, read, raw = round_trip(
        tmp_path, DocumentRecord(text=None, external_id="spans"), DocumentRecord(text=" \n\t", external_id="blank")
    )
    assert (report.documents, read, raw) == (0, [], "")
    assert report.lost == {"documents without text": 2}


def test_failed_export_leaves_no_file(tmp_path):
    def documents():
        yield doc("Kyiv waits.", ("actor", "Kyiv"))
        raise RuntimeError("database went away")

    folder = tmp_path / "export"
    folder.mkdir()
    with pytest.raises(RuntimeError):
        FORMAT.write(documents(), folder / "out.conll")
    assert list(folder.iterdir()) == []


# --- round-trip properties

WORDS = [
    "Kyiv",
    "NATO",
    "a",
    "e\u0301te\u0301",
    "مرحبا",
    "بالعالم",
    "שלום",
    "don't",
    "self-driving",
    "2023",
    "😀",
    "🇺🇦",
    "👨\u200d👩\u200d👧",
]
MARKS = [",", ".", ":", "“", "”", "(", ")", "-", "'", "—"]
SEPARATORS = [" ", "  ", "\t", "\r\n", "\n", "\n\n", " \r\n "]
LABELS = ["actor", "quote", "condition", "Guarantee type"]


@st.composite
def documents_with_spans(draw, ident: str):
    """A text made of whole characters and separators, and spans whose edges fall between pieces."""
    pieces = draw(st.lists(st.sampled_from(WORDS + MARKS + SEPARATORS), min_size=1, max_size=25))
    text = "".join(pieces)
    edges = [0]
    for piece in pieces:
        edges.append(edges[-1] + len(piece))
    pairs = draw(
        st.lists(st.tuples(st.sampled_from(edges), st.sampled_from(edges), st.sampled_from(LABELS)), max_size=8)
    )
    annotations = [AnnotationRecord(label, min(a, b), max(a, b), id=f"a{i}") for i, (a, b, label) in enumerate(pairs)]
    return DocumentRecord(text=text, external_id=ident, annotations=annotations)


def expected_spans(document: DocumentRecord) -> tuple[list[tuple[str, str]], int, int]:
    """(label, covered text without whitespace) of the spans IOB can hold; overlapping and blank counts."""
    text = document.text or ""
    candidates, blank = [], 0
    for index, a in enumerate(document.annotations):
        covered = text[a.start : a.end]
        if not covered.strip():
            blank += 1
            continue
        start = a.start + len(covered) - len(covered.lstrip())
        end = a.end - (len(covered) - len(covered.rstrip()))
        candidates.append((start, -end, index, a.label.replace(" ", "_")))
    kept, last_end, dropped = [], -1, 0
    for start, negative_end, _, label in sorted(candidates):
        if start < last_end:
            dropped += 1
            continue
        kept.append((label, "".join(text[start:-negative_end].split())))
        last_end = -negative_end
    return kept, dropped, blank


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(), min_size=1, max_size=3).flatmap(
        lambda seeds: st.tuples(*(documents_with_spans(f"doc-{i}") for i in range(len(seeds))))
    )
)
def test_round_trip_keeps_labels_and_covered_texts_and_reports_exactly_what_it_drops(tmp_path_factory, documents):
    tmp_path = tmp_path_factory.mktemp("conll")
    report, read, _ = round_trip(tmp_path, *documents)
    written = [d for d in documents if d.text.strip()]
    assert len(read) == len(written) == report.documents

    overlapping = blank = spaced = kept_total = relaid = 0
    for original, back in zip(written, read, strict=True):
        kept, dropped, empty = expected_spans(original)
        overlapping, blank, kept_total = overlapping + dropped, blank + empty, kept_total + len(kept)
        spaced += sum(" " in a.label for a in original.annotations)
        assert [(label, "".join(text.split())) for label, text in chunks(back)] == kept
        assert "".join(back.text.split()) == "".join(original.text.split())  # no character lost or added
        relaid += back.text != original.text

    expected = {
        "document ids": len(written),
        "overlapping spans": overlapping,
        "spans without a token": blank,
        "whitespace in labels (written as _)": spaced,
        "documents without text": len(documents) - len(written),
        LAYOUT: relaid,
    }
    assert report.lost == {what: count for what, count in expected.items() if count}
    assert report.annotations == kept_total


@settings(max_examples=100, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("ab ,\t\r\n") + ["\u0301", "😀", "\U0001f1fa", "\U0001f1e6", "\u200d", "ש", "م"]),
        min_size=1,
        max_size=30,
    ),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=6),
)
def test_spans_at_any_code_point_are_kept_widened_or_reported_never_crash(tmp_path_factory, text, offsets):
    tmp_path = tmp_path_factory.mktemp("conll")
    spans = [
        AnnotationRecord("x", min(a, b, len(text)), min(max(a, b), len(text)), id=str(i))
        for i, (a, b) in enumerate(offsets)
    ]
    report, read, _ = round_trip(tmp_path, DocumentRecord(text=text, external_id="d", annotations=spans))
    if not text.strip():
        assert read == [] and report.lost == {"documents without text": 1}
        return
    (back,) = read
    assert "".join(back.text.split()) == "".join(text.split())
    dropped = report.lost.get("overlapping spans", 0) + report.lost.get("spans without a token", 0)
    assert report.annotations + dropped == len(spans) == len(back.annotations) + dropped
    # every kept chunk covers at least what some span covered (spans only widen to whole characters)
    wanted = ["".join(text[a.start : a.end].split()) for a in spans]
    assert all(any(w and w in "".join(chunk.split()) for w in wanted) for _, chunk in chunks(back))
