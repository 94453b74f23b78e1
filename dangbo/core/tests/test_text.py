"""Vietnamese normalisation, accent-insensitive search and dictionary order (no Django needed)."""

from __future__ import annotations

import random
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from dangbo.core.text import fold, name_sort_key, nfc, text_sort_key, word_sort_key

TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")
CONSONANTS = (*"bcdđghklmnpqrstvx", "f", "j", "w", "z")
LOWER_LETTERS = tuple(nfc(v + tone) for v in VOWELS for tone in TONE_MARKS) + CONSONANTS
VIETNAMESE_LETTERS = LOWER_LETTERS + tuple(letter.upper() for letter in LOWER_LETTERS)

vietnamese_words = st.text(alphabet=st.sampled_from(VIETNAMESE_LETTERS), min_size=1, max_size=7)
vietnamese_text = st.text(alphabet=st.sampled_from((*VIETNAMESE_LETTERS, " ")), max_size=30)
vietnamese_names = st.lists(vietnamese_words, min_size=1, max_size=4).map(" ".join)


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


def strip_tones(word: str) -> str:
    """Drop the tone marks only, keeping ă, â, ê, ô, ơ, ư: the letters tones may not outrank."""
    return nfc("".join(ch for ch in nfd(word.lower()) if ch not in TONE_MARKS[1:]))


def given_names_in_order(names: list[str]) -> list[str]:
    return [name.split()[-1] for name in sorted(names, key=name_sort_key)]


# --- nfc -------------------------------------------------------------------------------------


def test_nfc_composes_decomposed_text_so_equal_names_compare_equal() -> None:
    assert nfc(nfd("Nguyễn Văn Ánh")) == "Nguyễn Văn Ánh"
    assert len(nfc(nfd("ễ"))) == 1


# --- fold ------------------------------------------------------------------------------------


def test_fold_finds_name_typed_without_diacritics() -> None:
    assert fold("Nguyễn Văn Á") == "nguyen van a"
    assert fold("nguyen van a") in fold("Đảng viên Nguyễn Văn Á")


def test_fold_turns_the_letter_dd_into_d_in_both_cases() -> None:
    assert fold("ĐẢNG BỘ") == "dang bo"
    assert fold("đảng bộ") == "dang bo"


def test_fold_accepts_decomposed_input_from_macos_and_pdfs() -> None:
    assert fold(nfd("Trần Thị Hồng Nhung")) == "tran thi hong nhung"


def test_fold_collapses_and_trims_whitespace_from_pasted_names() -> None:
    assert fold("  Lê \u00a0 Văn\t\nLuyện  ") == "le van luyen"


def test_fold_treats_mistyped_icelandic_eth_as_dd() -> None:
    assert fold("Ðỗ") == "do"


def test_fold_of_empty_text_is_empty() -> None:
    assert fold("") == ""
    assert fold("   ") == ""


@given(st.text())
def test_fold_is_idempotent_for_any_text(s: str) -> None:
    assert fold(fold(s)) == fold(s)


@given(st.text())
def test_fold_gives_the_same_result_for_decomposed_and_composed_text(s: str) -> None:
    assert fold(nfd(s)) == fold(nfc(s))


@given(vietnamese_text)
def test_fold_of_vietnamese_letters_is_plain_ascii(s: str) -> None:
    assert fold(s).isascii()
    assert fold(nfd(s)).isascii()


# --- word and text order -------------------------------------------------------------------


def test_tones_follow_the_dictionary_order_ngang_huyen_hoi_nga_sac_nang() -> None:
    words = ["ma", "mà", "mả", "mã", "má", "mạ"]
    assert sorted(reversed(words), key=word_sort_key) == words


def test_letters_a_breve_a_circumflex_a_are_ordered_regardless_of_tone() -> None:
    assert sorted(["â", "ă", "a"], key=word_sort_key) == ["a", "ă", "â"]
    assert word_sort_key("ạ") < word_sort_key("ă") < word_sort_key("ầ")
    assert word_sort_key("mạnh") < word_sort_key("măng")


def test_dd_comes_between_d_and_e() -> None:
    assert word_sort_key("d") < word_sort_key("đ") < word_sort_key("e")
    assert word_sort_key("dương") < word_sort_key("đa")


def test_hooked_and_hatted_vowels_follow_their_plain_vowel() -> None:
    assert word_sort_key("o") < word_sort_key("ô") < word_sort_key("ơ") < word_sort_key("p")
    assert word_sort_key("u") < word_sort_key("ư") < word_sort_key("v")
    assert word_sort_key("e") < word_sort_key("ê") < word_sort_key("g")


def test_foreign_letters_take_their_latin_position() -> None:
    assert word_sort_key("ê") < word_sort_key("f") < word_sort_key("g")
    assert word_sort_key("i") < word_sort_key("j") < word_sort_key("k")
    assert word_sort_key("v") < word_sort_key("w") < word_sort_key("x")
    assert word_sort_key("y") < word_sort_key("z")


def test_shorter_word_sorts_before_a_longer_word_it_starts() -> None:
    assert word_sort_key("an") < word_sort_key("anh")


