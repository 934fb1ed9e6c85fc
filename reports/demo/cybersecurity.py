"""The Cybersecurity partnership: its pages (seeds 002, 003) and its reports (seed 004).

The partnership record and the July–December 2020 report are the seeds' texts verbatim,
typos included: they are what the coordinators really wrote, and the product must show
such text faithfully. Only markup the seeds picked up on the way (Markdown escapes, hard
line breaks, "<…>" around links, "•" bullets of a web page) is removed. Tests compare the
report with the seed file itself (tests/test_demo_data.py).

Everything about the earlier reports (July–December 2018 to January–June 2020) is invented:
the seed web page only says they were published. They are built by `earlier_reports()` from
the small tables at the end of this module, so that a region joining or a rating changing
is one line in a table.
"""

# Verbatim paragraphs stay on one line each, so they can be compared with the seed by eye.
# ruff: noqa: E501

import datetime
from dataclasses import replace

from reports.models import Contact, Organisation, PartnershipDocument, RegionRole
from reports.models.self_assessment import (
    Change,
    Continuation,
    GovernanceStatement,
    MethodologyPhase,
    Obstacle,
    Output,
    PipelineProject,
    ProgressRating,
    SupportNeed,
    SupportTool,
    Usefulness,
)
from reports.sdgs import Agreement

from .specs import (
    SAINT_QUENTIN,
    ContactEntry,
    DocumentLink,
    EventRow,
    Listed,
    MilestoneRow,
    OrganisationEntry,
    PartnershipSpec,
    PipelineRow,
    ProjectLink,
    ReportSpec,
    SelfAssessmentSpec,
    State,
    WorkingAreaRow,
)

LEAD = RegionRole.LEAD
PARTICIPATING = RegionRole.PARTICIPATING
INTERESTED = RegionRole.INTERESTED

# --- The partnership (seed 002: profile page; seed 003: web page) -------------------------

CONTEXT = """\
Cybersecurity risks in Europe are dramatically increasing: cyberespionage, cybercrime and theft of personal data are amongst the more pressing threats to the European society and economy. In the meanwhile, the development of European cyber technologies and of a cybersecurity industry is an opportunity for economic growth and job creation. Yet, cybersecurity in Europe is a nascent market still fragmented. In this context, this partnership aims to foster cooperation between already existing mature ecosystems which has defined cybersecurity as a priority of their Strategy for Smart Specialisation (S3)."""

MISSION = """\
The mission consists of developing the cybersecurity sector and providing mechanisms for regions to cooperate and engage industry, academia and end-users is forefront to the success of this partnership and of the EU as a whole."""

OBJECTIVES = """\
The aim of the partnership “Cybersecurity Smart Regions” is to develop interregional cooperation in order to:
- create synergies among the existing specialist regions in cybersecurity
- facilitate the development of EU cybersecurity value chain
- address the challenges that hamper commercialisation of existing and new products and services in Europe
- foster business investment on cybersecurity."""

MAIN_ACTIVITIES = "The main activities are targeted towards the objectives of the partnership."

# Seed 003's description; its "•" bullets are a web page's list markup, written here as
# the "- " bullets coordinators type.
DESCRIPTION = """\
Cybersecurity risks in Europe are dramatically increasing: cyberespionage, cybercrime and theft of personal data are amongst the more pressing threats to the European society and economy. In the meanwhile, the development of European cyber technologies and of a cybersecurity industry is an opportunity for economic growth and job creation. Yet, cybersecurity in Europe is a nascent market still fragmented.

The aim of the partnership “Cybersecurity Smart Regions” is to develop interregional cooperation in order to:

- create synergies among the existing specialized regions in cybersecurity
- facilitate the development of EU cybersecurity value chain
- address the challenges that hamper commercialisation of existing and new products and services in Europe
- foster business investment on cybersecurity.

National and regional authorities and representatives from the quadruple helix involved in this partnership have already developed a wide range of activities supporting cybersecurity development. Indeed, strengthening cyber local ecosystems in Europe has a fundamental role in structuring the still “young” European sector.

In this context, this partnership aims to foster cooperation between already existing mature ecosystems which has defined cybersecurity as a priority of their Strategy for Smart Specialisation (S3).

Developing the cybersecurity sector and providing mechanisms for regions to cooperate and engage industry, academia and end-users is forefront to the success of this partnership and of the EU as a whole."""

Kind = Organisation.Kind

