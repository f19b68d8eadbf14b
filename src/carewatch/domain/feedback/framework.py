"""The NHS England patient experience qualitative framework, version 6: its themes (the
framework's sub-categories), each with its category and its definition.

These are the 50 themes of the public labelled file the classifier learns from
(`v6framework_230831.csv` of The Strategy Unit's pxtextmining, MIT licence, copyright NHS
England), named exactly as its columns spell them, "Referals" included, and in their order.

Sources, quoted as published (their spelling too):

- Categories: the v6 category map of pxtextmining, `pxtextmining/params.py`
  (`major_cat_dict`, marked "# v6", commit 517b3e9 of 1 September 2023, "updated for 230831
  data"), https://github.com/The-Strategy-Unit/pxtextmining. That map leaves out six of the
  file's columns (Safeguarding concerns?, Psychological therapy arrangements, Existence of
  services, Choice of services, Out of hours support (community services), Learning
  organisation); they are in the category "Uncategorised" here rather than in one we chose.
- Definitions: the framework's own documentation, the "Framework details" page of The
  Strategy Unit's PatientExperience-QDC project,
  https://the-strategy-unit.github.io/PatientExperience-QDC/framework/framework3.html
  (source `docs/framework/framework3.qmd`, https://github.com/The-Strategy-Unit/PatientExperience-QDC).
  No v6 edition of that page was published: it described version 5 on 22 May 2023 (commit
  3ecd3b5) and version 7 from 10 October 2023 (commit b0011ac). A theme's definition is the
  v5 page's text for the sub-category of the same name; where v5 had no such sub-category it
  is the v7 page's (Labelling not possible, Interaction with family/ carers, Positive
  experience & gratitude); two themes v6 renamed (Environment & Facilities, Negative
  experience & dissatisfaction) carry the v5 definition of the sub-category they came from,
  and say so. The definition stops before the page's examples.
- Seven themes have no published definition in any edition (Admission, Safeguarding
  concerns?, and the five v6 additions with no labelled comment or almost none): their
  definition says so rather than one being made up.

>>> theme("Parking").category
'Service location, travel & transport'
>>> len(THEMES), LABELLING_NOT_POSSIBLE in THEME_NAMES
(50, True)
>>> theme("Parking lot")
Traceback (most recent call last):
...
carewatch.domain.feedback.framework.UnknownTheme: 'Parking lot' is not a theme of the framework (v6)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CATEGORIES",
    "FRAMEWORK_VERSION",
    "LABELLING_NOT_POSSIBLE",
    "THEMES",
    "THEME_NAMES",
    "Theme",
    "UnknownTheme",
    "theme",
]

FRAMEWORK_VERSION = "6"

#: The theme the framework gives a blank comment, or one with nothing to categorise.
LABELLING_NOT_POSSIBLE = "Labelling not possible"

_UNCATEGORISED = "Uncategorised"
_NOT_DOCUMENTED = (
    "No definition is published for this theme: the framework's documentation (the v5 and v7 "
    "editions of its Framework details page) does not describe it."
)


class UnknownTheme(ValueError):
    """A name that is not one of the framework's themes."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r} is not a theme of the framework (v{FRAMEWORK_VERSION})")
        self.name = name


@dataclass(frozen=True)
class Theme:
    """One theme (sub-category) of the framework, in the category the framework puts it."""

    name: str
    category: str
    definition: str

    def __post_init__(self) -> None:
        if not self.name.strip() or not self.category.strip() or not self.definition.strip():
            raise ValueError("a theme needs a name, a category and a definition")


