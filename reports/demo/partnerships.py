"""The thematic platforms and the partnerships other than Cybersecurity, with a few reports.

Partnerships, platforms and lead regions follow the platforms' public lists. Where the leads
are not confirmed (Personalised Medicine, Medical Technology, Textile Innovation, the 2017–2018
Industrial Modernisation partnerships, Smart Grids), plausible regions were picked,
as were most participating regions: this is demo data, not a record. Start dates are
approximate where the sources give only a year or a season. Web pages follow the S3
Platform's address pattern (its address, then the partnership's name); only some of them are
confirmed by a source.

Every report here is invented; they exist so each state of the workflow has an example.
"""

# Descriptions and report texts are prose: one line each reads better than split strings.
# ruff: noqa: E501

import datetime

from reports.models import RegionRole
from reports.models.self_assessment import (
    Continuation,
    MethodologyPhase,
    Obstacle,
    Output,
    PipelineProject,
    ProgressRating,
)

from .specs import (
    EventRow,
    Listed,
    MilestoneRow,
    PartnershipSpec,
    PipelineRow,
    ReportSpec,
    SelfAssessmentSpec,
    State,
    WorkingAreaRow,
)

# (code, name, launch year), in the order the platforms list them.
PLATFORMS = [
    ("AGRI", "Agri-Food", 2016),
    ("ENER", "Energy", 2015),
    ("IND", "Industrial Modernisation", 2016),
    ("BLUE", "Sustainable Blue Economy", 2022),
]

S3_PLATFORM = "https://s3platform.jrc.ec.europa.eu/"


def partnership(
    platform,
    short_name,
    full_name,
    slug,
    start_date,
    leads,
    participating,
    interested="",
    *,
    description,
    areas,
    page=None,
    acronym="",
):
    """A partnership whose regions are given as space-separated NUTS codes."""
    return PartnershipSpec(
        platform=platform,
        short_name=short_name,
        full_name=full_name,
        slug=slug,
        acronym=acronym,
        start_date=start_date,
        web_page=S3_PLATFORM + (page or slug),
        description=description,
        shared_specialisation_areas=areas,
        regions={
            RegionRole.LEAD: [Listed(code) for code in leads.split()],
            RegionRole.PARTICIPATING: [Listed(code) for code in participating.split()],
            RegionRole.INTERESTED: [Listed(code) for code in interested.split()],
        },
    )


date = datetime.date