# Seed 002 groups the organisations by country. Names are spelt correctly (the
# page has typos such as "Bretagne Developpemet Innovation"), and "Slovakia DIHs", which
# the page files under Slovenia with "(SI)", is filed under Slovakia.
ORGANISATIONS = [
    OrganisationEntry("CETIC", "BE", Kind.RESEARCH),
    OrganisationEntry("LSEC", "BE", Kind.CLUSTER),
    OrganisationEntry("JAMK University of Applied Sciences", "FI", Kind.UNIVERSITY),
    OrganisationEntry("Images & Réseaux", "FR", Kind.CLUSTER),
    OrganisationEntry("Bretagne Développement Innovation", "FR", Kind.PUBLIC_BODY),
    OrganisationEntry("Systematic Paris-Region", "FR", Kind.CLUSTER),
    OrganisationEntry("PwC Italy", "IT", Kind.COMPANY),
    OrganisationEntry("SecMadinLux", "LU", Kind.PUBLIC_BODY),
    OrganisationEntry("Slovakia DIHs", "SK", Kind.OTHER),
    OrganisationEntry("Basque Cybersecurity Centre – BCSC", "ES", Kind.PUBLIC_BODY),
    OrganisationEntry("Tecnalia", "ES", Kind.RESEARCH),
    OrganisationEntry("ICE Castilla y León", "ES", Kind.PUBLIC_BODY),
    OrganisationEntry("Eurobits", "ES", Kind.OTHER),
    OrganisationEntry("Catalonia Cyber Security Agency", "ES", Kind.PUBLIC_BODY),
    OrganisationEntry("Cyberservices", "NL", Kind.COMPANY),
    OrganisationEntry("European Cyber Security Organisation – ECSO", None, Kind.NETWORK),
]

PARTNERSHIP = PartnershipSpec(
    platform="IND",
    short_name="Cybersecurity",
    full_name="Cybersecurity Smart Regions",
    acronym="CSR",
    slug="cybersecurity",
    web_page="https://s3platform.jrc.ec.europa.eu/cybersecurity",
    start_date=datetime.date(2018, 2, 1),
    context=CONTEXT,
    description=DESCRIPTION,
    mission=MISSION,
    objectives=OBJECTIVES,
    main_activities=MAIN_ACTIVITIES,
    shared_specialisation_areas="Digitalisation, cybersecurity, artificial intelligence",
    # Linked to the NUTS units the region names stand for, in the order of seed 002.
    regions={
        LEAD: [Listed("FRH0")],
        PARTICIPATING: [
            Listed("ES21"),
            Listed("ES41"),
            Listed("FI193"),
            Listed("EE00"),
            Listed("LU00"),
            Listed("DEA"),
            Listed("ITI1"),
            Listed("UKL"),
            Listed("BE3"),
        ],
        INTERESTED: [
            Listed("SI0"),
            Listed("SK0"),
            Listed(SAINT_QUENTIN.name),
            Listed("ITF4"),
            Listed("ITC3"),
            Listed("ITH5"),
        ],
    },
    organisations=ORGANISATIONS,
    related_projects=[
        ProjectLink(
            "Federated Cyber range project",
            url="https://www.pesco.europa.eu/project/cyber-ranges-federations-crf/",
            description=(
                "The primary objective is to enhance the European Cyber Ranges capability by "
                "federating existing national Cyber Ranges into a larger cluster with more "
                "capacity and unique services. This correspondingly enables to share and pool "
                "the capabilities and improve the quality of cyber trainings, exercises as well "
                "as using the federation for cyber-related research and development purposes."
            ),
        ),
        ProjectLink(
            "Interreg Cyber",
            url=(
                "https://projects2014-2020.interregeurope.eu/cyber/news/news-article/15190/"
                "interreg-europe-cyber-final-event/"
            ),
        ),
    ],
    projects_under_development=[
        "Pilot project: Interregional acceleration programme for local cyber security scaleups."
    ],
    # Seed 003 announces "the result of the mapping exercise" without the link; the Basque
    # white paper the July–December 2020 report cites is such a result.
    documents=[
        DocumentLink(
            PartnershipDocument.Kind.MAPPING_RESULT,
            "White paper on cybersecurity in the Basque Country",
            "https://www.ecs-org.eu/newsroom/white-paper-on-cybersecurity-in-the-basque-country",
        ),
    ],
    # Fictitious people in the seed's organisations; the seeds name real persons.
    contacts=[
        ContactEntry(
            Contact.Kind.LEAD_REGION,
            "Maïwenn Le Goff",
            "maiwenn.legoff@bretagne.example.org",
            "Brittany Region – Maison de la Bretagne Europe",
        ),
        ContactEntry(
            Contact.Kind.LEAD_REGION,
            "Tomás Ferreira",
            "tomas.ferreira@ecso.example.org",
            "European Cyber Security Organisation (ECSO)",
        ),
        ContactEntry(
            Contact.Kind.JRC,
            "Pieter Vandermeulen",
            "pieter.vandermeulen@jrc.example.org",
            "European Commission, Joint Research Centre",
        ),
    ],
)

