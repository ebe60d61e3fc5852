"""Demo data of the relationships domain: people and a year of contact with them."""

import datetime

from relationships.models import Interaction, Person

BATCH_SIZE = 1000
# (name, relationship type, importance, birthday month-day)
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
TYPES_BY_RELATIONSHIP = {
    "family": ["call", "call", "message", "meeting"],
    "friend": ["message", "meeting", "call"],
    "colleague": ["email", "meeting", "message"],
    "professional": ["email", "meeting"],
    "acquaintance": ["message", "other"],
}


def is_seeded(user):
    """Whether ``user`` already has the demo people."""
    return Person.objects.for_user(user).filter(name="Mum").exists()


def seed(user, *, rng, start, end, scale):
    """The more important a person, the more often there is contact."""
    interactions = []
    for name, kind, importance, birthday in PEOPLE:
        slug = name.split()[0].lower().strip("().")
        person = Person.objects.create(
            user=user,
            name=name,
            relationship_type=kind,
            importance=importance,
            email=f"{slug}@example.com" if kind != "acquaintance" else "",
            birthday=datetime.date(1960 + importance * 5, *birthday) if birthday else None,
            notes=f"Demo contact ({kind}).",
        )
        rate = min(1.0, importance**2 / 120 * scale)
        day = start
        while day <= end:
            if rng.random() < rate:
                interaction_type = rng.choice(TYPES_BY_RELATIONSHIP[kind])
                interactions.append(
                    Interaction(
                        user=user,
                        person=person,
                        date=day,
                        interaction_type=interaction_type,
                        notes=f"{interaction_type.title()} with {name}.",
                    )
                )
            day += datetime.timedelta(days=1)
    Interaction.objects.bulk_create(interactions, batch_size=BATCH_SIZE)