PARTNERSHIPS = [
    # Industrial Modernisation
    partnership(
        "IND",
        "Chemicals",
        "Chemicals",
        "chemicals",
        date(2017, 11, 1),
        "NL42",
        "ES51 ITC4 DEA SE232 FRK",
        "PL71",
        description="Regions with a strong chemical industry cooperate on the transition to renewable feedstock and circular processes, with the European Chemical Regions Network as secretariat.",
        areas="Chemicals, circular economy, bio-based feedstock",
    ),
    partnership(
        "IND",
        "Personalised Medicine",
        "Personalised Medicine",
        "personalised-medicine",
        date(2017, 11, 1),
        "ES51",
        "ITC4 SE224 DE1 FRK",
        "RO21",
        description="Builds interregional value chains for personalised medicine, from diagnostics and data to clinical pilots.",
        areas="Health, personalised medicine, health data",
    ),
    partnership(
        "IND",
        "Efficient and Sustainable Manufacturing",
        "Efficient and Sustainable Manufacturing",
        "efficient-sustainable-manufacturing",
        date(2014, 11, 1),
        "ITC4 ES51 FRK",
        "BE2 DE1 PL21 SE123",
        acronym="ESM",
        description="Demonstration facilities for efficient and sustainable manufacturing, started as a Vanguard Initiative pilot.",
        areas="Advanced manufacturing, resource efficiency",
    ),
    partnership(
        "IND",
        "Bioeconomy",
        "Bio-Economy – innovative use of non-food biomass",
        "bioeconomy",
        date(2016, 11, 1),
        "ITC4",
        "BE2 NL1 ES41 SE123",
        page="bio-economy2",
        description="Interregional demonstration of biorefineries that use non-food biomass, with the Vanguard Initiative.",
        areas="Bioeconomy, biorefineries, bio-based products",
    ),
    partnership(
        "IND",
        "Medical Technology",
        "Medical Technologies",
        "medical-technology",
        date(2017, 3, 1),
        "FRK ITC4",
        "NL41 PL71 CZ052 BE25",
        description="More than twenty regions cooperate on medical technologies, from prototyping to market access.",
        areas="Medical devices, health technologies",
    ),
    partnership(
        "IND",
        "Textile Innovation",
        "Smart Regional Investments in Textile Innovation",
        "textile-innovation",
        date(2017, 3, 1),
        "BE25 PL71",
        "FRK DE1 ITF3 ES51 ITH5 CZ052 ITC4 PT11 RO21 ITC1 ITF4 ITI1 ES52 SE232",
        description="Sixteen textile regions invest together in technical textiles, digital production and sustainable materials.",
        areas="Textiles, advanced materials, circular economy",
    ),
    partnership(
        "IND",
        "Sports",
        "Sports",
        "sports",
        date(2017, 11, 1),
        "FI193 NL41",
        "ES52 PL21 DEA",
        description="Connects sports innovation ecosystems: sports technology, health and active ageing.",
        areas="Sports technology, health, wearables",
    ),
    partnership(
        "IND",
        "Tourism",
        "Tourism",
        "tourism",
        date(2018, 3, 1),
        "ES52",
        "ITI1 EL52 PT11 ITF4",
        "BG42",
        description="Digital and sustainable tourism: shared data, services for SMEs and new visitor experiences.",
        areas="Tourism, digitalisation, cultural heritage",
    ),
    partnership(
        "IND",
        "SME Integration to Industry 4.0",
        "SME Integration to Industry 4.0",
        "sme-integration-industry-4-0",
        date(2017, 11, 1),
        "ES21 BE3",
        "DE1 HU32 PL21 ITC1",
        description="Helps manufacturing SMEs adopt Industry 4.0 technologies through interregional networks of DIHs.",
        areas="Industry 4.0, digital innovation hubs, SMEs",
    ),
    partnership(
        "IND",
        "Artificial Intelligence and Human Machine Interface",
        "Artificial Intelligence and Human Machine Interface",
        "artificial-intelligence-hmi",
        date(2018, 3, 1),
        "NL41",
        "ES21 FI193 BE2 RO21",
        acronym="AI & HMI",
        description="Applies artificial intelligence and human–machine interfaces in regional industries, with shared test facilities.",
        areas="Artificial intelligence, robotics, human-machine interface",
    ),
    partnership(
        "IND",
        "3D Printing",
        "3D Printing",
        "3d-printing",
        date(2017, 11, 1),
        "ES51",
        "BE2 ITC4 NL32 FRD",
        description="Additive manufacturing for industrial applications: pilot lines, standards and skills.",
        areas="Additive manufacturing, advanced materials",
    ),
    partnership(
        "IND",
        "New Nano-Enabled Products",
        "New Nano-Enabled Products",
        "nano-enabled-products",
        date(2017, 11, 1),
        "ITH3",
        "PT16 SI0 ES52",
        description="Brings nano-enabled products to market through shared pilot plants and testing.",
        areas="Nanotechnology, advanced materials",
    ),
    partnership(
        "IND",
        "Photonics",
        "Photonics",
        "photonics",
        date(2018, 3, 1),
        "BE2",
        "NL41 DE1 FI193 PL21",
        description="Photonics for industry and health: interregional access to photonics pilot lines.",
        areas="Photonics, key enabling technologies",
    ),
    # Agri-Food
    partnership(
        "AGRI",
        "High Tech Farming",
        "High Tech Farming",
        "high-tech-farming",
        date(2016, 12, 6),  # kick-off meeting in Florence
        "ITI1",
        "BE2 DE94 EL52 EL53 ES11 ES43 FI194 FRG ITI3 ITH3 ITH5 RO21 SE12 NL1 NL22 NL32 NL41 "
        "NL42 UKN0 PT16",
        "EE00",
        description="Precision farming and digital technologies for agriculture, from sensors to farm management systems.",
        areas="Precision agriculture, digitalisation, agri-food",
    ),
    partnership(
        "AGRI",
        "Traceability and Big Data",
        "Traceability & Big Data in the agri-food value chain",
        "traceability-big-data",
        date(2017, 2, 1),
        "ES61 ITH5",
        "ES43 ES11 PT16 EL52 RO21 HU32 BG42",
        description="Traceability systems and big data along the agri-food value chain, from farm to consumer.",
        areas="Agri-food, traceability, big data",
    ),
    partnership(
        "AGRI",
        "Consumer Involvement",
        "Consumer Involvement in Agri-Food Innovation",
        "consumer-involvement",
        date(2018, 6, 1),
        # Regio FoodValley, the lead, is mapped to Gelderland, the province it lies in.
        "NL22 SE123",
        "DK04 FI194",
        description="Involves consumers in agri-food innovation through living labs and shared consumer research.",
        areas="Agri-food, consumer research, living labs",
    ),
    partnership(
        "AGRI",
        "Smart Sensors 4 Agri-Food",
        "Smart Sensors 4 Agri-Food",
        "smart-sensors-4-agri-food",
        date(2018, 3, 1),
        "BE2 BE3",
        "NL41 FRG ITH5",
        description="Sensor technologies for food quality and safety, started by clusters of Flanders and Wallonia.",
        areas="Sensors, food quality, agri-food",
    ),
    # Energy
    partnership(
        "ENER",
        "Bioenergy",
        "Bioenergy",
        "bioenergy",
        date(2016, 10, 1),
        "FI1D7 ES41",
        "SE12 RO21 EE00 ITI1 PL71",
        description="Sustainable bioenergy from forest and agricultural residues in 25 regions.",
        areas="Bioenergy, forestry, renewable energy",
    ),
    partnership(
        "ENER",
        "Solar Energy",
        "Solar Energy",
        "solar-energy",
        date(2017, 10, 1),
        "ES43",
        "ES61 ITF4 PT16 EL52 BG42",
        description="Solar energy technologies and their integration in buildings and grids.",
        areas="Solar energy, renewable energy",
    ),
    partnership(
        "ENER",
        "Sustainable Buildings",
        "Sustainable Buildings",
        "sustainable-buildings",
        date(2016, 10, 1),
        "ES61 HU32",
        "ES11 ITH3 PL21 FRG SI0",
        "RO21",
        description="Energy-efficient construction and renovation of buildings; 55 entities from 45 regions and Member States.",
        areas="Sustainable construction, energy efficiency",
    ),
    partnership(
        "ENER",
        "Marine Renewable Energy",
        "Marine Renewable Energy",
        "marine-renewable-energy",
        date(2016, 10, 1),
        "UKM ES21",
        "FRH0 PT11 UKN0 FRG",
        acronym="MRE",
        description="Offshore wind, wave and tidal energy: shared test sites and supply chains.",
        areas="Marine renewable energy, offshore wind, blue economy",
    ),
    partnership(
        "ENER",
        "Smart Grids",
        "Smart Grids",
        "smart-grids",
        date(2016, 10, 1),
        "DK04",
        "FI193 EL53 ITH3",
        description="Smart electricity grids for regions with a high share of renewable energy.",
        areas="Smart grids, energy storage",
    ),
    partnership(
        "ENER",
        "Hydrogen Valleys",
        "European Hydrogen Valleys S3 Partnership",
        "hydrogen-valleys",
        date(2019, 6, 1),
        "ES24 FRK FRD NL1",
        "DEA ITC4 PL21",
        description="Regions building hydrogen valleys: production, storage and use of clean hydrogen.",
        areas="Hydrogen, renewable energy, energy storage",
    ),
]