# --- The July–December 2020 report (seed 004) ----------------------------------------------

EXECUTIVE_SUMMARY = """\
Cybersecurity risks in Europe are dramatically increasing: cyberespionage, cybercrime and theft of personal data are amongst the more pressing threats to the European society and economy. In the meanwhile, the development of European cyber technologies and of a cybersecurity industry is an opportunity for economic growth and job creation. Yet, cybersecurity in Europe is a nascent market still fragmented. The aim of the partnership "European cybersecurity smart regions (CSR)" is to develop interregional cooperation in order to:

- create synergies among the existing specialized regions in cybersecurity-
- facilitate the development of EU cybersecurity value chain-
- address the challenges that hamper commercialisation of existing and new products and services in Europe
- foster business investment on cybersecurity.

National and regional authorities and representatives from the quadruple helix involved in this partnership have already developed a wide range of activities supporting cybersecurity development. Indeed, strengthening cyber local ecosystems in Europe has a fundamental role in structuring the still "young" European sector. In this context, this partnership aims to foster cooperation between already existing mature ecosystems which has defined cybersecurity as a priority of their Strategy for Smart Specialisation (S3). Developing the cybersecurity sector and providing mechanisms for regions to cooperate and engage industry, academia and end-users is forefront to the success of this partnership and of the EU as a whole."""

INNOVATIVE_RESULTS = """\
The Basque ecosystem has mapped the local cybersecurity landscape based on the S3 taxonomy:
https://www.ecs-org.eu/newsroom/white-paper-on-cybersecurity-in-the-basque-country"""

SOCIO_ECONOMIC_IMPACTS = """\
Federated Cyber range project from cybersecurity smart regions

TAF support ended in Sept. 2020 with following contributions : Methodology for the market study; Consolidated Business case with 4 regions ; Note on legal structure.

Market study including interviews with potential customers has given positive results : Brittany : Interest confirmed for the Health sector; NRW : on-going cyber range market study; Estonia : contribution from Cybexer ; Basque country : focused on Energy sector;

Two « proof of concepts » are currently defined with public and private hospitals supported by the cyber industries from PEC; Next step will be to « connect » Brittany PoC with other regional clusters

Exchange with H2020 projects dealing with Cyber and Health : looking for synergies and transferable results"""

INTER_PARTNERSHIP_RESULTS = """\
Brittany Region and Images & Reseaux presented a proposal for cooperation with the European Cybersecurity DIHs and suggested to take inspiration from the network of AI DIHs starting. The partnership agreed to focus on drafting a framework cooperation agreement and a template of ad-hoc services agreement. For that, the possible linking of ECSO WG4 activities and S3 Partnership with DIHs was mentioned, given EC interest in creating a pan European network. Support from regional public administrations and local clusters on the implementation of EDIHs is crucial and it was agreed that ECSO jointly with Images & Reseaux will continue investigating how to structure the network."""

BUSINESS_INVOLVEMENT = """\
During the meeting to discuss cooperation with cybersecurity DIHs, the following organisations have been invited:

European Commission DG GNECT A.2 Unit and H.1 Unit

Brittany Region,

JAMK University,

Basque Cybersecurity Centre-BCSC,

Tecnia,

Finnish Regions,

ICE Castilla y Leo,,

CETIC Wallonia,

ECSO,

eurobits,

Ministry of the economy Luxembourg)

Images&Reseaux,

PwC Italy,

SecMadinLux,

Slovakia DIHs,

Catalonia Cyber Security Agency

Bretagne Developpemetn Innovation

Systematic Paris

LSEC

Cyberservices"""

COOPERATION_SUFFICIENCY = (
    "Strong potential to create inter-regional services to support the deployment of "
    "cybersecurity DIHs"
)

OTHER_PLATFORM_ACTIVITIES = (
    "Strong link with DIHs and Smart Regions involved in SME integration to Industry 4.0 and "
    "Industry 4.0"
)

# I2-I4 as the coordinator wrote them, each linked to the NUTS unit it stands for.
REGIONS_2020_H2 = {
    LEAD: [Listed("FRH0", "Brittany Region")],
    PARTICIPATING: [
        Listed("ES41", "Castilla y Leon"),
        Listed("LU00", "Luxembourg"),
        # The form has "Estonia," with a stray comma: one name per line is the list
        # format, and the comma is not part of the name.
        Listed("EE00", "Estonia"),
        Listed("BE3", "Wallonia"),
        Listed("ITI1", "Tuscany"),
        Listed("FI193", "Central Finland"),
        Listed("UKL", "Wales"),
        Listed("ES21", "Basque Country"),
        Listed("DEA", "North Rhine Westaflavia"),
    ],
    INTERESTED: [
        Listed("SI0", "Slovenia"),
        Listed("SK0", "Slovakia"),
        Listed(SAINT_QUENTIN.name, "Saint Quentin en Yvelins (FR)"),
        Listed("ITF4", "Puglia (IT)"),
        Listed("ITC3", "Liguria (IT)"),
        Listed("ITH5", "Emilia Romagna (IT)"),
    ],
}

