"""Original demo stories, written for Newsroom's demo site.

Every name, quote and figure here is invented for the demo. The stories
exercise what the site must show: several authors in several roles, a
free-text byline, datelines, tags, a draft and a scheduled story.
"""

AUTHORS = [
    ("ana-diaz", "Ana Diaz", "Ana Diaz covers cities and transport from Lisbon."),
    ("sam-lee", "Sam Lee", "Sam Lee is our economics correspondent."),
    ("priya-natarajan", "Priya Natarajan", "Priya Natarajan writes about science and health."),
    ("tomasz-nowak", "Tomasz Nowak", "Tomasz Nowak reports on climate and the Nordic countries."),
    ("amara-okafor", "Amara Okafor", "Amara Okafor is our East Africa correspondent."),
    ("newsroom-wire", "Newsroom Wire", "Copy from the agencies we subscribe to."),
]

DATELINES = [
    ("moscow", "Moscow", "Russia"),
    ("lisbon", "Lisbon", "Portugal"),
    ("oslo", "Oslo", "Norway"),
    ("nairobi", "Nairobi", "Kenya"),
    ("montreal", "Montreal", "Canada"),
    ("jakarta", "Jakarta", "Indonesia"),
    ("lima", "Lima", "Peru"),
]

TAGS = [
    ("politics", "Politics"),
    ("climate", "Climate"),
    ("business", "Business"),
    ("science", "Science"),
    ("transport", "Transport"),
    ("culture", "Culture"),
    ("sport", "Sport"),
    ("health", "Health"),
]

# picture: a drawn lead illustration (articles/demo_pictures.py).
# hours_ago: how long before the first `load_demo` run the story went out;
# a negative value schedules it for later. status defaults to published.
# The demo's masthead sections, in this order (set when the tag is created).
MASTHEAD_SECTIONS = ["politics", "business", "climate", "science", "culture", "sport"]

