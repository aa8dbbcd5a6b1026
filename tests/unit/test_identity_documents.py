"""Identity documents (R001.10 and every API that takes one): GB 11643-1999 resident ID numbers, first-generation
15-digit numbers, and the typed documents of people without a mainland ID."""
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st
from marshmallow import ValidationError

from shared.identity_documents import (CHECK_CHARACTERS, HK_MACAU_TAIWAN_RESIDENCE_PERMIT, HK_MACAU_TRAVEL_PERMIT,
                                       PASSPORT, RESIDENT_ID, TAIWAN_TRAVEL_PERMIT, InvalidIdentityDocument,
                                       check_character, eighteen_digit_form, identity_document, resident_id,
                                       resident_id_number)
from services.lottery.api.requests import FamilySchema
from services.lottery.application.app import applicant_hash

TODAY = date(2026, 6, 1)
# The standard's own example (GB 11643-1999, appendix): a Beijing number whose check character is X.
STANDARD_EXAMPLE = "11010519491231002X"


def refusal(number, id_type=RESIDENT_ID):
    with pytest.raises(InvalidIdentityDocument) as caught:
        identity_document(number, id_type, today=TODAY)
    return caught.value.reason


def test_R001_10_the_standards_example_is_valid_and_its_check_character_is_X():
    assert check_character(STANDARD_EXAMPLE[:17]) == "X"
    assert resident_id(STANDARD_EXAMPLE, today=TODAY) == STANDARD_EXAMPLE


def test_R001_10_a_lower_case_x_is_the_same_number():
    assert identity_document(STANDARD_EXAMPLE.lower(), today=TODAY).number == STANDARD_EXAMPLE


def test_R001_10_a_wrong_check_character_is_refused():
    wrong = STANDARD_EXAMPLE[:17] + "1"
    assert refusal(wrong) == "check_character"


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "18991231"])
def test_R001_10_an_impossible_birth_date_is_refused(birth):
    body = "110105" + birth + "002"
    assert refusal(body + check_character(body)) == "birth_date"


def test_R001_10_a_birth_date_in_the_future_is_refused():
    assert refusal(resident_id_number("440301", TODAY + timedelta(days=1), 1)) == "birth_date"
    assert identity_document(resident_id_number("440301", TODAY, 1), today=TODAY).number


@pytest.mark.parametrize("region", ["000000", "990101", "001234"])
def test_R001_10_a_region_code_that_is_none_is_refused(region):
    assert refusal(resident_id_number(region, date(1980, 1, 1), 1)) == "region"