# Working areas that run through several reports are written once and reused below.
MAPPING = WorkingAreaRow(
    "Regional mapping exercise", "Brittany region", "ALL", "Local stakeholders"
)
CYBER_RANGE = WorkingAreaRow(
    "Inter regional Cyber Range Platform",
    "Brittany Region",
    "Basque Country, North Rhine Westflavia, Estonia",
    "Tecnalía, Ruhr-Universität, Pole D'Excellence Cyber Bretagne, EC SO",
)
INVESTMENT = WorkingAreaRow("Investment Platform", "Brittany Region", "All", "EC SO, EIB")
DIH_NETWORK = WorkingAreaRow(
    "Creation of a network of DIHs specialised in cybersecurity",
    "Brittany Region with the support of Images & Reseaux",
    "Luxembourg, Wallonia, Flanders, Castilla y Leon, Liguria, Catalonia, Bulgaria, Toscana, Liguria, Campania, Malopolska, Hungary, Basque Country, La Reunion",
    "EC SO, Images & Reseaux, local associations and SMEs (e.g. LSEC, Cyberservices)",
)

REPORT_2020_H2 = ReportSpec(
    partnership="Cybersecurity",
    year=2020,
    half=2,
    state=State.PUBLISHED,
    executive_summary=EXECUTIVE_SUMMARY,
    regions=REGIONS_2020_H2,
    progress={
        "innovative_results": INNOVATIVE_RESULTS,
        "socio_economic_impacts": SOCIO_ECONOMIC_IMPACTS,
        "inter_partnership_results": INTER_PARTNERSHIP_RESULTS,
        "business_involvement": BUSINESS_INVOLVEMENT,
        "cooperation_sufficiency": COOPERATION_SUFFICIENCY,
        "other_platform_activities": OTHER_PLATFORM_ACTIVITIES,
    },
    working_areas=[MAPPING, CYBER_RANGE, INVESTMENT, DIH_NETWORK],
    past_events=[
        EventRow(
            "Joint ECSSO WG4.2 and S3 Cybersecurity partnership meeting",
            datetime.date(2020, 12, 8),  # "8/12/2020"
            place="Digital Event",
            other_information="the focus of the meeting and discussion with partners was on the DIHs topic and in particular the possibility to create a dedicated network of DIHs specialised in cybersecurity",
        ),
        EventRow(
            "TAF Talks series",
            None,  # no year given: the date as the coordinator wrote it, not a guess
            date_detail="Friday 30th October (9:30-10:30 am)",
            place="Digital Event",
            other_information="Federated Cyber Range project from the partnership cybersecurity smart régions",
        ),
    ],
    planned_events=[
        EventRow(
            "2nd Joint ECSO WG4.2 and S3 Cybersecurity partnership meeting",
            datetime.date(2021, 2, 25),
            place="online",
            other_information="Preliminary mapping of DIHs specialised in cybersecurity / discussion on the survey created to collect information on the services provided by DIHs, discussion on the details of services to be provided by a potential network of cybersecurity DIHs",
        ),
        EventRow(
            "1st Steering Board meeting of the the network of CS DIHs",
            datetime.date(2021, 3, 23),
            place="online",
        ),
        EventRow(
            "Gearing up towards European Digital Innovation Hubs - online conference",
            datetime.date(2021, 1, 26),
            place="online conference",
            other_information="Presentation of the S3 partnership during the panel dedicated to cybersecurity",
        ),
    ],
    # Goals 15-17 were left unanswered.
    sdgs="N A SA SA SA N A SA SA N SA N A A - - -",
)

# --- The earlier reports (invented) --------------------------------------------------------