def test_digits_and_punctuation_sort_before_letters() -> None:
    assert word_sort_key("(1)") < word_sort_key("1") < word_sort_key("9") < word_sort_key("a")


def test_word_order_ignores_case() -> None:
    assert word_sort_key("Đảng") == word_sort_key("đảng") == word_sort_key("ĐẢNG")


def test_word_key_is_the_same_for_decomposed_and_composed_words() -> None:
    assert word_sort_key(nfd("Nguyễn")) == word_sort_key("Nguyễn")


def test_organisation_names_sort_word_by_word_in_vietnamese_order() -> None:
    names = ["Chi bộ Đoàn thể", "Chi bộ Dân chính", "Chi bộ Ấp Bắc", "Chi bộ An Hòa", "Chi bộ"]
    expected = ["Chi bộ", "Chi bộ An Hòa", "Chi bộ Ấp Bắc", "Chi bộ Dân chính", "Chi bộ Đoàn thể"]
    assert sorted(names, key=text_sort_key) == expected


def test_text_key_does_not_put_the_last_word_first() -> None:
    assert text_sort_key("Bắc An") > text_sort_key("An Bắc")


# --- person names ----------------------------------------------------------------------------


def test_names_sort_by_given_name_first_in_vietnamese_alphabet() -> None:
    names = [
        "Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Ân", "Phạm Đức Anh", "Đỗ Văn Dũng",
        "Bùi Văn Đạt",
    ]  # fmt: skip
    assert given_names_in_order(names) == ["An", "Anh", "Ân", "Bình", "Dũng", "Đạt"]


def test_names_with_the_same_given_name_sort_by_family_then_middle_name() -> None:
    names = ["Trần Văn An", "Lê Thị An", "Lê Hoàng An", "Đặng An"]
    expected = ["Đặng An", "Lê Hoàng An", "Lê Thị An", "Trần Văn An"]
    assert sorted(names, key=name_sort_key) == expected


def test_given_name_tone_decides_before_the_family_name() -> None:
    assert name_sort_key("Trần Anh") < name_sort_key("Nguyễn Ánh")


def test_a_single_word_name_sorts_before_longer_names_with_that_given_name() -> None:
    assert name_sort_key("An") < name_sort_key("Ân Văn An") < name_sort_key("Ân Văn Anh")


def test_name_key_ignores_extra_spaces_and_decomposition() -> None:
    assert name_sort_key(" Nguyễn  Văn\u00a0An ") == name_sort_key(nfd("Nguyễn Văn An"))


def test_empty_name_sorts_first() -> None:
    assert name_sort_key("") < name_sort_key("A")


@given(vietnamese_names, vietnamese_names)
def test_name_order_is_total_and_only_ties_for_the_same_name(a: str, b: str) -> None:
    key_a, key_b = name_sort_key(a), name_sort_key(b)
    assert (key_a < key_b) + (key_a == key_b) + (key_a > key_b) == 1
    assert (key_a == key_b) == (a == b)


@given(st.lists(vietnamese_names, max_size=12), st.randoms())
def test_name_sorting_does_not_depend_on_input_order(names: list[str], rnd: random.Random) -> None:
    shuffled = list(names)
    rnd.shuffle(shuffled)
    assert sorted(shuffled, key=name_sort_key) == sorted(names, key=name_sort_key)


@given(vietnamese_names, vietnamese_names)
def test_name_order_ignores_letter_case(a: str, b: str) -> None:
    if a.lower() != b.lower():
        assert (name_sort_key(a) < name_sort_key(b)) == (
            name_sort_key(a.upper()) < name_sort_key(b.lower())
        )


@given(vietnamese_words, vietnamese_words)
def test_tones_never_outrank_letters(a: str, b: str) -> None:
    if strip_tones(a) != strip_tones(b):
        assert (word_sort_key(a) < word_sort_key(b)) == (
            word_sort_key(strip_tones(a)) < word_sort_key(strip_tones(b))
        )


@given(vietnamese_words)
def test_a_word_sorts_before_any_longer_word_it_starts(word: str) -> None:
    assert word_sort_key(word) < word_sort_key(word + "a")


@given(vietnamese_names)
def test_name_order_agrees_with_the_examples_whatever_the_family_name(family: str) -> None:
    names = [f"{family} {given}" for given in ["Đạt", "Ân", "Bình", "An", "Dũng", "Anh"]]
    assert given_names_in_order(names) == ["An", "Anh", "Ân", "Bình", "Dũng", "Đạt"]


def test_numbers_inside_names_sort_by_value_not_digit_by_digit() -> None:
    names = ["Chi bộ khóm 10", "Chi bộ khóm 2", "Chi bộ khóm 1", "Chi bộ khóm 02A", "Chi bộ ấp 3"]
    assert sorted(names, key=text_sort_key) == [
        "Chi bộ ấp 3",
        "Chi bộ khóm 1",
        "Chi bộ khóm 2",
        "Chi bộ khóm 02A",
        "Chi bộ khóm 10",
    ]


def test_a_number_sorts_before_any_letter_and_after_punctuation() -> None:
    assert sorted(["Tổ b", "Tổ 9", "Tổ -"], key=text_sort_key) == ["Tổ -", "Tổ 9", "Tổ b"]