# `coordinator2` reports for this partnership, which has no report at all, so that a full
# report can be filled in from scratch.
PARTNERSHIP_WITHOUT_REPORTS = "Sustainable Buildings"

Status, Funding = PipelineProject.Status, PipelineProject.FundingSource

# One report in each state of the workflow, plus the two High Tech Farming reports the S3
# Platform listed and one from the first period. Regions default to the partnership's.
REPORTS = [
    ReportSpec(
        partnership="Chemicals",
        year=2018,
        half=1,
        state=State.PUBLISHED,
        executive_summary="The Chemicals partnership helps chemical regions move to renewable feedstock and circular processes. In this first period it set up its governance with the European Chemical Regions Network.",
        progress={
            "innovative_results": "Scoping note agreed; six regions signed the commitment letter.",
            "business_involvement": "Chemical parks and clusters of all partner regions attended the kick-off.",
            "eu13_involvement": "Łódzkie follows the work as an interested region.",
        },
        working_areas=[
            WorkingAreaRow(
                "Mapping of pilot plants", "Limburg", "All", "Brightlands Chemelot Campus"
            ),
        ],
        past_events=[EventRow("Kick-off meeting", date(2018, 3, 15), place="Geleen")],
        sdgs="- - - - - N A SA SA - - SA SA - - - -",
    ),
    ReportSpec(
        partnership="High Tech Farming",
        year=2020,
        half=1,
        state=State.PUBLISHED,
        executive_summary="High Tech Farming brings precision farming technologies to farmers through demonstration farms in the partner regions.",
        progress={
            "innovative_results": "Catalogue of 40 demonstration farms across 12 regions.",
            "socio_economic_impacts": "Farm visits moved online during COVID-19; 300 farmers joined the webinars.",
            "cooperation_sufficiency": "Cooperation is strong between Tuscany, Flanders and the Dutch regions.",
        },
        working_areas=[
            WorkingAreaRow("Demonstration farms", "Tuscany", "All", "Farmers' associations"),
            WorkingAreaRow("Data sharing in agriculture", "Flanders", "Gelderland, Weser-Ems"),
        ],
        past_events=[
            EventRow("Online partnership meeting", date(2020, 4, 22), place="online"),
        ],
        planned_events=[
            EventRow("Field day on precision irrigation", date(2020, 9, 17), place="Pisa"),
        ],
        sdgs="N SA A A N A A A SA N N SA SA - A - -",
    ),
    ReportSpec(
        partnership="High Tech Farming",
        year=2020,
        half=2,
        state=State.PUBLISHED,
        executive_summary="High Tech Farming brings precision farming technologies to farmers through demonstration farms in the partner regions.",
        progress={
            "innovative_results": "Three interregional pilots on precision irrigation, drones and farm data.",
            "socio_economic_impacts": "Pilot farms report 15% less water use in precision irrigation trials.",
            "eu13_involvement": "North-East Romania leads the pilot on farm data.",
            "other_platform_activities": "Exchange with Traceability and Big Data on farm data standards.",
        },
        working_areas=[
            WorkingAreaRow("Demonstration farms", "Tuscany", "All", "Farmers' associations"),
            WorkingAreaRow("Data sharing in agriculture", "Flanders", "Gelderland, Weser-Ems"),
            WorkingAreaRow(
                "Precision irrigation pilot", "Tuscany", "Extremadura, Central Macedonia"
            ),
        ],
        past_events=[
            EventRow("Field day on precision irrigation", date(2020, 9, 17), place="online"),
        ],
        sdgs="N SA A A N SA A A SA N N SA SA - A - -",
    ),
    ReportSpec(
        partnership="Chemicals",
        year=2026,
        half=1,
        state=State.ACCEPTED,
        executive_summary="The Chemicals partnership helps chemical regions move to renewable feedstock and circular processes.",
        progress={
            "innovative_results": "Two pilot plants for chemical recycling shared between Limburg and Catalonia.",
            "cooperation_sufficiency": "Good; Västra Götaland offers its bio-based pilot plant to the partners.",
        },
        working_areas=[
            WorkingAreaRow("Chemical recycling pilots", "Limburg", "Catalonia, Lombardy"),
        ],
        sdgs="- - N - - N A SA SA - N SA SA - - - -",
    ),
    ReportSpec(
        partnership="Traceability and Big Data",
        year=2026,
        half=1,
        state=State.SUBMITTED,
        executive_summary="Traceability and Big Data develops traceability systems for the agri-food value chain, led by Andalusia with Emilia-Romagna.",
        progress={
            "innovative_results": "Common data model for olive oil and wine traceability tested in three regions.",
            "business_involvement": "Cooperatives from Andalusia and Emilia-Romagna run the pilots.",
            "eu13_involvement": "Northern Great Plain and South Central Bulgaria take part in the wine pilot.",
        },
        working_areas=[
            WorkingAreaRow(
                "Traceability data model",
                "Andalusia",
                "Emilia-Romagna, Galicia",
                "Agri-food cooperatives",
            ),
        ],
        past_events=[EventRow("Pilot review meeting", date(2026, 5, 12), place="Seville")],
        planned_events=[EventRow("Steering group", date(2026, 10, 6), place="online")],
        sdgs="- SA A - - N - A SA - N SA A - A - A",
        self_assessment=SelfAssessmentSpec(
            progress_rating=ProgressRating.GOOD,
            progress_justification="Fictitious demo answer. The data model pilots run on schedule.",
            methodology_phase=MethodologyPhase.DEMONSTRATE,
            outputs=[Output.MAPPING, Output.BUSINESS_CASES],
            obstacles=[Obstacle.COMBINING_FUNDS],
            continuation=Continuation.AS_IS,
            pipeline=[
                PipelineRow(
                    "Olive oil traceability pilot",
                    Status.RUNNING,
                    Funding.I3,
                    1_200_000,
                    "Andalusia, Emilia-Romagna",
                ),
            ],
            milestones=[MilestoneRow("Pilot results published", date(2026, 12, 15), "Andalusia")],
            further_comments="Fictitious demo answer.",
        ),
    ),
    ReportSpec(
        partnership="Bioenergy",
        year=2026,
        half=1,
        state=State.RETURNED,
        executive_summary="Bioenergy.",
        progress={"innovative_results": "See previous report."},
        review_comment="Please describe the results of this period in section II and list the meetings held; the executive summary needs the partnership's objectives.",
    ),
    ReportSpec(
        partnership="Solar Energy",
        year=2026,
        half=2,
        state=State.DRAFT,
        executive_summary="The Solar Energy partnership brings together regions with solar energy in their smart specialisation strategy, led by Extremadura.",
        working_areas=[WorkingAreaRow("Solar energy in buildings", "Extremadura")],
    ),
]