# Who joined in which period; a report lists everyone who had joined by then, in order.
# The July–December 2020 report above adds Emilia-Romagna.
JOINED = {
    (2018, 2): {
        LEAD: [Listed("FRH0", "Brittany Region")],
        PARTICIPATING: [
            Listed("ES41", "Castilla y Leon"),
            Listed("LU00", "Luxembourg"),
            Listed("EE00", "Estonia"),
            Listed("BE3", "Wallonia"),
            Listed("ES21", "Basque Country"),
        ],
    },
    (2019, 1): {
        PARTICIPATING: [Listed("ITI1", "Tuscany"), Listed("FI193", "Central Finland")],
        INTERESTED: [Listed("SI0", "Slovenia")],
    },
    (2019, 2): {
        PARTICIPATING: [Listed("UKL", "Wales")],
        INTERESTED: [
            Listed("SK0", "Slovakia"),
            Listed(SAINT_QUENTIN.name, "Saint Quentin en Yvelins (FR)"),
        ],
    },
    (2020, 1): {
        PARTICIPATING: [Listed("DEA", "North Rhine Westaflavia")],
        INTERESTED: [Listed("ITF4", "Puglia (IT)"), Listed("ITC3", "Liguria (IT)")],
    },
}

EARLIER_PERIODS = list(JOINED)

# The cyber range began with the Basque Country and Estonia; NRW joined it in 2020.
EARLY_CYBER_RANGE = WorkingAreaRow(
    "Inter regional Cyber Range Platform",
    "Brittany Region",
    "Basque Country, Estonia",
    "Tecnalía, Pole D'Excellence Cyber Bretagne",
)
WORKING_AREAS = {
    (2018, 2): [MAPPING],
    (2019, 1): [MAPPING, EARLY_CYBER_RANGE],
    (2019, 2): [MAPPING, EARLY_CYBER_RANGE, INVESTMENT],
    (2020, 1): [MAPPING, CYBER_RANGE, INVESTMENT],
}

# One timeline of the partnership's meetings: a report lists those of its half-year as
# past events and those of the following half-year as planned.
EVENTS = [
    EventRow(
        "Partnership meeting at the European Cyber Week",
        datetime.date(2018, 11, 20),
        place="Rennes",
        other_information="Presentation of the scoping note and of the regional mapping questionnaire",
    ),
    EventRow(
        "4th Steering Committee of the S3 Platform for Industrial Modernisation",
        datetime.date(2018, 11, 27),
        date_detail="27-28 November",
        place="Bilbao",
        other_information="Progress of the partnership presented to the platform",
    ),
    EventRow(
        "Mapping workshop with ECSO WG4",
        datetime.date(2019, 3, 13),
        place="Brussels",
        other_information="Agreement on the S3 cybersecurity taxonomy used for the regional mappings",
    ),
    EventRow(
        "Cyber range working group meeting",
        datetime.date(2019, 5, 21),
        place="Donostia-San Sebastián",
        other_information="Hosted by the Basque Cybersecurity Centre; first exchange on a federated cyber range",
    ),
    EventRow(
        "Partnership meeting at the European Week of Regions and Cities",
        datetime.date(2019, 10, 9),
        place="Brussels",
        other_information="Joint session with the Interreg Europe CYBER project",
    ),
    EventRow(
        "Partnership meeting at the European Cyber Week",
        datetime.date(2019, 11, 19),
        place="Rennes",
        other_information="Investment Platform presented with ECSO and the EIB",
    ),
    EventRow(
        "Kick-off of the TAF support for the Federated Cyber Range",
        datetime.date(2020, 2, 11),
        place="Brussels",
        other_information="Business case and market study for a federated cyber range",
    ),
    EventRow(
        "Online partnership meeting",
        datetime.date(2020, 5, 14),
        date_detail="10:00-12:00",
        place="Digital Event",
        other_information="Physical meetings cancelled because of COVID-19; progress of the regional mappings",
    ),
    EventRow(
        "Closing meeting of the TAF support",
        datetime.date(2020, 9, 24),
        place="online",
        other_information="Consolidated business case and note on the legal structure",
    ),
    EventRow(
        "Partnership meeting at the European Cyber Week 2020",
        datetime.date(2020, 11, 17),
        place="online",
    ),
]

