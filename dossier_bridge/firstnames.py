"""Common French first names by grammatical gender.

For the duplicate reasons' wording, and for telling the first name from
the surname when an export puts a whole name in one column.

"même enfant : Léa, née le 12/03/2016" reads better than "né(e)"; a first
name that is not listed (or is both) keeps the neutral "né(e)".
"""

from __future__ import annotations

from dossier_bridge.names import fold

FEMININE = frozenset(
    fold(n)
    for n in (
        "Léa Emma Chloé Manon Camille Inès Jade Louise Lina Zoé Lola Alice Léna Sarah Juliette Anna Rose Ambre "
        "Julia Mila Romane Eva Clara Lucie Margaux Mathilde Nina Agathe Léonie Charlotte Lou Iris Elena Lisa "
        "Sofia Margot Victoria Adèle Capucine Giulia Héloïse Apolline Clémence Marie Sophie Nathalie Isabelle "
        "Sandrine Céline Valérie Stéphanie Aurélie Émilie Julie Caroline Laetitia Virginie Élodie Audrey Claire "
        "Anne Christine Catherine Sylvie Véronique Hélène Florence Delphine Laure Cécile Amandine Mélanie "
        "Pauline Laura Marine Océane Justine Morgane Anaïs Élise Gabrielle Jeanne Ninon Maëlys Louna Lana "
        "Maëlle Elsa Noémie Salomé Victoire Constance Diane Béatrice Nadia Fatima Aïcha Yasmine Leïla Sabrina "
        "Amélie Mélissa Marion Coralie Jessica Laurence Patricia Martine Monique Françoise Brigitte Corinne "
        "Agnès Annie Odile Josiane Myriam Karine Emmanuelle Gaëlle Solène Lilou Mia Éléna Thaïs Alix Valentine"
    ).split()
)
MASCULINE = frozenset(
    fold(n)
    for n in (
        "Gabriel Léo Raphaël Louis Arthur Jules Adam Maël Lucas Hugo Noah Liam Gabin Sacha Paul Nathan Aaron "
        "Mohamed Ethan Tom Léon Théo Noé Victor Martin Mathis Timéo Nolan Enzo Axel Antoine Valentin Clément "
        "Baptiste Maxime Alexandre Thomas Nicolas Julien Pierre Jean Philippe Michel Alain Patrick Christophe "
        "Stéphane Sébastien Frédéric Laurent Olivier David Éric Franck Thierry Pascal Didier Bruno Jérôme "
        "Guillaume Romain Florian Kévin Mickaël Cédric Damien Vincent Benoît Arnaud Fabrice Yannick Ludovic "
        "Mathieu Matthieu Samuel Simon Benjamin Quentin Anthony Jordan Dylan Loïc Yanis Rayan Ibrahim Karim "
        "Mehdi Youssef Bilal Marius Eliott Lenny Malo Tiago Ayden Côme Augustin Basile Émile Marcel Henri "
        "Georges André Bernard Gérard Jacques Daniel Serge Francis Gilles Hervé Joël Jean-Pierre Jean-Luc "
        "Jean-François Charles François Xavier Emmanuel Grégory Jonathan Jérémy Adrien Lucien Robin Tristan Ilyes"
    ).split()
)


def born_word(first_name: str) -> str:
    folded = fold(first_name).split(" ")[0] if first_name else ""
    if folded in FEMININE and folded not in MASCULINE:
        return "née"
    if folded in MASCULINE and folded not in FEMININE:
        return "né"
    return "né(e)"


def is_first_name(word: str) -> bool:
    """A common French first name ("Sophie", "jean-pierre")."""
    folded = fold(word)
    return folded in FEMININE or folded in MASCULINE