@pytest.mark.parametrize("number", ["123456", "", "11010519491231002", "11010519491231002XX", "1101051949123100２X",
                                    "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "11010519491231002X\n"])
def test_R001_10_what_is_not_shaped_like_an_id_number_is_refused(number):
    assert refusal(number) == "format"


def test_R001_10_a_first_generation_number_becomes_its_18_character_form():
    assert eighteen_digit_form("110105491231002") == STANDARD_EXAMPLE
    assert identity_document("110105491231002", today=TODAY).number == STANDARD_EXAMPLE


def test_R001_10_a_first_generation_number_with_an_impossible_date_is_refused():
    assert refusal("110105490230002") == "birth_date"


def test_R001_10_both_forms_of_one_number_are_one_applicant():
    fifteen = identity_document("110105491231002", today=TODAY)
    eighteen = identity_document(STANDARD_EXAMPLE, today=TODAY)
    assert fifteen == eighteen and applicant_hash(fifteen) == applicant_hash(eighteen)


@pytest.mark.parametrize("id_type,number", [
    (HK_MACAU_TRAVEL_PERMIT, "H12345678"), (HK_MACAU_TRAVEL_PERMIT, "M1234567890"),
    (HK_MACAU_TRAVEL_PERMIT, "h12345678"),
    (TAIWAN_TRAVEL_PERMIT, "12345678"), (TAIWAN_TRAVEL_PERMIT, "1234567890"),
    (PASSPORT, "E12345678"), (PASSPORT, "K1234"), (PASSPORT, "AB1234567890CDEFG"),
])
def test_R001_10_documents_of_people_without_a_mainland_id_are_accepted_by_their_own_format(id_type, number):
    document = identity_document(number, id_type, today=TODAY)
    assert document.number == number.upper() and document.id_type == id_type


@pytest.mark.parametrize("id_type,number", [
    (HK_MACAU_TRAVEL_PERMIT, "X12345678"), (HK_MACAU_TRAVEL_PERMIT, "H1234567"), (HK_MACAU_TRAVEL_PERMIT, "H123456789"),
    (TAIWAN_TRAVEL_PERMIT, "1234567"), (TAIWAN_TRAVEL_PERMIT, "123456789"), (TAIWAN_TRAVEL_PERMIT, "T1234567"),
    (PASSPORT, "E123"), (PASSPORT, "E1234567890123456X"), (PASSPORT, "ABCDEFG"), (PASSPORT, "E1234-567"),
    (PASSPORT, "E١٢٣٤٥٦٧"),
])
def test_R001_10_typed_documents_out_of_their_format_are_refused(id_type, number):
    assert refusal(number, id_type) == "format"


@pytest.mark.parametrize("region", ["810000", "820000", "830000"])
def test_R001_10_residence_permits_are_gb_11643_numbers_of_their_own_regions(region):
    number = resident_id_number(region, date(1985, 7, 1), 12)
    document = identity_document(number, HK_MACAU_TAIWAN_RESIDENCE_PERMIT, today=TODAY)
    assert document.number == number
    assert refusal(number[:17] + ("0" if number[17] != "0" else "1"), HK_MACAU_TAIWAN_RESIDENCE_PERMIT) == \
        "check_character"


def test_R001_10_a_residence_permit_needs_its_regions_and_18_characters():
    assert refusal(resident_id_number("440301", date(1985, 7, 1), 12), HK_MACAU_TAIWAN_RESIDENCE_PERMIT) == "region"
    assert refusal("810000850701012", HK_MACAU_TAIWAN_RESIDENCE_PERMIT) == "region"


def test_R001_10_an_unknown_document_type_is_refused():
    assert refusal("E12345678", "library_card") == "id_type"


def test_R001_10_one_number_under_two_types_is_not_one_person_unless_both_are_gb_11643():
    passport, permit = identity_document("12345678", PASSPORT), identity_document("12345678", TAIWAN_TRAVEL_PERMIT)
    assert passport.key != permit.key
    number = resident_id_number("810000", date(1985, 7, 1), 12)
    assert identity_document(number).key == identity_document(number, HK_MACAU_TAIWAN_RESIDENCE_PERMIT).key


@st.composite
def valid_bodies(draw):
    """A 17-digit body with a real region, a real birth date since 1900 and any sequence."""
    region = draw(st.sampled_from(["110105", "440301", "310104", "650102", "810000", "830000"]))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    return f"{region}{born:%Y%m%d}{draw(st.integers(0, 999)):03d}"


@given(valid_bodies())
def test_R001_10_any_valid_body_with_its_computed_check_character_passes(body):
    number = body + check_character(body)
    assert resident_id(number, today=TODAY) == number
    assert resident_id(number.lower(), today=TODAY) == number


@given(valid_bodies(), st.sampled_from(CHECK_CHARACTERS))
def test_R001_10_any_other_check_character_fails(body, character):
    if character != check_character(body):
        with pytest.raises(InvalidIdentityDocument) as caught:
            resident_id(body + character, today=TODAY)
        assert caught.value.reason == "check_character"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(1999, 12, 31)), st.integers(0, 999))
def test_R001_10_every_first_generation_number_is_its_18_character_form(born, sequence):
    fifteen = f"440301{born:%y%m%d}{sequence:03d}"
    assert resident_id(fifteen, today=TODAY) == resident_id_number("440301", born, sequence)


def test_R001_10_the_family_schema_normalises_the_number_and_reports_the_failed_check():
    loaded = FamilySchema().load({"family_id": "F1", "applicant_id_number": "110105491231002"})
    assert loaded == {"family_id": "F1", "applicant_id_type": RESIDENT_ID, "applicant_id_number": STANDARD_EXAMPLE}
    passport = FamilySchema().load({"family_id": "F2", "applicant_id_type": PASSPORT,
                                    "applicant_id_number": "e1234567"})
    assert passport["applicant_id_number"] == "E1234567"
    for number in ("123456", STANDARD_EXAMPLE[:17] + "1", "110105194902300021"):
        with pytest.raises(ValidationError) as caught:
            FamilySchema().load({"family_id": "F3", "applicant_id_number": number})
        assert list(caught.value.messages) == ["applicant_id_number"]
    with pytest.raises(ValidationError) as caught:
        FamilySchema().load({"family_id": "F4", "applicant_id_type": "library_card", "applicant_id_number": "E1234567"})
    assert list(caught.value.messages) == ["applicant_id_type"]