PROGRESS = {
    (2018, 2): {
        "innovative_results": "Scoping note agreed by the partner regions. A common questionnaire to map the regional cybersecurity ecosystems is ready.",
        "socio_economic_impacts": "Too early for impacts: the partnership started in February 2018.",
        "business_involvement": "Clusters of the partner regions (Images & Reseaux, LSEC, Basque Cybersecurity Centre) took part in the first meeting.",
        "cooperation_sufficiency": "Five participating regions with cybersecurity in their S3. More regions are expected to join in 2019.",
        "eu13_involvement": "Estonia is a participating region.",
        "outreach": "Presentation at the European Cyber Week in Rennes (November 2018).",
    },
    (2019, 1): {
        "innovative_results": "Mapping questionnaire sent to all participating regions; first results from Brittany, Castilla y Leon and Wallonia.",
        "socio_economic_impacts": "Cyber range working group created with the Basque Country and Estonia to share training and testing infrastructure.",
        "inter_partnership_results": "Exchange with the SME integration to Industry 4.0 partnership on cybersecurity needs of manufacturing SMEs.",
        "business_involvement": "ECSO WG4 (SMEs and regions) co-organised the mapping workshop.",
        "cooperation_sufficiency": "Cooperation is growing: Tuscany and Central Finland joined, Slovenia follows the work.",
        "eu13_involvement": "Estonia contributes to the cyber range; Slovenia is an interested region.",
        "outreach": "2 presentations (ECSO general assembly, Interreg Europe CYBER meeting).",
    },
    (2019, 2): {
        "innovative_results": "Regional mappings completed in 6 regions following the S3 taxonomy.",
        "socio_economic_impacts": "Business case for a federated cyber range drafted; application for TAF support submitted.",
        "inter_partnership_results": "Joint session with the Interreg Europe CYBER project during the European Week of Regions and Cities.",
        "business_involvement": "Investment Platform discussed with ECSO and the EIB to help cybersecurity SMEs scale up.",
        "cooperation_sufficiency": "Wales joined; Slovakia and Saint Quentin en Yvelines are interested.",
        "eu13_involvement": "Estonia (participating), Slovenia and Slovakia (interested).",
        "outreach": "3 outreach activities: European Week of Regions and Cities, European Cyber Week, S3 Platform newsletter.",
    },
    (2020, 1): {
        "innovative_results": "Market study for the federated cyber range started with TAF support.",
        "socio_economic_impacts": "Interviews with potential customers in health and energy. COVID-19 showed the exposure of hospitals to cyberattacks.",
        "inter_partnership_results": "Contacts with the network of AI DIHs to learn how a network of DIHs is organised.",
        "business_involvement": "Tecnalia and Ruhr-Universität joined the cyber range work.",
        "cooperation_sufficiency": "North Rhine Westaflavia joined; meetings moved online but continued every two months.",
        "eu13_involvement": "Estonia contributes through Cybexer to the cyber range business case.",
        "outreach": "2 webinars with ECSO.",
        "other_platform_activities": "Link with the SME integration to Industry 4.0 partnership.",
    },
}

SDGS = {
    (2018, 2): "- - N N - - - A SA - N - - - - - -",
    (2019, 1): "N - A A N N - SA SA N A - - - - - -",
    (2019, 2): "N NA A SA A N A SA SA N A N - - - - -",
    (2020, 1): "N A SA SA A N A SA SA N SA N A - - - -",
}

# --- Self-assessments (invented: Section III of the real form was never published) --------

FICTITIOUS = (
    "Fictitious demo answer: the real self-assessment is confidential and was never published."
)


def governance(*answers):
    """The governance matrix from its seven answers, in the form's order."""
    return dict(zip(GovernanceStatement.values, answers, strict=True))


def usefulness(*answers):
    """The EU support matrix from its seven answers, in the form's order."""
    return dict(zip(SupportTool.values, answers, strict=True))


SA, AG, NE = Agreement.STRONGLY_AGREE, Agreement.AGREE, Agreement.NEUTRAL
VU, US, NU = Usefulness.VERY_USEFUL, Usefulness.USEFUL, Usefulness.NOT_USED
Status, Funding = PipelineProject.Status, PipelineProject.FundingSource

CYBER_RANGE_PROJECT = "Federated Cyber Range"
ACCELERATION = "Interregional acceleration programme for local cyber security scaleups"
CYBER_RANGE_REGIONS = "Brittany, Basque Country, Estonia, North Rhine-Westphalia"

