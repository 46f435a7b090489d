"""Seeded generator of realistic French families for the duplicate benchmark.

Writes the import format (one row per person) and the true duplicate pairs.
Duplicates carry the variations families and billing systems produce
(accents, case, ligatures, particles, compound and married names, swapped
names, typos, swapped day/month, phone and e-mail formats, a move, a new
child...). Hard negatives are built in on purpose: common surnames in the
same town, neighbours at the same address, the families of brothers (same
surname and town, different spouses and children).

``python -m bench.generator --dossiers 10000 --seed 7 OUT_DIR``
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import itertools
import random
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path

from bench import export_style
from dossier_bridge.registry.csv_format import HEADER

COMMON_SURNAMES = (
    "MARTIN BERNARD THOMAS PETIT ROBERT RICHARD DURAND DUBOIS MOREAU LAURENT SIMON MICHEL LEFEBVRE LEROY ROUX "
    "DAVID BERTRAND MOREL FOURNIER GIRARD BONNET DUPONT LAMBERT FONTAINE ROUSSEAU VINCENT MULLER LEFÈVRE FAURE "
    "ANDRÉ MERCIER BLANC GUÉRIN BOYER GARNIER CHEVALIER FRANÇOIS LEGRAND GAUTHIER GARCIA PERRIN ROBIN CLÉMENT "
    "MORIN NICOLAS HENRY ROUSSEL MATHIEU GAUTIER MASSON MARCHAND DUVAL DENIS DUMONT MARIE LEMAIRE NOËL MEYER "
    "DUFOUR MEUNIER BRUN BLANCHARD GIRAUD JOLY RIVIÈRE LUCAS BRUNET GAILLARD BARBIER ARNAUD MARTINEZ GÉRARD "
    "ROCHE RENARD SCHMITT ROY LEROUX COLIN VIDAL CARON PICARD ROGER FABRE AUBERT LEMOINE RENAUD DUMAS LACROIX "
    "OLIVIER PHILIPPE BOURGEOIS PIERRE BENOÎT REY LECLERC PAYET ROLLAND LECLERCQ GUILLAUME LECOMTE LOPEZ JEAN "
    "DUPUY GUILLOT HUBERT BERGER CARPENTIER SANCHEZ DUPUIS MOULIN LOUIS DESCHAMPS HUET VASSEUR PEREZ BOUCHER "
    "FLEURY ROYER KLEIN JACQUET ADAM PARIS POIRIER MARTY AUBRY GUYOT CARRÉ CHARLES RENAULT CHARPENTIER MÉNARD "
    "MAILLARD BARON BERTIN BAILLY HERVÉ SCHNEIDER FERNANDEZ COLLET LÉGER BOUVIER JULIEN PRÉVOST MILLET PERROT "
    "DANIEL COUSIN GERMAIN BRETON BESSON LANGLOIS RÉMY PELLETIER LÉVÊQUE PERRIER LEBLANC BARRÉ LEBRUN MARCHAL "
    "WEBER MALLET HAMON BOULANGER JACOB MONNIER MICHAUD RODRIGUEZ GUICHARD GILLET ÉTIENNE GRONDIN POULAIN "
    "TESSIER CHEVALLIER COLLIN CHAUVIN BOUCHET GAY LEMAÎTRE BÉNARD MARÉCHAL HUMBERT REYNAUD ANTOINE HOARAU "
    "PERRET BARTHÉLEMY CORDIER PICHON LEJEUNE GILBERT LAMY DELAUNAY PASQUIER CARLIER LAPORTE NGUYEN DIALLO "
    "TRAORÉ BENSALEM HADDAD"
).split()
# Surnames with particles, spaces, apostrophes or ligatures: the hard spellings.
SPECIAL_SURNAMES = [
    "DE LA FONTAINE", "LE GALL", "LE ROUX", "LE GOFF", "DA SILVA", "DOS SANTOS", "D'ALMEIDA", "N'DIAYE",
    "DE SOUSA", "DU PONT", "LE BŒUF", "CŒURDEROY", "LŒUILLET", "DE BRUYNE", "VAN DER BERG", "L'HERMITE",
    "SAINT-JUST", "DUMONT-D'URVILLE", "DES ROCHES", "LE CORRE",
]
_SYLLABLES = (
    "ba be bi bo bou ca ce che chi co cou da de di do dou fa fe fi fo ga ge gi go gou la le li lo lou ma me mi "
    "mo mou na ne ni no nou pa pe pi po pou ra re ri ro rou sa se si so sou ta te ti to tou va ve vi vo vou "
    "gnan lard mont ville court bert mard ret rin lin vin tier nier rand geon"
).split()

KIDS_F = [
    "Léa", "Emma", "Chloé", "Manon", "Camille", "Inès", "Jade", "Louise", "Lina", "Zoé", "Lola", "Alice",
    "Léna", "Juliette", "Anna", "Rose", "Ambre", "Julia", "Mila", "Romane", "Eva", "Clara", "Lucie",
    "Margaux", "Mathilde", "Nina", "Agathe", "Léonie", "Charlotte", "Lou", "Iris", "Héloïse", "Apolline",
    "Maëlys", "Louna", "Anaïs", "Océane", "Noémie", "Salomé", "Jeanne", "Gabrielle", "Ninon", "Thaïs",
]
KIDS_M = [
    "Gabriel", "Léo", "Raphaël", "Louis", "Arthur", "Jules", "Adam", "Maël", "Lucas", "Hugo", "Noah", "Liam",
    "Gabin", "Sacha", "Paul", "Nathan", "Aaron", "Mohamed", "Ethan", "Tom", "Léon", "Théo", "Noé", "Victor",
    "Martin", "Mathis", "Timéo", "Nolan", "Enzo", "Axel", "Antoine", "Valentin", "Clément", "Baptiste",
    "Maxime", "Eliott", "Malo", "Côme", "Augustin", "Basile", "Émile", "Yanis", "Rayan",
]
ADULTS_F = [
    "Marie", "Sophie", "Nathalie", "Isabelle", "Sandrine", "Céline", "Valérie", "Stéphanie", "Aurélie",
    "Émilie", "Julie", "Caroline", "Laetitia", "Virginie", "Élodie", "Audrey", "Claire", "Anne", "Christine",
    "Delphine", "Cécile", "Amandine", "Mélanie", "Pauline", "Laura", "Marine", "Justine", "Morgane", "Élise",
    "Fatima", "Nadia", "Sabrina", "Amélie", "Marion", "Karine", "Gaëlle", "Anne-Sophie", "Marie-Claire",
]
ADULTS_M = [
    "Thomas", "Nicolas", "Julien", "Pierre", "Jean", "Philippe", "Christophe", "Stéphane", "Sébastien",
    "Frédéric", "Laurent", "Olivier", "David", "Éric", "Franck", "Guillaume", "Romain", "Florian", "Kévin",
    "Mickaël", "Cédric", "Damien", "Vincent", "Benoît", "Arnaud", "Fabrice", "Yannick", "Mathieu", "Samuel",
    "Benjamin", "Quentin", "Anthony", "Karim", "Mehdi", "Jean-Pierre", "Jean-François", "François", "Xavier",
    "Alexandre", "Antoine", "Maxime", "Jérôme", "Bruno", "Didier", "Thierry", "Pascal", "Patrick", "Michel",
    "Alain", "Hervé", "Gilles", "Loïc", "Ludovic", "Grégory", "Jonathan", "Jérémy", "Adrien", "Emmanuel",
    "Cyril", "Jean-Marc", "Hakim", "Rachid", "Youssef", "Sylvain", "Lionel", "Raphaël", "Matthieu", "Bertrand",
]
ADULTS_F += [
    "Catherine", "Sylvie", "Véronique", "Hélène", "Florence", "Laure", "Océane", "Anaïs", "Jeanne", "Noémie",
    "Leïla", "Yasmine", "Aïcha", "Mélissa", "Coralie", "Jessica", "Patricia", "Corinne", "Agnès", "Myriam",
    "Emmanuelle", "Solène", "Charlotte", "Lucie", "Manon", "Camille", "Sarah", "Clémence", "Maud", "Estelle",
    "Magali", "Alexandra", "Vanessa", "Elsa", "Fanny", "Ophélie", "Gwendoline", "Chantal", "Annabelle", "Lydie",
]
TOWNS = [
    ("28000", "Chartres", 40), ("28110", "Lucé", 12), ("28300", "Mainvilliers", 8), ("28300", "Lèves", 5),
    ("28300", "Champhol", 3), ("28600", "Luisant", 6), ("28630", "Le Coudray", 4), ("28300", "Saint-Prest", 2),
    ("28630", "Nogent-le-Phaye", 2), ("28630", "Barjouville", 2), ("28630", "Morancez", 2),
    # A few families registered with an address far away, in départements
    # whose postal codes start with 0 (which spreadsheets drop).
    ("01000", "Bourg-en-Bresse", 0.3), ("03100", "Montluçon", 0.3), ("06000", "Nice", 0.3),
    ("28300", "Jouy", 2), ("28100", "Dreux", 6), ("28200", "Châteaudun", 4), ("28400", "Nogent-le-Rotrou", 2),
]
STREETS = [
    "rue de la République", "avenue Jean Jaurès", "boulevard Chasles", "rue du Grand Faubourg", "rue Saint-Pierre",
    "rue des Écuyers", "avenue d'Aligre", "rue de Sours", "rue Félibien", "boulevard de la Courtille",
    "rue du Bourgneuf", "rue Nicole", "place des Épars", "rue de Fresnay", "allée des Tilleuls", "rue Victor Hugo",
    "rue Pasteur", "avenue du Maréchal Maunoury", "rue de la Paix", "impasse des Lilas", "chemin de Mainvilliers",
    "rue Gabriel Péri", "rue Jules Ferry", "rue du Docteur Gibert", "avenue de la Libération", "rue des Lisses",
    "rue de Bonneval", "rue Charles Brune", "rue du Faubourg La Grappe", "rue de Varize", "rue Louis Pasteur",
    "rue des Comtesses", "résidence les Bas Bourgs", "rue Jean Moulin", "rue Saint-Chéron", "rue de Reverdy",
    "allée des Cerisiers", "rue du Général de Gaulle", "rue Danièle Casanova", "rue de l'Étang",
]
_STREET_NAMES = [
    "des Acacias", "Albert Camus", "Anatole France", "des Bleuets", "Camille Claudel", "Charles Péguy",
    "des Chênes", "Clemenceau", "de la Croix Blanche", "Denis Papin", "Édouard Herriot", "Émile Zola",
    "des Fauvettes", "Ferdinand Buisson", "de la Gare", "George Sand", "Gustave Eiffel", "Henri Dunant",
    "des Hirondelles", "Jean de la Fontaine", "Jean Monnet", "Jeanne d'Arc", "Joliot-Curie", "des Jonquilles",
    "Lamartine", "Léon Blum", "du Moulin", "des Marronniers", "Marcel Proust", "Molière", "de Paris",
    "Paul Bert", "du Parc", "des Peupliers", "Pierre Mendès France", "des Primevères", "Racine",
    "René Cassin", "Robert Schuman", "des Roses", "Saint-Exupéry", "des Saules", "des Sources", "du Stade",
    "Voltaire", "des Vignes", "du Château d'Eau", "de l'Église", "Aristide Briand", "de Verdun",
]
STREETS += [f"{t} {n}" for t in ("rue", "allée", "avenue", "impasse", "chemin") for n in _STREET_NAMES]
_STREET_ABBREVIATIONS = {"rue ": "r. ", "avenue ": "av. ", "boulevard ": "bd ", "place ": "pl. ", "allée ": "all. "}
MAIL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "hotmail.fr", "yahoo.fr", "laposte.net", "sfr.fr", "outlook.fr"]


@dataclass
class Person:
    last: str
    first: str
    birth: dt.date | None = None
    email: str = ""
    phone: str = ""


@dataclass
class Family:
    adults: list[Person]
    children: list[Person]
    address: str
    postal_code: str
    town: str
    variations: list[str] = field(default_factory=list)

    def copy(self) -> "Family":
        return Family(
            [replace(a) for a in self.adults], [replace(c) for c in self.children], self.address, self.postal_code,
            self.town, [],
        )


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self._rare: list[str] = []
        self._emails: set[str] = set()
        weights = [1.0 / (rank + 8) for rank in range(len(COMMON_SURNAMES))]
        self._common_weights = weights

    # -- names ---------------------------------------------------------
    def surname(self) -> str:
        roll = self.rng.random()
        if roll < 0.45:
            return self.rng.choices(COMMON_SURNAMES, self._common_weights)[0]
        if roll < 0.50:
            return self.rng.choice(SPECIAL_SURNAMES)
        return self._rare_surname()

    def _rare_surname(self) -> str:
        # A long tail of rare names, some shared by a few families.
        if self._rare and self.rng.random() < 0.15:
            return self.rng.choice(self._rare)
        name = "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 3))).upper()
        self._rare.append(name)
        return name

    def phone(self) -> str:
        return "0" + self.rng.choice("67") + "".join(self.rng.choice("0123456789") for _ in range(8))

    def landline(self) -> str:
        return "023" + "".join(self.rng.choice("0123456789") for _ in range(7))

    def email(self, first: str, last: str) -> str:
        local = f"{plain(first)}.{plain(last)}".replace(" ", "").replace("'", "")
        if self.rng.random() < 0.5:
            local += str(self.rng.randint(1, 99))
        address = f"{local}@{self.rng.choice(MAIL_DOMAINS)}"
        # A mailbox belongs to one person: homonyms get another address.
        while address in self._emails:
            address = f"{local}{self.rng.randint(1, 9999)}@{self.rng.choice(MAIL_DOMAINS)}"
        self._emails.add(address)
        return address

    def place(self) -> tuple[str, str, str]:
        postal, town, _ = self.rng.choices(TOWNS, [t[2] for t in TOWNS])[0]
        number = self.rng.randint(1, 60) if self.rng.random() < 0.8 else self.rng.randint(61, 250)
        return f"{number} {self.rng.choice(STREETS)}", postal, town

    def family(self, surname: str | None = None) -> Family:
        rng = self.rng
        father_last = surname or self.surname()
        address, postal, town = self.place()
        adults: list[Person] = []
        roll = rng.random()
        mother_birth = self.surname()
        mother_first = rng.choice(ADULTS_F)
        if roll < 0.72:
            # Married couple: the mother often bears the father's name in the billing system.
            mother_last = father_last if rng.random() < 0.6 else mother_birth
            if rng.random() < 0.08:
                mother_last = f"{father_last}-{mother_birth}"
            adults = [Person(father_last, rng.choice(ADULTS_M)), Person(mother_last, mother_first)]
            children_last = father_last
        elif roll < 0.92:
            adults = [Person(mother_birth, mother_first)]
            children_last = mother_birth if rng.random() < 0.5 else father_last
        else:
            adults = [Person(father_last, rng.choice(ADULTS_M))]
            children_last = father_last
        # Most billing systems keep the adults' birth dates; some never had them.
        with_dates = rng.random() < ADULT_BIRTH_DATES
        for adult in adults:
            if with_dates:
                adult.birth = self.adult_birth_date()
            if rng.random() < 0.9:
                adult.phone = self.phone()
            if rng.random() < 0.75:
                adult.email = self.email(adult.first, adult.last)
        if rng.random() < 0.1:
            adults[0].phone = adults[0].phone or self.landline()
        children = []
        births = sorted(self.birth_date() for _ in range(rng.choices([1, 2, 3, 4], [40, 38, 16, 6])[0]))
        for index, birth in enumerate(births):
            if index and rng.random() < 0.03:
                birth = births[index - 1]  # twins
            first = rng.choice(KIDS_F if rng.random() < 0.5 else KIDS_M)
            children.append(Person(children_last, first, birth))
        return Family(adults, children, address, postal, town)

    def adult_birth_date(self) -> dt.date:
        start = dt.date(1965, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(2000, 12, 31).toordinal()))

    def birth_date(self) -> dt.date:
        start = dt.date(2008, 1, 1).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, dt.date(2024, 12, 31).toordinal()))

    # -- hard negatives -------------------------------------------------
    def brother_family(self, family: Family) -> Family:
        """A brother's family: same surname, often same town, other spouse and children."""
        other = self.family(surname=family.adults[0].last)
        if self.rng.random() < 0.6:
            other.postal_code, other.town = family.postal_code, family.town
        return other

    def neighbour_family(self, family: Family) -> Family:
        other = self.family()
        other.address, other.postal_code, other.town = family.address, family.postal_code, family.town
        return other

    # -- duplicates -----------------------------------------------------
    def duplicate(self, family: Family) -> Family:
        copy = family.copy()
        rng = self.rng
        kinds = rng.sample(VARIATIONS, k=rng.choices([1, 2, 3, 4], [30, 35, 25, 10])[0])
        for kind in kinds:
            if getattr(self, f"_vary_{kind}")(copy):
                copy.variations.append(kind)
        return copy

    def _vary_case_accents(self, f: Family) -> bool:
        style = self.rng.choice([plain_upper, str.title, lambda s: plain(s).title(), str.upper])
        for p in f.adults + f.children:
            p.last, p.first = style(p.last), style(p.first)
        return True

    def _vary_typo(self, f: Family) -> bool:
        person = self.rng.choice(f.adults + f.children)
        if self.rng.random() < 0.5:
            person.last = typo(self.rng, person.last)
        else:
            person.first = typo(self.rng, person.first)
        return True

    def _vary_swap_names(self, f: Family) -> bool:
        adult = self.rng.choice(f.adults)
        adult.last, adult.first = adult.first, adult.last
        return True

    def _vary_particles(self, f: Family) -> bool:
        changed = False
        for p in f.adults + f.children:
            new = particle_variant(self.rng, p.last)
            changed |= new != p.last
            p.last = new
        return changed

    def _vary_married_name(self, f: Family) -> bool:
        if len(f.adults) < 2:
            return False
        mother = f.adults[1]
        mother.last = self.surname() if mother.last == f.adults[0].last else f.adults[0].last
        return True

    def _vary_one_adult(self, f: Family) -> bool:
        if len(f.adults) < 2:
            return False
        f.adults.pop(self.rng.randrange(2))
        return True

    def _vary_child_date(self, f: Family) -> bool:
        child = self.rng.choice(f.children)
        d = child.birth
        assert d is not None
        if d.day <= 12 and d.day != d.month and self.rng.random() < 0.6:
            child.birth = dt.date(d.year, d.day, d.month)
        else:
            for _ in range(10):
                text = list(d.strftime("%d%m%Y"))
                position = self.rng.choice([0, 1, 3, 7])
                text[position] = self.rng.choice("0123456789")
                try:
                    new = dt.datetime.strptime("".join(text), "%d%m%Y").date()
                except ValueError:
                    continue
                if new != d and new <= dt.date(2025, 12, 31):
                    child.birth = new
                    break
        return child.birth != d

    def _vary_adult_date(self, f: Family) -> bool:
        adult = self.rng.choice(f.adults)
        if adult.birth is None:
            return False
        d = adult.birth
        roll = self.rng.random()
        if roll < 0.3:
            adult.birth = None  # the other dossier never had it
        elif d.day <= 12 and d.day != d.month and roll < 0.6:
            adult.birth = dt.date(d.year, d.day, d.month)
        else:
            adult.birth = d.replace(year=d.year + self.rng.choice([-10, -1, 1, 10])) if not (d.month == 2 and d.day == 29) else d
        return adult.birth != d

    def _vary_children_set(self, f: Family) -> bool:
        if len(f.children) > 1 and self.rng.random() < 0.5:
            f.children.pop(self.rng.randrange(len(f.children)))
        else:
            last = f.children[-1]
            birth = min(dt.date(2025, 6, 30), last.birth + dt.timedelta(days=self.rng.randint(300, 1500)))
            f.children.append(Person(last.last, self.rng.choice(KIDS_F + KIDS_M), birth))
        return True

    def _vary_moved(self, f: Family) -> bool:
        f.address, f.postal_code, f.town = self.place()
        return True

    def _vary_phone(self, f: Family) -> bool:
        adult = self.rng.choice(f.adults)
        if not adult.phone:
            return False
        if self.rng.random() < 0.3:
            adult.phone = self.phone()
        else:
            adult.phone = phone_format(self.rng, adult.phone)
        return True

    def _vary_email(self, f: Family) -> bool:
        adult = self.rng.choice(f.adults)
        if not adult.email:
            return False
        roll = self.rng.random()
        if roll < 0.3:
            adult.email = ""
        elif roll < 0.6:
            adult.email = adult.email.upper() if self.rng.random() < 0.5 else adult.email.title()
        else:
            local, _, domain = adult.email.partition("@")
            adult.email = local.replace(".", "") + "@" + domain
        return True

    def _vary_address_format(self, f: Family) -> bool:
        address = f.address
        for long, short in _STREET_ABBREVIATIONS.items():
            address = address.replace(long, short)
        f.address = plain_upper(address) if self.rng.random() < 0.5 else address
        f.town = self.rng.choice([plain_upper(f.town), f.town.replace("Saint-", "St "), f.town.upper() + " CEDEX"])
        return True


