"""Demo data of the relationships domain: people and a year of contact with them."""

import datetime

from relationships.models import Interaction, Person

BATCH_SIZE = 1000
# (name, relationship type, importance level, birthday month-day)
PEOPLE = [
    ("Mum", "family", 5, (3, 14)),
    ("Dad", "family", 5, (11, 2)),
    ("Lena (sister)", "family", 4, (7, 21)),
    ("Sam Okafor", "friend", 4, (5, 9)),
    ("Mia Lindqvist", "friend", 4, (1, 30)),
    ("Jonas Weber", "friend", 3, (9, 17)),
    ("Priya Natarajan", "colleague", 3, (4, 4)),
    ("Tom Becker", "colleague", 2, (12, 12)),
    ("Dr. Ruiz", "professional", 2, None),
    ("Ana (Spanish tutor)", "professional", 3, (6, 6)),
    ("Neighbour Olga", "acquaintance", 1, None),
    ("Chris from climbing", "acquaintance", 2, (8, 28)),
]
METHODS_BY_RELATIONSHIP = {
    "family": ["call", "call", "message", "meeting"],
    "friend": ["message", "meeting", "call"],
    "colleague": ["email", "meeting", "message"],
    "professional": ["email", "meeting"],
    "acquaintance": ["message", "other"],
}
TAGS_BY_RELATIONSHIP = {
    "family": ["family", "close"],
    "friend": ["friends"],
    "colleague": ["work"],
    "professional": ["services"],
    "acquaintance": [],
}
# Someone whose birthday is always a few days after the demo's last day, and who
# was last called a year ago: the morning view's birthdays and reconnect lists
# are never empty, whatever day seed_demo runs.
GRANDPA = "Grandpa Joe"
GRANDPA_BIRTH_YEAR = 1948  # a leap year: 29 February exists
GRANDPA_BIRTHDAY_IN_DAYS = 3
# How an interaction felt, mostly well.
SENTIMENTS = ["positive", "positive", "positive", "neutral", "neutral", "negative"]


def is_seeded(user):
    """Whether ``user`` already has the demo people."""
    return Person.objects.for_user(user).filter(name="Mum").exists()


def seed(user, *, rng, start, end, scale):
    """The more important a person, the more often there is contact."""
    interactions = []
    for number, (name, kind, importance, birthday) in enumerate(PEOPLE, start=1):
        slug = name.split()[0].lower().strip("().")
        born = datetime.date(1960 + importance * 5, *birthday) if birthday else None
        person = Person.objects.create(
            user=user,
            name=name,
            relationship_type=kind,
            importance_level=importance,
            tags=list(TAGS_BY_RELATIONSHIP[kind]),
            email=f"{slug}@example.com" if kind != "acquaintance" else "",
            phone=f"+44 7700 900{number:03d}" if kind in ("family", "friend") else "",
            birthday=born,
            # Family is known since always; everyone else was met years before the demo year.
            first_met_date=(
                None if kind == "family" else start - datetime.timedelta(days=365 * importance)
            ),
            notes=f"Demo contact ({kind}).",
        )
        rate = min(1.0, importance**2 / 120 * scale)
        day = start
        while day <= end:
            if rng.random() < rate:
                method = rng.choice(METHODS_BY_RELATIONSHIP[kind])
                interactions.append(
                    Interaction(
                        user=user,
                        person=person,
                        date=day,
                        method=method,
                        notes=f"{method.title()} with {name}.",
                        sentiment=rng.choice(SENTIMENTS),
                    )
                )
            day += datetime.timedelta(days=1)
    grandpa_day = end + datetime.timedelta(days=GRANDPA_BIRTHDAY_IN_DAYS)
    grandpa = Person.objects.create(
        user=user,
        name=GRANDPA,
        relationship_type="family",
        importance_level=3,
        tags=list(TAGS_BY_RELATIONSHIP["family"]),
        birthday=datetime.date(GRANDPA_BIRTH_YEAR, grandpa_day.month, grandpa_day.day),
        notes="Demo contact (family): call him on his birthday.",
    )
    interactions.append(
        Interaction(
            user=user,
            person=grandpa,
            date=start,
            method="call",
            notes=f"Call with {GRANDPA}.",
            sentiment="positive",
        )
    )
    Interaction.objects.bulk_create(interactions, batch_size=BATCH_SIZE)