SELF_ASSESSMENTS = {
    (2018, 2): SelfAssessmentSpec(
        progress_rating=ProgressRating.GOOD,
        progress_justification="Scoping note agreed and mapping questionnaire ready, as planned for the first months.",
        methodology_phase=MethodologyPhase.LEARN,
        outputs=[Output.SCOPING_NOTE],
        governance=governance(AG, AG, NE, AG, AG, NE, NE),
        changes=[Change.REGIONS_JOINED],
        changes_detail="Five regions confirmed their participation by letter.",
        obstacles=[Obstacle.STAFF],
        support_usefulness=usefulness(VU, US, NU, NU, NU, US, US),
        support_needed=[SupportNeed.EXPERTS, SupportNeed.VISIBILITY],
        risks="Partner regions have little staff time for the mapping; the lead region offers a template and a helpdesk.",
        continuation=Continuation.AS_IS,
        pipeline=[
            PipelineRow(
                CYBER_RANGE_PROJECT,
                Status.IDEA,
                regions_involved="Brittany, Basque Country, Estonia",
            )
        ],
        milestones=[
            MilestoneRow(
                "Mapping questionnaire sent to all regions", datetime.date(2019, 2, 28), "Brittany"
            ),
            MilestoneRow(
                "First meeting of the cyber range working group",
                datetime.date(2019, 5, 31),
                "Basque Country",
            ),
        ],
    ),
    (2019, 1): SelfAssessmentSpec(
        progress_rating=ProgressRating.GOOD,
        progress_justification="Mapping under way in all regions; the cyber range working group has met.",
        methodology_phase=MethodologyPhase.CONNECT,
        outputs=[Output.SCOPING_NOTE, Output.MAPPING],
        governance=governance(AG, AG, AG, AG, AG, NE, AG),
        changes=[Change.REGIONS_JOINED],
        changes_detail="Tuscany and Central Finland joined; Slovenia is interested.",
        obstacles=[Obstacle.STAFF, Obstacle.MANAGEMENT_FUNDING],
        support_usefulness=usefulness(VU, VU, NU, NU, NU, US, US),
        support_needed=[SupportNeed.TAF, SupportNeed.MATCHMAKING],
        risks="No budget for the management of the partnership after 2019; the lead region seeks Interreg funding.",
        continuation=Continuation.AS_IS,
        pipeline=[
            PipelineRow(
                CYBER_RANGE_PROJECT,
                Status.IN_PREPARATION,
                Funding.TAF,
                regions_involved="Brittany, Basque Country, Estonia",
            )
        ],
        milestones=[
            MilestoneRow("Regional mappings completed", datetime.date(2019, 10, 31), "All regions"),
            MilestoneRow(
                "TAF application for the cyber range", datetime.date(2019, 11, 30), "Brittany"
            ),
        ],
    ),
    (2019, 2): SelfAssessmentSpec(
        progress_rating=ProgressRating.VERY_GOOD,
        progress_justification="Mappings completed, TAF application submitted and an Investment Platform started with ECSO and the EIB.",
        methodology_phase=MethodologyPhase.CONNECT,
        outputs=[Output.SCOPING_NOTE, Output.MAPPING, Output.MATCHMAKING, Output.GOVERNANCE],
        governance=governance(SA, AG, AG, SA, AG, AG, AG),
        changes=[Change.REGIONS_JOINED],
        changes_detail="Wales joined; Slovakia and Saint-Quentin-en-Yvelines are interested.",
        obstacles=[Obstacle.COMBINING_FUNDS],
        support_usefulness=usefulness(VU, VU, US, NU, NU, VU, US),
        support_needed=[SupportNeed.TAF, SupportNeed.FINANCE_ADVICE],
        risks="Brexit may end the participation of Wales in EU-funded projects.",
        continuation=Continuation.AS_IS,
        pipeline=[
            PipelineRow(
                CYBER_RANGE_PROJECT,
                Status.SUBMITTED,
                Funding.TAF,
                regions_involved=CYBER_RANGE_REGIONS,
            ),
            PipelineRow(
                ACCELERATION, Status.IDEA, regions_involved="Brittany, Wallonia, Luxembourg"
            ),
        ],
        milestones=[
            MilestoneRow("Start of the TAF support", datetime.date(2020, 2, 15), "Brittany"),
            MilestoneRow(
                "Market study interviews", datetime.date(2020, 6, 30), "North Rhine-Westphalia"
            ),
        ],
    ),
    (2020, 1): SelfAssessmentSpec(
        progress_rating=ProgressRating.SATISFACTORY,
        progress_justification="The TAF support started, but COVID-19 delayed the interviews of the market study.",
        methodology_phase=MethodologyPhase.DEMONSTRATE,
        outputs=[
            Output.SCOPING_NOTE,
            Output.MAPPING,
            Output.MATCHMAKING,
            Output.GOVERNANCE,
            Output.ACTION_PLAN,
        ],
        governance=governance(SA, AG, AG, SA, NE, AG, AG),
        changes=[Change.REGIONS_JOINED],
        changes_detail="North Rhine-Westphalia joined; Apulia and Liguria are interested.",
        obstacles=[Obstacle.COVID, Obstacle.STAFF],
        support_usefulness=usefulness(VU, US, VU, NU, NU, US, US),
        support_needed=[SupportNeed.FINANCE_ADVICE, SupportNeed.MATCHMAKING],
        risks="Online meetings keep the partners informed but engage fewer companies.",
        continuation=Continuation.AS_IS,
        pipeline=[
            PipelineRow(
                CYBER_RANGE_PROJECT,
                Status.RUNNING,
                Funding.TAF,
                regions_involved=CYBER_RANGE_REGIONS,
            ),
            PipelineRow(
                ACCELERATION, Status.IDEA, regions_involved="Brittany, Wallonia, Luxembourg"
            ),
        ],
        milestones=[
            MilestoneRow("Consolidated business case", datetime.date(2020, 9, 30), "Brittany"),
        ],
    ),
    (2020, 2): SelfAssessmentSpec(
        progress_rating=ProgressRating.GOOD,
        progress_justification="TAF support completed with a business case for 4 regions; the network of cybersecurity DIHs is a new working area.",
        methodology_phase=MethodologyPhase.DEMONSTRATE,
        outputs=[
            Output.SCOPING_NOTE,
            Output.MAPPING,
            Output.MATCHMAKING,
            Output.GOVERNANCE,
            Output.ACTION_PLAN,
            Output.BUSINESS_CASES,
        ],
        governance=governance(SA, AG, AG, SA, AG, AG, AG),
        changes=[Change.REGIONS_JOINED],
        changes_detail="Emilia-Romagna is interested.",
        obstacles=[Obstacle.COMBINING_FUNDS, Obstacle.COVID],
        obstacles_detail="Funding the hospital proofs of concept needs both regional ERDF and private money.",
        support_usefulness=usefulness(VU, US, VU, NU, NU, US, US),
        support_needed=[SupportNeed.FINANCE_ADVICE, SupportNeed.VISIBILITY],
        support_needed_detail="Advice on the Digital Europe call for European Digital Innovation Hubs.",
        risks="Wales can no longer join EU-funded projects after the Brexit transition period; it stays as an observer.",
        continuation=Continuation.WITH_CHANGES,
        pipeline=[
            PipelineRow(
                CYBER_RANGE_PROJECT,
                Status.COMPLETED,
                Funding.TAF,
                regions_involved=CYBER_RANGE_REGIONS,
            ),
            PipelineRow(
                "Cyber range proofs of concept with hospitals",
                Status.IN_PREPARATION,
                Funding.ERDF,
                450_000,
                "Brittany",
            ),
            PipelineRow(
                "Network of DIHs specialised in cybersecurity",
                Status.IDEA,
                regions_involved="Brittany, Luxembourg, Wallonia, Castilla y Leon",
            ),
            PipelineRow(
                ACCELERATION,
                Status.IN_PREPARATION,
                Funding.I3,
                regions_involved="Brittany, Wallonia, Luxembourg",
            ),
        ],
        milestones=[
            MilestoneRow("2nd joint ECSO WG4.2 meeting", datetime.date(2021, 2, 25), "Brittany"),
            MilestoneRow(
                "1st Steering Board of the network of CS DIHs",
                datetime.date(2021, 3, 23),
                "Brittany",
            ),
            MilestoneRow(
                "Framework cooperation agreement drafted", datetime.date(2021, 6, 30), "Brittany"
            ),
        ],
    ),
}


