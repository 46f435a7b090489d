"""The name check of a sign-up with a dossier number: the family's own spelling agrees."""

from types import SimpleNamespace

import pytest

from dossier_bridge.verification.identity import Claimant, find_adult
from dossier_bridge.verification.names import first_names_agree, last_names_agree


def find_responsable(last_name, first_name, candidates):
    return find_adult(Claimant(last_name=last_name, first_name=first_name), candidates)


@pytest.mark.parametrize(
    "typed, registered",
    [
        ("Lefèvre", "LEFEVRE"),
        ("lefevre", "LEFEVRE"),
        ("Martin Dupont", "MARTIN-DUPONT"),
        ("MARTIN-DUPONT", "Martin Dupont"),
        ("Martin", "MARTIN-DUPONT"),
        ("de la Fontaine", "DE LA FONTAINE"),
        ("Delafontaine", "DE LA FONTAINE"),
        ("Fontaine", "DE LA FONTAINE"),
        ("N'Guyen", "N'GUYEN"),
        ("Nguyen", "N'GUYEN"),
        ("Œuvrard", "OEUVRARD"),
        ("oeuvrard", "ŒUVRARD"),
        ("  Lefevre  ", "LEFEVRE"),
    ],
)
def test_spelling_variants_of_a_family_name_agree(typed, registered):
    assert last_names_agree(typed, registered)


@pytest.mark.parametrize(
    "typed, registered",
    [("Lefebvre", "LEFEVRE"), ("Dupond", "DUPONT"), ("Martinez", "MARTIN"), ("", "MARTIN"), ("de", "DE LA FONTAINE")],
)
def test_other_names_do_not_agree(typed, registered):
    assert not last_names_agree(typed, registered)


@pytest.mark.parametrize(
    "typed, registered, agree",
    [
        ("Marie-Hélène", "MARIE HELENE", True),
        ("marie helene", "Marie-Hélène", True),
        ("Marie", "Marie-Hélène", True),
        ("Hélène", "Marie-Hélène", False),
        ("Camille", "Thomas", False),
    ],
)
def test_first_names(typed, registered, agree):
    assert first_names_agree(typed, registered) is agree


def test_each_parent_is_found_by_their_own_name():
    camille = SimpleNamespace(last_name="LEFEVRE", first_name="Camille")
    thomas = SimpleNamespace(last_name="LEFEVRE", first_name="Thomas")
    assert find_responsable("Lefèvre", "Thomas", [camille, thomas]) is thomas
    assert find_responsable("LEFEVRE", "camille", [camille, thomas]) is camille
    assert find_responsable("Lefèvre", "Paul", [camille, thomas]) is None
    assert find_responsable("Durand", "Camille", [camille, thomas]) is None


COMMON_SURNAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Garcia David Bertrand Roux Vincent Fournier Morel Girard Andre Mercier Dupont Lefevre"
)


def test_a_list_of_surnames_is_refused_like_any_other_mismatch():
    """Surname stuffing: one attempt must test one name, not two dozen."""
    assert not last_names_agree(COMMON_SURNAMES, "LEFEVRE")
    camille = SimpleNamespace(last_name="LEFEVRE", first_name="Camille")
    assert find_responsable(COMMON_SURNAMES, "Camille", [camille]) is None


@pytest.mark.parametrize(
    "typed, registered, agree",
    [
        ("Lefèvre Martin", "LEFEVRE", True),  # usage name after the registered one
        ("Martin Lefèvre", "LEFEVRE", True),
        ("Lefèvre Martin Durand", "LEFEVRE", False),  # two extra words: a list, not a name
        ("Garcia Lopez Martin", "GARCIA LOPEZ", True),
        ("Martin Dupont Durand Petit", "MARTIN DUPONT", False),
        ("Lefevre " * 12, "LEFEVRE", False),  # far longer than a name
    ],
)
def test_extra_words_only_for_a_real_compound_name(typed, registered, agree):
    assert last_names_agree(typed, registered) is agree


def test_a_first_name_list_is_refused():
    assert not first_names_agree("Camille " + COMMON_SURNAMES, "Camille")
