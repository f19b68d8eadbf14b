"""NHS numbers: ten digits, the last a check digit by modulus 11 (NHS Data Dictionary).

Weight the first nine digits 10, 9, 8, 7, 6, 5, 4, 3, 2 and add; the check digit is 11 minus
the remainder of that sum divided by 11, except that 11 gives 0 and 10 means no valid number
starts with those nine digits. Each row shows the arithmetic, done by hand.
"""

from __future__ import annotations

import pytest

from carewatch.domain.incidents import (
    InvalidNhsNumber,
    check_digit,
    is_valid_nhs_number,
    normalise_nhs_number,
)

VALID = """
number        check  working
943 476 5919  9      90+36+24+28+42+30+20+27+2 = 299; 299 mod 11 = 2; 11-2 = 9 (Data Dictionary)
401 023 2137  7      40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; 11-4 = 7
999 000 0018  8      90+81+72+0+0+0+0+0+2 = 245; 245 mod 11 = 3; 11-3 = 8
200 000 0010  0      20+0+0+0+0+0+0+0+2 = 22; 22 mod 11 = 0; 11-0 = 11, written 0
"""

INVALID = """
number           why
943 476 5918     the check digit should be 9
000 000 0060     0+…+0+6·2 = 12; 12 mod 11 = 1; 11-1 = 10: no valid number starts 000 000 006
943 476 591      nine digits
943 476 59190    eleven digits
943 476 591X     a letter
943.476.5919     dots are not separators
９４３４７６５９１９  full-width digits are not ASCII digits
-                empty
"""


def _rows(text: str, columns: int) -> list[list[str]]:
    out = []
    for line in text.strip().splitlines()[1:]:
        cells = line.split("  ")
        cells = [c.strip() for c in cells if c.strip()]
        out.append(cells[:columns])
    return out


@pytest.mark.parametrize(("number", "check", "working"), _rows(VALID, 3))
def test_valid_nhs_numbers(number: str, check: str, working: str) -> None:
    digits = number.replace(" ", "")
    assert check_digit(digits[:9]) == int(check), working
    assert is_valid_nhs_number(number)
    assert normalise_nhs_number(number) == digits
    assert normalise_nhs_number(f"{digits[:3]}-{digits[3:6]}-{digits[6:]}") == digits


@pytest.mark.parametrize(("number", "why"), _rows(INVALID, 2))
def test_invalid_nhs_numbers_are_refused_without_repeating_them(number: str, why: str) -> None:
    text = "" if number == "-" else number
    assert not is_valid_nhs_number(text), why
    with pytest.raises(InvalidNhsNumber) as refused:
        normalise_nhs_number(text)
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits:
        assert digits[:6] not in str(refused.value), "an error must not repeat the number"


def test_nine_digits_whose_check_digit_would_be_ten() -> None:
    assert check_digit("000000006") is None