VARIATIONS = [
    "case_accents", "typo", "swap_names", "particles", "married_name", "one_adult", "child_date",
    "children_set", "moved", "phone", "email", "address_format", "adult_date",
]
# Share of families whose adults have a birth date in the export.
ADULT_BIRTH_DATES = 0.6


def plain(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()


def plain_upper(text: str) -> str:
    return plain(text).upper()


def typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(["delete", "insert", "replace", "transpose"])
    letters = "aeioulnrst" if text[i].islower() else "AEIOULNRST"
    if kind == "delete":
        return text[:i] + text[i + 1 :]
    if kind == "insert":
        return text[:i] + rng.choice(letters) + text[i:]
    if kind == "replace":
        return text[:i] + rng.choice(letters) + text[i + 1 :]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def particle_variant(rng: random.Random, last: str) -> str:
    if "Œ" in last or "œ" in last:
        return last.replace("Œ", "OE").replace("œ", "oe")
    if "-" in last and rng.random() < 0.5:
        return rng.choice(last.split("-"))
    if " " in last or "'" in last or "-" in last:
        choice = rng.random()
        if choice < 0.4:
            return last.replace(" ", "").replace("'", "").replace("-", "")
        if choice < 0.7:
            return last.replace(" ", "-").replace("'", " ")
        words = last.replace("'", "' ").split()
        return words[-1]
    return last


def phone_format(rng: random.Random, phone: str) -> str:
    digits = phone
    pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
    return rng.choice(
        [
            " ".join(pairs),
            ".".join(pairs),
            "+33 " + digits[1] + " " + " ".join(pairs[1:]),
            "+33" + digits[1:],
            "0033" + digits[1:],
            "-".join(pairs),
        ]
    )


@dataclass
class Dataset:
    rows: list[list[str]]
    true_pairs: set[tuple[str, str]]
    # Per duplicated family: the dossier numbers that are the same family.
    groups: list[list[str]]


def generate(dossiers: int, seed: int = 2026, duplicate_rate: float = 0.12, hard_negative_rate: float = 0.15,
             messy: bool = True) -> Dataset:
    """About ``dossiers`` dossiers; ``duplicate_rate`` of the families get a second (rarely third) dossier.

    ``messy``: the rows carry a billing export's imperfections (see ``export_style``).
    """
    gen = Generator(seed)
    families: list[list[Family]] = []
    count = 0
    while count < dossiers:
        base = gen.family()
        group = [base]
        roll = gen.rng.random()
        if roll < duplicate_rate:
            group.append(gen.duplicate(base))
            if gen.rng.random() < 0.08:
                group.append(gen.duplicate(base))
        families.append(group)
        count += len(group)
        if gen.rng.random() < hard_negative_rate and count < dossiers:
            maker = gen.brother_family if gen.rng.random() < 0.6 else gen.neighbour_family
            families.append([maker(base)])
            count += 1
    numbers = list(range(1_000_000, 1_000_000 + count))
    gen.rng.shuffle(numbers)
    iterator = iter(numbers)
    dossier_rows: list[list[list[str]]] = []
    pairs: set[tuple[str, str]] = set()
    groups: list[list[str]] = []
    for group in families:
        group_numbers = []
        for family in group:
            number = str(next(iterator))
            group_numbers.append(number)
            dossier_rows.append(family_rows(number, family))
        if len(group_numbers) > 1:
            groups.append(group_numbers)
            pairs.update(tuple(sorted(p)) for p in itertools.combinations(group_numbers, 2))  # type: ignore[misc]
    rows = export_style.apply(dossier_rows, seed) if messy else [r for rows in dossier_rows for r in rows]
    return Dataset(rows, pairs, groups)


def family_rows(number: str, family: Family) -> list[list[str]]:
    rows = []
    seen = set()
    for role, persons in (("responsable", family.adults), ("enfant", family.children)):
        for p in persons:
            key = (role, plain(p.last), plain(p.first), p.birth)
            if key in seen:
                continue  # the import format refuses a person listed twice
            seen.add(key)
            rows.append(
                [
                    number, role, p.last, p.first, p.birth.strftime("%d/%m/%Y") if p.birth else "", p.email,
                    p.phone, family.address, family.postal_code, family.town,
                ]
            )
    return rows


def write_dataset(data: Dataset, directory: Path, name: str = "dossiers") -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    csv_path = directory / f"{name}.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(data.rows)
    truth_path = write_pairs(data.true_pairs, directory / f"{name}.truth.csv")
    return csv_path, truth_path


def write_pairs(pairs: set[tuple[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\n")
        writer.writerow(("numero_dossier_a", "numero_dossier_b"))
        writer.writerows(sorted(pairs))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--dossiers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--clean", action="store_true", help="without the imperfections of a billing export")
    args = parser.parse_args(argv)
    data = generate(args.dossiers, args.seed, messy=not args.clean)
    csv_path, truth_path = write_dataset(data, args.out_dir)
    print(f"{csv_path}: {len(data.rows)} rows; {truth_path}: {len(data.true_pairs)} true pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