THEMES: tuple[Theme, ...] = (
    Theme(
        "Not assigned",
        "General",
        (
            "Information which is not relevant to any of the other sub-categories, including "
            "information that is unclear and lacking in any context to categorise what it is "
            "about."
        ),
    ),
    Theme(
        "Organisation & efficiency",
        "General",
        (
            "Thin data which references how efficient, well-led or organised the service is, "
            "without drawing out any specifics. This sub-category is intended for very generic "
            "comments which do not provide detail, for example they say 'efficient', but with no "
            "indication of what/who is efficient, where further detail is provided e.g. 'Staff "
            "are efficient' or 'Efficient appointments' should be mapped to the relevant staff or"
            " appointment sub-categories, rather than here."
        ),
    ),
    Theme(
        "Funding & use of financial resources",
        "General",
        (
            "High level comments around the amount of funding the service receives or needs, and "
            "how the service are utilising their financial resources."
        ),
    ),
    Theme(
        "Staff manner & personal attributes",
        "Staff",
        (
            "Comments highlighting the specific attributes that staff display in interacting with"
            " patients, how patients experience these and perceive staff, the manner in which "
            "they are treated by staff, including staff attitude. It incorporates descriptions of"
            " staff as 'friendly', 'helpful', 'caring', 'kind', 'professional', 'polite', "
            "'efficient', 'supportive', 'attentive' and whether people felt that they were "
            "treated with dignity, respect and empathy by staff, as well as whether staff "
            "displayed teamwork."
        ),
    ),
    Theme(
        "Number & deployment of staff",
        "Staff",
        (
            "Focusses on comments which explicitly reference the number of staff (staffing "
            "levels, shortages, too many, a lot, not enough etc.). It includes views and "
            "experiences around how staff are deployed and their skills mix (seniority, job role "
            "etc.), as well as references to the demographic make-up of staff (e.g. gender). It "
            "also incorporates comments around staff leave and recruitment."
        ),
    ),
    Theme(
        "Staff responsiveness",
        "Staff",
        (
            "Comments relating to whether staff attend to peoples needs and respond to requests "
            "(including call bells) and how timely this is. Includes comments about how busy "
            "staff are, and how accommodating they are in responding to requests (the term "
            "'nothing was too much trouble' is frequently used in relation to this)."
        ),
    ),
    Theme(
        "Staff continuity",
        "Staff",
        (
            "Comments relating to patients seeing/ not seeing the same staff throughout their "
            "care, how people feel about this and any issues/ concerns in relation to seeing "
            "different staff. It also includes comments relating to how effective staff are in "
            "communicating with each other in relation to a patients care, e.g. when handing "
            "over."
        ),
    ),
    Theme(
        "Competence & training",
        "Staff",
        (
            "People's views and experiences relating to whether they are treated by suitably "
            "competent, knowledgeable, qualified and trained staff. In includes comments "
            "identifying where people feel there are gaps in staff training."
        ),
    ),
    Theme(
        "Unspecified communication",
        "Communication & involvement",
        (
            "Thin' data that relates to communication but lacks any detail around the kind of "
            "communication being refered to. This sub-category is intended for comments which are"
            " not specific enough to be allocated to any of the other 'Communication with "
            "patients' sub-categories. If a comment provides enough information to be mapped to "
            "one or more of the other 'Communication with patients' sub-topics it does not need "
            "to be mapped here as well."
        ),
    ),
    Theme(
        "Staff listening, understanding & involving patients",
        "Communication & involvement",
        (
            "Comments relating to two-way communication between staff and patients in terms of "
            "how well patients feel listened to and understood by staff, the extent to which a "
            "personalised approach is taken (i.e. being treated as an individual person rather "
            "than a number). This includes if/ how people are involved in decisions about their "
            "care and whether they have enough time to do so. It also incorporates comments about"
            " whether staff talk to/ spend time with patients and engage with them to provide "
            "company."
        ),
    ),
    Theme(
        "Information directly from staff during care",
        "Communication & involvement",
        (
            "Relates to comments referring to information being received directly from staff. "
            "These comment typically make explicit reference to staff and/or use the terms "
            "'answered' or 'explained'. It also includes comments around language barriers when "
            "staff are directly providing information. The emphasis of this sub-topic is on "
            "information which needs to come from staff, which distinguishes it from the 'Staff "
            "listening, understanding & involving patients' sub-category, where the focus is on "
            "where two-way communication between patients and staff is required."
        ),
    ),
    Theme(
        "Information provision & guidance",
        "Communication & involvement",
        (
            "Comments which focus on the provision of information or advice that could be taken "
            "away to be utilised by the patient (e.g. this could be through leaflets, information"
            " sheets, webpages, education sessions etc.) The main distinction between this "
            "sub-category and 'Information provision from staff during care' is that the emphasis"
            " here is on reference materials and information that can be taken away, rather than "
            "the 'in the moment' information provision covered in the other sub-category."
        ),
    ),
    Theme(
        "Being kept informed, clarity & consistency of information",
        "Communication & involvement",
        (
            "Comments around whether people are kept informed about their care, and whether the "
            "information recieved is clear, consistent and accurate. It includes whether care "
            "happens and progresses in line with what people were told by services."
        ),
    ),
    Theme(
        "Contacting services",
        "Access to medical care & support",
        (
            "Comments relating to how easy/ hard it is to contact services. It includes "
            "understanding contact routes, and how accessible these are."
        ),
    ),
    Theme(
        "Appointment arrangements",
        "Access to medical care & support",
        (
            "Comments (which can be quite wide ranging) relating to arrangements for appointments"
            " in terms of how frequently appointments/ check-ups/ home visits/ ongoing sessions "
            "occur, how convenient they are to attend, how long they last, how long people have "
            "to wait and punctuality of appointments, as well as cancellations. It also includes "
            "how patients have/would like to receive correspondence relating to their "
            "appointments e.g. via letter, telephone, text etc. and what it did/ they would they "
            "would like it to include."
        ),
    ),
    Theme(
        "Appointment method",
        "Access to medical care & support",
        (
            "Comments relating to the format in which appointments take place e.g. video, "
            "telephone, face-to-face etc. and if/ how patients feel about the method including "
            "whether it supports their needs."
        ),
    ),
    Theme(
        "Timeliness of care",
        "Access to medical care & support",
        (
            "Comments relating to the availability and existence of services, how quickly people "
            "are seen, treated, gain access to healthcare professionals/ services and have care "
            "arranged. This includes waiting times, how long people wait for ambulances to arrive"
            " and delays to treatment and support."
        ),
    ),
    Theme(
        "Pain management",
        "Medication",
        (
            "Comments relating to if and how pain relief is supplied. Includes whether patients "
            "pain is addressed in a timely, and effective way which meets their needs."
        ),
    ),
    Theme(
        "Diagnosis & triage",
        "Patient journey & service coordination",
        (
            "Comments relating to diagnostic and triage processes. In relation to diagnosis this "
            "includes the use diagnostic tests/ assessments, how patients feel about the process "
            "used/ not used to identify health issues and decisions made by health professionals "
            "around diagnosis. In relation to triage this includes comments relating to the "
            "appropriateness of the lines of questioning used by staff, for example 111 call "
            "handlers or receptionists, and the appropriateness of decisions made based on "
            "answers given."
        ),
    ),
    Theme(
        "Referals & continuity of care",
        "Patient journey & service coordination",
        (
            "Comments relating to referals, how well services are integrated and communicate with"
            " each other (e.g. the sharing of records, healthcare professionals knowledge of "
            "other services etc.). It also encorporates patient experiences around continuity of "
            "care and how smooth this is (i.e. in terms of negative experiences this can include "
            "descriptions of being lost in the system, falling between gaps, having to chase "
            "services themselves during transitions, for example from children to adult services "
            "etc.)"
        ),
    ),
    Theme(
        "Discharge",
        "Patient journey & service coordination",
        (
            "Comments relating to discharge processes and peoples experiences of care ending at a"
            " particular service. This includes how quick discharge took, whether people felt "
            "ready to be discharged, as well as if sufficient plans, support and further care are"
            " put into place when leaving a service."
        ),
    ),
    Theme(
        "Care plans",
        "Patient journey & service coordination",
        (
            "Comments making specific reference to whether patients have care/ treatment/ action "
            "plans in place and any views and experiences that people have in relation to their "
            "plans (e.g. whether they are/were sufficient, appropriate, actioned etc.)."
        ),
    ),
    Theme(
        "Patient records",
        "Patient journey & service coordination",
        (
            "Comments relating to records and paperwork about the patient and their care. This "
            "includes the accuracy, protection and confidentiality of personal information. It "
            "also incorporates peoples experiences of supplying their information (e.g. whether "
            "they understand their records/ paperwork, how it will be stored and used, what is "
            "being signed and why)."
        ),
    ),
    Theme(
        "Cleanliness, tidiness & infection control",
        "Environment & equipment",
        (
            "Comments relating to the cleanliness and tidiness of the environment and equipment "
            "(for example wards, rooms, toilets, furniture). It also incorporates how timely, "
            "efficient and thorough cleaning/ maintenance staff are in addressing related issues,"
            " and the frequency of cleaning. Includes feedback on the rules to prevent the spread"
            " of infection e.g. use of PPE/ face masks, and adherence to guidelines in relation "
            "to this. NB: Visiting restrictions (which come up in relation to COVID infection "
            "control), are not mapped here but captured under a separate 'Patient contact with "
            "family/ carers' sub-category."
        ),
    ),
    Theme(
        "Provision of medical equipment",
        "Environment & equipment",
        (
            "Focuses on if/how patients are receiving the equipment that they need and whether it"
            " is appropriate (e.g. medical supplies such as bandages, pads, machines, mobility "
            "aids etc). Incorporates how quickly such equipment is received."
        ),
    ),
    Theme(
        "Service location",
        "Service location, travel & transport",
        (
            "Comments relating to the geographical location of services, distance required to "
            "travel, locations (e.g. specific hospitals, towns, cities) where patients would/ "
            "wouldn't like to receive care and the convenience of the site of service provision. "
            "Also incorporates ability to find the service e.g. provision of directions."
        ),
    ),
    Theme(
        "Transport to/ from services",
        "Service location, travel & transport",
        (
            "Comments relating to the transportation required to get to/ from services, "
            "arrangements around this and the quality of the service provided (e.g. comfort, "
            "appropriateness, suitability and maintenance and availability of vehicles, help "
            "getting into transport, quality of driving, routes taken) . This incorporates both "
            "hospital provided transport, including the use of taxis and public transport. NB: "
            "Ambulance service comments relating to ambulance response times should be mapped to "
            "'Timeliness of care', rather than here."
        ),
    ),
    Theme(
        "Parking",
        "Service location, travel & transport",
        (
            "Comments relating to the parking of personal vehicles when using services e.g. "
            "availability of spaces, location of disabled bays, cost etc."
        ),
    ),
    Theme(
        "Electronic entertainment",
        "Activities",
        (
            "Comments relating to services provision of and patients (and their visitors) ability"
            " to access and use Wi-Fi, internet, TV, radio and any other forms of electronic "
            "entertainment."
        ),
    ),
    Theme(
        "Feeling safe",
        "Category TBC",
        (
            "Any comments relating to patients perceptions around how safe they felt/feel. Where "
            "stated, the reasons for feeling safe or unsafe, could be numerous (examples include "
            "because of the manner of staff, levels of communication, infection control "
            "procedures being followed, presence of staff etc.)"
        ),
    ),
    Theme(
        "Patient appearance & grooming",
        "Category TBC",
        (
            "Comments which relate to patients being able to dress, groom and present themselves "
            "in an acceptable and dignified manner. It includes the availability of clothes and "
            "grooming products (e.g. hairbrushes, razors etc.) and how these are made accessible "
            "to patients in a timely way."
        ),
    ),
    Theme(
        "Mental Health Act",
        "Mental Health specifics",
        (
            "Comments about peoples views and experiences of care in relation to the Mental "
            "Health Act. This includes detention (i.e. being sectioned), leave, restrictions and "
            "rules, access to items and release."
        ),
    ),
    Theme(
        "Equality, Diversity & Inclusion",
        "Category TBC",
        (
            "Comments relating to peoples experiences in relation to age, disability, gender "
            "reassignment, marriage and civil partnership, pregnancy and maternity, race, "
            "religion or belief, sex or sexual orientation and whether services take into account"
            " equality, diversity and inclusion. NB: Comment relating to issues around disabled "
            "parking (number, availability and location of disabled parking bays etc.) should be "
            "mapped to 'Parking' rather than here."
        ),
    ),
    Theme("Admission", "Patient journey & service coordination", _NOT_DOCUMENTED),
    Theme("Safeguarding concerns?", _UNCATEGORISED, _NOT_DOCUMENTED),
    Theme(
        "Labelling not possible",
        "General",
        ("Blank or other information which is not relevant for categorisation."),
    ),
    Theme(
        "Environment & Facilities",
        "Environment & equipment",
        (
            "(The v5 definition of 'Environment & facilities', which v6 renamed to this.) This is"
            " a wide ranging sub-topic which captures generic comments about the environment "
            "('thin' data that relates to the environment/ facilities but lacks any detail), "
            "layout, comfort, whether the environment allows privacy to be maintained, "
            "decoration, maintenance and upkeep: - In relation to comfort this includes "
            "information relating to the size of rooms, how busy areas are and how many people "
            "are in them, the availability and physical comfort of the surroundings, furniture "
            "(i.e. beds and chairs) and bedding. - In relation to the atmosphere of the "
            "environment there is likely to be explicit mention of the environment such as "
            "'ward', 'place' etc. and how this made the patient mentally feel (e.g. happy, "
            "positive, calm, depressing etc.) and the vibe they got from their surroundings "
            "(friendly, lovely, homely etc.). - In relation to privacy comments cover how private"
            " the environment is, including the use of single rooms, curtains, whether "
            "conversations can be overheard and warnings when entering rooms. - In relation to "
            "decoration this includes how well decorated e.g. painted, carpeted the environment "
            "is, as well as comments around how well facilities are maintained, and experienced "
            "by patients e.g. whether refurbishment was needed."
        ),
    ),
    Theme(
        "Supplying & understanding medication",
        "Medication",
        (
            "Comments (which can be quite wide ranging) relating to medication processes and how "
            "the patient experiences these. Includes comments about missed doses, titration, "
            "waits to receive meds including at the pharmacy, which medications are prescribed, "
            "appropriateness of medication and medication reviews, the receipt of information and"
            " patients knowledge around their medication (e.g. why they are taking it, why it is "
            "being suggested, the side effects, when and how to take it, changes to it etc.)"
        ),
    ),
    Theme(
        "Activities & access to fresh air",
        "Activities",
        (
            "Comments relating to the non-medical activities provided/ not provided (e.g. "
            "exercise, cooking, games, music, art, provision of toys in children's services "
            "etc.). Includes the range of these, how patients feel about them, how frequent they "
            "are and if/ how patients are supported to participate. This incorporates information"
            " relating to patients going outside and accessing fresh air (for example this may be"
            " for walks, exercise or cigarette smoking), if/ how patients can access outside "
            "areas and if this is facilitated by the service."
        ),
    ),
    Theme(
        "Food & drink provision & facilities",
        "Food & diet",
        (
            "Includes food quality, taste, temperature, choice, variety, suitability, nutritional"
            " value, times of provision and help with eating, as well as the provision of "
            "equipment & facilities (including kitchens, vending machines & shops) for patients &"
            " visitors to prepare or access food beyond that provided directly by the service."
        ),
    ),
    Theme(
        "Sensory experience",
        "Environment & equipment",
        (
            "Comments relating how people experience the noise, temperature, lighting, and smell "
            "of the environment: - In relation to noise this incorporates information about noise"
            " levels (e.g. other patients, staff chatting, doors banging, equipment bleeping), "
            "how well patients can sleep and rest within the environment. - In relation to the "
            "temperature this includes whether it was too hot, cold, whether there were drafts "
            "etc., comments around whether the service took any actions to address temperature "
            "issues, as well as suggestions of how this could be done, e.g. through the use of "
            "air conditioning, fans etc. - In relation to the lighting of the environment this "
            "includes whether it was too bright, dark, the appropriatness of the level of "
            "lighting etc. and issues with lighting e.g. switches, lights not working etc. - In "
            "relation to smell this is about how the environment or equipment smells, if/how this"
            " could be addressed where there are issues"
        ),
    ),
    Theme(
        "Impact of treatment/ care",
        "Patient journey & service coordination",
        (
            "Comments which refer to how successful treatment and care has been in improving the "
            "patients health, including outcomes and the impact that this had had on their life "
            "where stated. This can relate to physical and/ or mental health and be about "
            "positive or negative impacts."
        ),
    ),
    Theme("Psychological therapy arrangements", _UNCATEGORISED, _NOT_DOCUMENTED),
    Theme("Existence of services", _UNCATEGORISED, _NOT_DOCUMENTED),
    Theme("Choice of services", _UNCATEGORISED, _NOT_DOCUMENTED),
    Theme("Out of hours support (community services)", _UNCATEGORISED, _NOT_DOCUMENTED),
    Theme("Learning organisation", _UNCATEGORISED, _NOT_DOCUMENTED),
    Theme(
        "Interaction with family/ carers",
        "Communication & involvement",
        (
            "Comments relating to services involving, engaging, contacting and communicating with"
            " a patients family and/or carers, including the provision of support groups and help"
            " for them. It also captures information relating to the contact that patients do/ "
            "can have with family, friends and/or carers, including the visiting arrangements at "
            "the service."
        ),
    ),
    Theme(
        "Negative experience & dissatisfaction",
        "General",
        (
            "(The v5 definition of 'Negative experience', which v6 renamed to this.) Thin' data "
            "highlighting an overarching negative sentiment or dissatisfaction around their "
            "experience."
        ),
    ),
    Theme(
        "Positive experience & gratitude",
        "General",
        (
            "Non-specific 'thin' data highlighting an overarching positive sentiment, "
            "satisfaction, gratitude or praise for the service and/or the staff. This includes "
            "comments that no improvements are needed/ were identified. In relation to staff this"
            " sub-category is intended for general comments only (e.g. the data doesn't go into "
            "which personal attributes staff display, just uses generic terms such as 'great', "
            "'good', 'brilliant', 'nice', 'exceptional', 'fabulous', 'amazing', 'wonderful', "
            "'angels' etc)."
        ),
    ),
)

THEME_NAMES: tuple[str, ...] = tuple(t.name for t in THEMES)

#: The categories in the order their first theme appears, "Uncategorised" last.
CATEGORIES: tuple[str, ...] = tuple(
    sorted(dict.fromkeys(t.category for t in THEMES), key=lambda c: c == _UNCATEGORISED)
)

_BY_NAME = {t.name.casefold(): t for t in THEMES}


def theme(name: str) -> Theme:
    """The theme called `name`, spelt as the framework spells it; case and the spaces around
    it do not matter (a file or a form may capitalise differently).

    Raises UnknownTheme for any other name: a near miss is refused too, not guessed at.

    >>> theme("  timeliness of care ").name
    'Timeliness of care'
    """
    try:
        return _BY_NAME[name.strip().casefold()]
    except KeyError:
        raise UnknownTheme(name) from None