def marked(assessment):
    """The assessment with its fictitious nature said in the answers a reader sees first."""
    return replace(
        assessment,
        progress_justification=f"{FICTITIOUS}\n\n{assessment.progress_justification}",
        further_comments=FICTITIOUS,
    )


def joined_by(period):
    """The regions listed in the report for `period`: everyone who had joined by then."""
    regions: dict[RegionRole, list[Listed]] = {LEAD: [], PARTICIPATING: [], INTERESTED: []}
    for joined_in, joined in JOINED.items():
        if joined_in <= period:
            for role, entries in joined.items():
                regions[role].extend(entries)
    return regions


def half_year_of(date):
    return (date.year, 1 if date.month <= 6 else 2)


def next_half_year(period):
    year, half = period
    return (year, 2) if half == 1 else (year + 1, 1)


def earlier_reports():
    """The published reports from July–December 2018 to January–June 2020."""
    return [
        ReportSpec(
            partnership=PARTNERSHIP.short_name,
            year=period[0],
            half=period[1],
            state=State.PUBLISHED,
            # Coordinators carry the summary over from report to report.
            executive_summary=EXECUTIVE_SUMMARY,
            regions=joined_by(period),
            progress=PROGRESS[period],
            working_areas=WORKING_AREAS[period],
            past_events=[event for event in EVENTS if half_year_of(event.date) == period],
            planned_events=[
                event for event in EVENTS if half_year_of(event.date) == next_half_year(period)
            ],
            sdgs=SDGS[period],
            self_assessment=marked(SELF_ASSESSMENTS[period]),
        )
        for period in EARLIER_PERIODS
    ]


def reports():
    """All Cybersecurity reports, oldest first."""
    return [
        *earlier_reports(),
        replace(REPORT_2020_H2, self_assessment=marked(SELF_ASSESSMENTS[(2020, 2)])),
    ]