ARTICLES = [
    {
        "slug": "harbour-city-votes-for-night-buses-every-fifteen-minutes",
        "picture": {
            "alt_text": "An illustrated city skyline at night under a deep blue sky",
            "caption": "The city after midnight, when the new night buses will run.",
            "sky": ("#0b1d3a", "#3b4f7a"),
            "seed": 1,
        },
        "headline": "Harbour city votes to run night buses every fifteen minutes",
        "standfirst": "Councillors back a two-year trial after shift workers "
        "packed the chamber to describe hour-long waits.",
        "dateline": "lisbon",
        "tags": ["transport", "politics"],
        "authors": [("ana-diaz", "writer"), ("sam-lee", "additional-reporting")],
        "hours_ago": 2,
        "paragraphs": [
            "The city council voted 31 to 12 on Thursday to run night buses every "
            "fifteen minutes on its six busiest routes, after a debate in which nurses, "
            "bakers and cleaners described waiting an hour or more in the small hours.",
            "The two-year trial will cost an estimated 4.2 million euros a year, to be "
            "paid from the tourist tax, the transport committee said.",
            "\u201cThe city does not stop at midnight, and neither should its buses,\u201d "
            "the committee's chair told the chamber.",
            "Opposition councillors said the money would be better spent on the "
            "daytime network, where two routes were cut last spring.",
        ],
    },
    {
        "slug": "glacier-stations-record-earliest-melt-in-two-decades",
        "picture": {
            "alt_text": "An illustrated skyline under a pale spring sky",
            "caption": "Spring came early in the north this year.",
            "sky": ("#9cc3e6", "#e8f1f8"),
            "seed": 2,
        },
        "headline": "Glacier monitoring stations record earliest melt in two decades",
        "standfirst": "Sensors on three northern glaciers picked up meltwater in "
        "April, three weeks before the long-term average.",
        "dateline": "oslo",
        "tags": ["climate", "science"],
        "authors": [("tomasz-nowak", "writer")],
        "hours_ago": 5,
        "paragraphs": [
            "Meltwater began to flow from three monitored glaciers in the first week of "
            "April this year, the earliest start since the stations were installed, "
            "according to data published by the national water authority.",
            "Researchers cautioned that a single season does not make a trend, but said "
            "the early start fits a pattern of shorter winters seen across the region.",
            "The authority plans to add two more stations next year.",
        ],
    },
    {
        "slug": "ministers-meet-to-shore-up-grain-corridor-deal",
        "picture": {
            "alt_text": "An illustrated skyline at dusk",
            "caption": "Ministers meet next week.",
            "sky": ("#2d2a4a", "#c7775b"),
            "seed": 3,
        },
        "headline": "Regional ministers meet to shore up fragile grain corridor deal",
        "standfirst": "Talks next week are meant to consolidate an agreement that "
        "has kept cargo ships moving since the spring.",
        "dateline": "moscow",
        "tags": ["politics", "business"],
        "byline": "By our correspondents",
        "hours_ago": 9,
        "paragraphs": [
            "Ministers from five countries will meet next week to consolidate a fragile "
            "agreement that has allowed grain ships to leave the region's ports since "
            "the spring, officials said on Tuesday.",
            "\u201cThe first objective is to make what already works more durable,\u201d "
            "a foreign ministry spokeswoman told reporters.",
            "Shipping insurers have said they will review their premiums once the "
            "outcome of the talks is known.",
            "The meeting is expected to last two days.",
        ],
    },
    {
        "slug": "library-lends-seeds-tools-and-telescopes",
        "headline": "Small-town library lends out seeds, tools and telescopes",
        "standfirst": "A \u201clibrary of things\u201d now accounts for a fifth of all loans "
        "at the branch, and other towns want to copy it.",
        "dateline": "montreal",
        "tags": ["culture"],
        "authors": [("priya-natarajan", "writer")],
        "hours_ago": 20,
        "paragraphs": [
            "Borrowers at a suburban library branch can now take home a cordless drill, "
            "a sewing machine or a telescope as easily as a novel.",
            "The branch started with forty objects two years ago; it now lends more than "
            "six hundred, and the seed packets run out every April.",
            "Librarians say the collection has brought in people who had not held a "
            "library card since school.",
        ],
    },
    {
        "slug": "central-bank-holds-rates-and-signals-patience",
        "headline": "Central bank holds rates, signals patience on inflation",
        "standfirst": "Policymakers kept the benchmark rate unchanged for a fourth "
        "meeting and said cuts were not yet on the table.",
        "dateline": "jakarta",
        "tags": ["business"],
        "authors": [("amara-okafor", "writer"), ("sam-lee", "writer")],
        "hours_ago": 27,
        "paragraphs": [
            "The central bank left its benchmark interest rate unchanged on Wednesday "
            "for the fourth meeting in a row, saying inflation was easing more slowly "
            "than it had expected.",
            "The governor said the bank would \u201cwait for the data\u201d before "
            "considering a cut, a phrase markets took to mean no move before the new year.",
            "The currency rose slightly against the dollar after the announcement.",
        ],
    },
    {
        "slug": "marathon-adds-cooling-stations-after-record-heat",
        "picture": {
            "alt_text": "An illustrated skyline under a hot orange sky",
            "caption": "Last year's race ran on the hottest October day on record.",
            "sky": ("#e07b39", "#f6d08a"),
            "seed": 4,
        },
        "headline": "Marathon organisers add cooling stations after record heat",
        "standfirst": "Misting tents and earlier start times follow last year's race, "
        "when dozens of runners were treated for heat exhaustion.",
        "dateline": "nairobi",
        "tags": ["sport", "health", "climate"],
        "authors": [("amara-okafor", "writer"), ("tomasz-nowak", "photographs")],
        "hours_ago": 40,
        "paragraphs": [
            "Organisers of the city marathon will move the start forward by an hour and "
            "set up twelve misting tents along the course, they announced on Monday.",
            "Medical teams treated more than forty runners for heat exhaustion at last "
            "year's race, run on the hottest October day on record.",
            "Elite runners welcomed the change. \u201cThe last ten kilometres were brutal,\u201d "
            "said one of last year's finishers.",
        ],
    },
    {
        "slug": "hospital-trial-cuts-emergency-waiting-times",
        "headline": "Hospital trial cuts emergency waiting times by a third",
        "standfirst": "Putting a senior doctor at the front door, rather than at the "
        "end of the queue, sped up treatment for the sickest patients.",
        "dateline": "lima",
        "tags": ["health", "science"],
        "authors": [("priya-natarajan", "writer"), ("sam-lee", "analysis")],
        "hours_ago": 52,
        "paragraphs": [
            "A six-month trial at a large public hospital cut the median wait in its "
            "emergency department from 94 to 61 minutes, according to results "
            "presented at a medical conference on Friday.",
            "Under the scheme, an experienced doctor assesses every patient on arrival "
            "and orders tests straight away, instead of after triage by a nurse.",
            "The hospital says it will keep the system and train more senior staff to run it.",
        ],
    },
    {
        "slug": "ferry-crews-strike-over-new-rota-rules",
        "headline": "Ferry crews strike over new rota rules",
        "standfirst": "Island commuters face a second day without services as talks "
        "between the operator and the union stall.",
        "dateline": "oslo",
        "tags": ["transport", "business"],
        "authors": [("newsroom-wire", "writer")],
        "hours_ago": 70,
        "paragraphs": [
            "Ferry crews walked out on Sunday in a dispute over rotas that the union "
            "says would add two night shifts a month without extra pay.",
            "The operator said it had offered a bonus for night work and called the "
            "strike disproportionate.",
            "Commuters from the outer islands were told to expect no sailings before Tuesday.",
        ],
    },
    {
        "slug": "street-food-vendors-win-permanent-market-stalls",
        "headline": "Street food vendors win right to permanent market stalls",
        "standfirst": "After a decade of evictions, hawkers will get licensed pitches, "
        "running water and a say in how the market is run.",
        "dateline": "jakarta",
        "tags": ["culture", "politics"],
        "authors": [("ana-diaz", "writer")],
        "hours_ago": 96,
        "paragraphs": [
            "More than three hundred street food vendors will be given permanent, "
            "licensed stalls in a covered market under a deal signed on Thursday.",
            "Vendors will elect four of the market board's nine members.",
            "\u201cFor the first time, we are not afraid of the morning,\u201d said a "
            "noodle seller who has worked the same corner for nineteen years.",
        ],
    },
    {
        "slug": "volunteer-coders-rebuild-flood-warning-app",
        "headline": "Volunteer coders rebuild flood-warning app in a weekend",
        "standfirst": "The official app crashed under load during last month's storms; "
        "its replacement sends alerts by text message too.",
        "dateline": "lima",
        "tags": ["science", "climate"],
        "authors": [("sam-lee", "writer"), ("priya-natarajan", "additional-reporting")],
        "hours_ago": 120,
        "paragraphs": [
            "A group of about thirty volunteer programmers rebuilt the city's flood-"
            "warning app over a weekend, after the official version failed during "
            "last month's storms.",
            "The new app sends alerts by text message when mobile data is down, and the "
            "city has agreed to run it on its own servers.",
        ],
    },
    {
        "slug": "cup-final-tickets-sell-out-in-eleven-minutes",
        "headline": "Cup final tickets sell out in eleven minutes",
        "standfirst": "Fans queued online from dawn; the league promises a review of "
        "how many seats went to resale sites.",
        "dateline": "montreal",
        "tags": ["sport"],
        "authors": [("tomasz-nowak", "writer")],
        "hours_ago": 150,
        "paragraphs": [
            "All 21,000 tickets for the cup final sold out eleven minutes after going on "
            "sale on Saturday morning.",
            "Within the hour, some were listed on resale sites at five times their face value.",
            "The league said it would review its ticketing rules before next season.",
        ],
    },
    {
        "slug": "researchers-map-city-noise-with-cheap-sensors",
        "picture": {
            "alt_text": "An illustrated skyline at sunrise",
            "caption": "Two thousand balconies carried sensors for a month.",
            "sky": ("#f3b6a0", "#fde9c9"),
            "seed": 5,
        },
        "headline": "Researchers map noise pollution with 2,000 cheap sensors",
        "standfirst": "Balcony-mounted microphones built from spare parts show the "
        "loudest streets are not the busiest ones.",
        "dateline": "lisbon",
        "tags": ["science", "health"],
        "authors": [("priya-natarajan", "writer"), ("ana-diaz", "writer")],
        "hours_ago": 200,
        "paragraphs": [
            "Two thousand residents hung small noise sensors on their balconies for a "
            "month, producing the most detailed noise map the city has had.",
            "The researchers found that narrow streets with cobbles and delivery vans "
            "were often louder than wide avenues with more traffic.",
            "The data is published under an open licence.",
        ],
    },
    {
        "slug": "port-authority-publishes-first-emissions-report",
        "headline": "Port authority publishes its first annual emissions report",
        "standfirst": "Ships waiting at anchor produce more pollution than those "
        "being loaded, the report finds.",
        "dateline": "nairobi",
        "tags": ["climate", "business"],
        "authors": [("amara-okafor", "writer")],
        "hours_ago": 260,
        "paragraphs": [
            "The port authority's first emissions report found that ships waiting at "
            "anchor for a berth produced more exhaust than those alongside.",
            "The authority plans a booking system so that ships slow down at sea rather "
            "than queue offshore.",
        ],
    },
    {
        "slug": "storm-ines-reaches-the-coast-live",
        "headline": "Storm Ines reaches the coast: live",
        "standfirst": "Ferries are cancelled and the harbour wall is closed as the "
        "storm comes ashore; follow the latest here.",
        "dateline": "nairobi",
        "tags": ["climate"],
        "authors": [("sam-lee", "writer"), ("ana-diaz", "writer")],
        "hours_ago": 3,
        "paragraphs": [
            "Storm Ines reached the coast this morning with gusts of up to 120 km/h. "
            "The port authority cancelled all ferry sailings and closed the harbour "
            "wall to the public.",
            "Our reporters are on the seafront and at the emergency coordination "
            "centre; this page follows the storm as it moves inland.",
        ],
        # Live coverage since the story went up: updates, minutes after that.
        "live_updates": [
            {
                "minutes": 10,
                "title": "Ferries cancelled",
                "text": "Every sailing from the harbour is cancelled until tomorrow noon.",
                "key_event": True,
            },
            {
                "minutes": 55,
                "title": "",
                "text": "Waves are breaking over the harbour wall; police have closed "
                "the promenade between the pier and the lighthouse.",
            },
            {
                "minutes": 95,
                "title": "Shelters open",
                "text": "The city has opened three shelters: the sports hall, the "
                "central library and the northern market hall.",
                "key_event": True,
                "pinned": True,
            },
            {
                "minutes": 150,
                "title": "",
                "text": "Power is out in about 4,000 homes on the eastern side of the "
                "city, the grid operator says; crews are waiting for the wind to drop.",
            },
        ],
    },
    {
        "slug": "budget-leak-inquiry-widens",
        "headline": "Budget leak inquiry widens to a second ministry",
        "standfirst": "A draft the desk is still checking: readers never see it.",
        "dateline": "moscow",
        "tags": ["politics"],
        "authors": [("sam-lee", "writer")],
        "status": "draft",
        "paragraphs": ["Still being reported; not for publication."],
    },
    {
        "slug": "election-night-live-coverage-plans",
        "headline": "How we will cover election night",
        "standfirst": "Scheduled for tomorrow morning: invisible to readers until then.",
        "tags": ["politics"],
        "authors": [("ana-diaz", "writer")],
        "hours_ago": -18,
        "paragraphs": [
            "Our reporters will be at every count centre, and results will appear here "
            "as they are declared."
        ],
    },
]
