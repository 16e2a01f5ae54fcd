"""The catalogue of measures the demo community is written from.

A measure is one concrete thing a city did (community water kiosks, a fiscal cadastre, a
heat action plan), filed under one main theme of the taxonomy (connective/core/migrations/
0002_themes.py) and sometimes others it genuinely concerns. Demo practices and members'
bios and expertise are all written from these entries, so that a practice, its contacts and
the advisors matching suggests talk about the same thing.

Rules that others rely on:

- Keys never change or disappear once committed: the matching evaluation set is labelled
  against them. New measures may be added.
- Pure data: no Django imports, so that evaluation code and tests can read it anywhere.
- `phrases[language]` is (measure noun phrase, problem phrase, result). The noun phrase reads
  after a verb ("{city} introduced {measure}"), the problem after "to tackle"/"face", and the
  result is a sentence fragment with the slots {n} (a count) and {pct} (a percentage).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "fr", "ar", "pt", "de", "es")

# The main theme slugs of the taxonomy, in the migration's order.
THEMES = (
    "water-supply", "sanitation", "solid-waste-management", "urban-mobility", "climate-adaptation",
    "climate-mitigation", "local-economic-development", "municipal-finance", "digitalisation",
    "migration-and-integration", "good-governance", "citizen-participation", "informal-settlements",
    "housing", "public-space", "disaster-risk-management", "energy", "urban-planning",
    "green-infrastructure", "health-and-covid-19-response", "culture-and-heritage", "youth-and-gender",
)  # fmt: skip


@dataclass(frozen=True)
class Measure:
    """One concrete municipal measure, as demo practices and bios describe it."""

    key: str  # "<main-theme-slug>/<short-slug>", e.g. "water-supply/water-kiosks"; never renamed
    theme: str  # main theme slug of the taxonomy
    also: tuple[str, ...]  # other theme slugs it genuinely concerns (may be empty)
    summary_en: str  # one plain English sentence: what the measure is and what problem it answers
    phrases: dict[str, tuple[str, str, str]]  # language -> (measure, problem, result with {n} and {pct})


_Phrases = dict[str, tuple[str, str, str]]

# key -> (also, summary_en). Four measures per theme; the first eight keys of the old demo are kept.
_BASE: dict[str, tuple[tuple[str, ...], str]] = {
    # water supply
    "water-supply/water-kiosks": (("informal-settlements",), "Community-run water kiosks sell piped water at the official tariff in informal districts that have no household connections."),
    "water-supply/district-metering": (("municipal-finance",), "The network is split into metered districts so that leaks and illegal connections are found and non-revenue water falls."),
    "water-supply/prepaid-meters": (("informal-settlements", "municipal-finance"), "Prepaid water meters let low-income households in informal areas pay for small amounts as they go, and the utility collects what it bills."),
    "water-supply/rainwater-harvesting-bylaw": (("climate-adaptation",), "A municipal bylaw requires new buildings to collect and store rainwater, easing pressure on a scarce supply."),
    # sanitation
    "sanitation/faecal-sludge-service": (("health-and-covid-19-response",), "A scheduled pit and septic tank emptying service takes faecal sludge to a treatment plant instead of open drains."),
    "sanitation/container-based-toilets": (("informal-settlements",), "Container-based toilets, emptied weekly by a municipal contractor, give households in dense informal settlements a safe toilet without a sewer."),
    "sanitation/school-toilets-handwashing": (("health-and-covid-19-response", "youth-and-gender"), "Separate toilet blocks for girls and boys and handwashing stations in public schools cut absenteeism and disease."),
    "sanitation/sewer-connection-subsidy": (("municipal-finance",), "A subsidy and instalment plan helps poor households connect to the existing sewer so the network is actually used."),
    # solid waste management
    "solid-waste-management/door-to-door-collection": ((), "Households separate their waste and crews collect it door to door, so less goes to overflowing dumps."),
    "solid-waste-management/waste-picker-cooperatives": (("local-economic-development",), "Informal waste pickers are organised into cooperatives with contracts, ID cards and sorting centres."),
    "solid-waste-management/market-composting": (("climate-mitigation",), "Organic waste from municipal markets is composted on site and sold to farmers instead of being dumped."),
    "solid-waste-management/dumpsite-closure": (("climate-mitigation", "health-and-covid-19-response"), "An open dumpsite is closed, capped and replaced by a controlled landfill cell to stop fires and leachate."),
    # urban mobility
    "urban-mobility/bus-lanes": ((), "Dedicated bus lanes on the main corridors make public transport faster than the car."),
    "urban-mobility/protected-cycle-lanes": (("climate-mitigation",), "A connected network of protected cycle lanes makes cycling safe for everyday trips."),
    "urban-mobility/safe-routes-to-school": (("youth-and-gender",), "Traffic calming, crossings and lower speed limits around schools protect children walking to school."),
    "urban-mobility/minibus-formalisation": (("local-economic-development",), "Informal minibus operators are brought into a franchised route network with timetables and fair fares."),
    # climate adaptation
    "climate-adaptation/green-corridors-retention": (("green-infrastructure",), "Green corridors and rainwater retention basins cool streets in heat waves and hold back flash floods."),
    "climate-adaptation/heat-action-plan": (("health-and-covid-19-response",), "A heat action plan issues alerts, opens cooling centres and checks on vulnerable residents during heat waves."),
    "climate-adaptation/cool-roofs": (("housing", "informal-settlements"), "Reflective cool roofs on homes and schools bring indoor temperatures down in the hottest districts."),
    "climate-adaptation/climate-risk-screening": (("urban-planning", "municipal-finance"), "Every municipal investment is screened for flood and heat risk before it is approved."),
    # climate mitigation
    "climate-mitigation/ghg-inventory": (("good-governance",), "A municipal greenhouse gas inventory and climate action plan set reduction targets and track them every year."),
    "climate-mitigation/building-retrofit": (("energy",), "Municipal schools and offices are insulated and their heating replaced to cut emissions and energy bills."),
    "climate-mitigation/landfill-gas-capture": (("solid-waste-management", "energy"), "Methane from the landfill is captured and burnt to generate electricity instead of escaping."),
    "climate-mitigation/electric-bus-fleet": (("urban-mobility",), "The municipal bus fleet is replaced step by step with electric buses charged at the depot."),
    # local economic development
    "local-economic-development/business-incubator": (("youth-and-gender",), "A municipal business incubator helps young people register and grow small firms instead of staying informal."),
    "local-economic-development/market-modernisation": (("public-space",), "A run-down municipal market is rebuilt with the vendors, with drainage, storage and fair stall fees."),
    "local-economic-development/street-vendor-licensing": (("public-space",), "Street vendors get licences and designated trading zones instead of evictions and confiscations."),
    "local-economic-development/local-procurement": (("municipal-finance",), "Part of municipal procurement is reserved for local small firms, with simpler tenders and faster payment."),
    # municipal finance
    "municipal-finance/property-tax-cadastre": (("digitalisation",), "An updated fiscal cadastre brings unregistered properties onto the tax roll and raises own-source revenue."),
    "municipal-finance/mobile-tax-payment": (("digitalisation",), "Residents and traders pay local taxes and fees by mobile money, which cuts cash handling and leakage."),
    "municipal-finance/open-budget": (("good-governance",), "The municipality publishes its budget and spending in plain language, online and on notice boards."),
    "municipal-finance/green-municipal-bond": (("climate-mitigation",), "A green municipal bond finances climate investments that the annual budget could not carry."),
    # digitalisation
    "digitalisation/one-stop-portal": (("good-governance",), "A one-stop online portal lets residents file requests and certificates without queuing at municipal counters."),
    "digitalisation/open-data-portal": (("good-governance",), "An open data portal publishes municipal datasets in reusable formats for residents, researchers and firms."),
    "digitalisation/gis-asset-register": (("urban-planning",), "A GIS register of roads, pipes, lights and buildings tells the municipality what it owns and what needs repair."),
    "digitalisation/service-fault-reporting-app": (("citizen-participation",), "A mobile app lets residents report potholes, broken lights and missed collections and follow the repair."),
    # migration and integration
    "migration-and-integration/welcome-centre": ((), "A municipal welcome centre gives newcomers registration, housing and school advice in one place and in their language."),
    "migration-and-integration/language-job-mentoring": (("local-economic-development",), "Language courses are combined with job mentoring by local employers so refugees find work sooner."),
    "migration-and-integration/host-community-services": (("health-and-covid-19-response",), "Schools, clinics and water points are expanded in neighbourhoods hosting refugees, for hosts and newcomers alike."),
    "migration-and-integration/migrant-advisory-council": (("citizen-participation",), "An elected migrants' advisory council gives newcomers a voice in municipal decisions."),
    # good governance
    "good-governance/integrity-system": ((), "An integrity officer, asset declarations and a protected whistleblowing channel reduce corruption in the administration."),
    "good-governance/inter-municipal-cooperation": (("municipal-finance",), "Neighbouring municipalities run a shared service together that none could afford alone."),
    "good-governance/performance-dashboard": (("digitalisation",), "Service targets and results are tracked on a public dashboard that the council reviews every quarter."),
    "good-governance/citizen-charter": (("citizen-participation",), "A citizens' charter sets service standards and deadlines and tells residents how to complain when they are missed."),
    # citizen participation
    "citizen-participation/participatory-budget": (("municipal-finance",), "Residents propose and vote on projects for part of the municipal investment budget."),
    "citizen-participation/neighbourhood-councils": (("good-governance",), "Elected neighbourhood councils meet the municipality regularly and follow up on local works."),
    "citizen-participation/youth-council": (("youth-and-gender",), "A municipal youth council elected in schools advises the council and runs a small budget of its own."),
    "citizen-participation/citizens-assembly": (("good-governance",), "A citizens' assembly of randomly selected residents deliberates on a contested question and makes recommendations."),
    # informal settlements
    "informal-settlements/in-situ-upgrading": (("urban-planning",), "Informal settlements are upgraded where they stand with paved lanes, drainage, lighting and water instead of evictions."),
    "informal-settlements/tenure-regularisation": (("housing",), "Occupancy certificates and land titles give residents of informal settlements security of tenure."),
    "informal-settlements/community-mapping": (("digitalisation", "citizen-participation"), "Residents enumerate and map their own settlement so the municipality can plan services with real data."),
    "informal-settlements/community-savings-groups": (("housing", "municipal-finance"), "Community savings groups, matched by a municipal fund, finance incremental home improvements."),
    # housing
    "housing/social-rental-housing": ((), "The municipality builds and manages social rental housing for low-income households at capped rents."),
    "housing/serviced-plots": (("urban-planning", "informal-settlements"), "Serviced plots with water, roads and drainage are sold at cost so families can build incrementally ahead of informal growth."),
    "housing/vacant-building-reuse": (("urban-planning", "culture-and-heritage"), "Vacant and derelict buildings are converted into affordable homes instead of standing empty."),
    "housing/housing-cooperatives": (("citizen-participation",), "The municipality supports housing cooperatives with land leases and technical advice."),
    # public space
    "public-space/tactical-urbanism": (("urban-mobility",), "Streets are redesigned first with paint, planters and furniture as a trial before permanent works."),
    "public-space/pocket-parks": (("green-infrastructure",), "Vacant plots are turned into small pocket parks designed and looked after with the neighbours."),
    "public-space/women-safety-audits": (("youth-and-gender",), "Women walk their neighbourhoods with planners to find unsafe places, and lighting and design are fixed where they point."),
    "public-space/pedestrian-centre": (("urban-mobility", "culture-and-heritage"), "The historic centre is pedestrianised with deliveries at set hours, bringing people back to its streets and shops."),
    # disaster risk management
    "disaster-risk-management/flood-early-warning": (("climate-adaptation",), "River gauges and an SMS warning system give residents of flood-prone areas hours to move to safety."),
    "disaster-risk-management/school-seismic-retrofit": ((), "Public schools are assessed and retrofitted so they withstand earthquakes and serve as shelters."),
    "disaster-risk-management/community-response-teams": (("citizen-participation",), "Trained and equipped neighbourhood volunteers give first aid and organise evacuation before professional help arrives."),
    "disaster-risk-management/multi-hazard-risk-map": (("urban-planning",), "A multi-hazard risk map guides where the city may build and what it must protect."),
    # energy
    "energy/led-lighting-solar": (("climate-mitigation",), "LED street lighting and solar panels on public buildings cut the municipal electricity bill."),
    "energy/rooftop-solar-programme": (("climate-mitigation",), "A municipal programme helps households and businesses install rooftop solar with bulk buying and net metering."),
    "energy/municipal-energy-management": (("municipal-finance",), "An energy manager monitors the consumption of every municipal building and fixes the worst first."),
    "energy/district-heating-modernisation": (("climate-mitigation",), "The district heating network is modernised with heat meters and substations so households pay for what they use."),
    # urban planning
    "urban-planning/digital-building-permits": (("digitalisation",), "Building permits are applied for and tracked online, with fixed deadlines and fewer informal payments."),
    "urban-planning/transit-oriented-development": (("urban-mobility", "housing"), "Denser, mixed-use neighbourhoods are planned around new transit stations."),
    "urban-planning/land-readjustment": (("housing",), "Landowners pool their plots, the municipality adds roads and services, and owners get back smaller, serviced plots."),
    "urban-planning/brownfield-redevelopment": (("local-economic-development",), "A derelict industrial site is cleaned up and redeveloped as a mixed neighbourhood."),
    # green infrastructure
    "green-infrastructure/urban-tree-programme": (("climate-adaptation",), "A street tree programme with a public tree register plants and waters trees where shade is scarcest."),
    "green-infrastructure/urban-agriculture": (("local-economic-development",), "Municipal land is lent for community gardens and urban farms that supply local markets."),
    "green-infrastructure/river-restoration": (("climate-adaptation", "public-space"), "A canalised urban river is restored with natural banks, floodplains and a riverside path."),
    "green-infrastructure/green-roof-incentive": (("climate-adaptation",), "A fee reduction and grants encourage owners to build green roofs that hold rainwater and cool buildings."),
    # health and COVID-19 response
    "health-and-covid-19-response/community-health-workers": ((), "Trained community health workers visit households in underserved districts and refer them to clinics."),
    "health-and-covid-19-response/mobile-vaccination-teams": (("informal-settlements",), "Mobile vaccination teams bring COVID-19 and routine vaccines to markets, mosques and informal settlements."),
    "health-and-covid-19-response/market-hygiene": (("sanitation", "local-economic-development"), "Handwashing stations, disinfection and rearranged stalls kept markets open safely during COVID-19."),
    "health-and-covid-19-response/air-quality-monitoring": (("climate-mitigation", "urban-mobility"), "A network of low-cost air quality sensors shows where pollution is worst and triggers alerts and traffic measures."),
    # culture and heritage
    "culture-and-heritage/old-town-rehabilitation": (("housing",), "Grants and technical advice help owners in the old town repair historic houses with traditional materials."),
    "culture-and-heritage/neighbourhood-cultural-centres": (("youth-and-gender",), "Disused buildings become neighbourhood cultural centres run with local artists and youth groups."),
    "culture-and-heritage/heritage-trail": (("local-economic-development",), "A signposted heritage trail and trained local guides bring visitors, and income, to lesser-known districts."),
    "culture-and-heritage/heritage-inventory": (("digitalisation", "urban-planning"), "A digital inventory of historic buildings protects them in planning decisions."),
    # youth and gender
    "youth-and-gender/youth-apprenticeships": (("local-economic-development",), "Apprenticeships with local employers, paid in part by the municipality, give school leavers a first job."),
    "youth-and-gender/gender-responsive-budgeting": (("municipal-finance",), "The budget is analysed for how it serves women and men, and spending is shifted where the gaps are."),
    "youth-and-gender/gbv-support-centre": (("health-and-covid-19-response",), "A municipal centre gives survivors of gender-based violence shelter, legal aid and counselling."),
    "youth-and-gender/youth-centres": (("citizen-participation",), "Youth centres run with young people offer study space, sport and training in every district."),
}  # fmt: skip

# language -> key -> (measure, problem, result with {n} and {pct}).
_EN: _Phrases = {
    "water-supply/water-kiosks": ("community-run water kiosks", "informal districts without piped water", "{n} residents now buy clean water at the official tariff and household water costs fell by {pct}%"),
    "water-supply/district-metering": ("district metering of the water network", "water lost to leaks and illegal connections", "{n} leaks and illegal connections were repaired and non-revenue water fell by {pct}%"),
    "water-supply/prepaid-meters": ("prepaid water meters", "unpaid water bills and disconnections in low-income areas", "{n} households pay for water as they go and bill collection rose by {pct}%"),
    "water-supply/rainwater-harvesting-bylaw": ("a rainwater harvesting bylaw for new buildings", "a dwindling water supply in the dry season", "{n} buildings now store rainwater and peak demand on the network fell by {pct}%"),
    "sanitation/faecal-sludge-service": ("a scheduled faecal sludge emptying service", "overflowing pit latrines emptied into open drains", "{n} pits and septic tanks are emptied on schedule and {pct}% of the sludge now reaches treatment"),
    "sanitation/container-based-toilets": ("container-based household toilets", "shared, unsafe latrines in dense settlements without sewers", "{n} residents use a household toilet and open defecation fell by {pct}%"),
    "sanitation/school-toilets-handwashing": ("separate school toilets and handwashing stations", "girls missing school for lack of safe toilets", "{n} pupils gained safe toilets and absenteeism among girls fell by {pct}%"),
    "sanitation/sewer-connection-subsidy": ("subsidised household sewer connections", "a sewer network that few households were connected to", "{n} households connected to the sewer and use of the network rose by {pct}%"),
    "solid-waste-management/door-to-door-collection": ("door-to-door separate waste collection", "overflowing dumps and low recycling rates", "{n} households separate their waste and the volume sent to landfill fell by {pct}%"),
    "solid-waste-management/waste-picker-cooperatives": ("cooperatives of informal waste pickers", "waste pickers working unprotected on the dumpsite", "{n} waste pickers work under contract in cooperatives and their income rose by {pct}%"),
    "solid-waste-management/market-composting": ("composting of market waste", "heaps of rotting organic waste at municipal markets", "{n} tonnes of market waste were composted and collection costs fell by {pct}%"),
    "solid-waste-management/dumpsite-closure": ("the closure and capping of the open dumpsite", "fires and polluted groundwater around an open dumpsite", "{n} residents no longer live beside a burning dump and respiratory complaints fell by {pct}%"),
    "urban-mobility/bus-lanes": ("a network of dedicated bus lanes", "congested streets and long commutes", "{n} passengers ride the new lines every day and travel times fell by {pct}%"),
    "urban-mobility/protected-cycle-lanes": ("a network of protected cycle lanes", "dangerous streets for cyclists and traffic jams", "{n} cyclists use the lanes every day and cycling accidents fell by {pct}%"),
    "urban-mobility/safe-routes-to-school": ("safe routes to school with traffic calming", "children injured by traffic on their way to school", "{n} pupils walk safer routes and traffic injuries near schools fell by {pct}%"),
    "urban-mobility/minibus-formalisation": ("a franchised minibus route network", "unregulated minibuses, unsafe driving and unpredictable fares", "{n} minibuses run on licensed routes and waiting times fell by {pct}%"),
    "climate-adaptation/green-corridors-retention": ("green corridors and rainwater retention basins", "heat waves and flash floods", "{n} residents live in better protected streets and flood damage fell by {pct}%"),
    "climate-adaptation/heat-action-plan": ("a heat action plan with cooling centres", "deadly heat waves among older and poor residents", "{n} vulnerable residents are called during heat alerts and heat-related hospital admissions fell by {pct}%"),
    "climate-adaptation/cool-roofs": ("reflective cool roofs", "unbearable indoor heat under tin roofs", "{n} roofs were coated and indoor temperatures fell by {pct}% on the hottest days"),
    "climate-adaptation/climate-risk-screening": ("climate risk screening of municipal investments", "new roads and buildings put where floods and heat will hit them", "{n} projects were screened and {pct}% of them were redesigned for climate risk"),
    "climate-mitigation/ghg-inventory": ("a greenhouse gas inventory and climate action plan", "no data on the city's emissions and no plan to reduce them", "{n} tonnes of CO2 are now tracked every year and emissions fell by {pct}% against the baseline"),
    "climate-mitigation/building-retrofit": ("the energy retrofit of municipal buildings", "cold, badly insulated schools and offices with high heating bills", "{n} square metres of public buildings were retrofitted and their energy use fell by {pct}%"),
    "climate-mitigation/landfill-gas-capture": ("landfill gas capture and power generation", "methane escaping from the landfill", "{n} megawatt hours of electricity are generated each year and the landfill's emissions fell by {pct}%"),
    "climate-mitigation/electric-bus-fleet": ("an electric municipal bus fleet", "diesel buses polluting the air and burning fuel", "{n} passengers a day ride electric buses and the fleet's fuel costs fell by {pct}%"),
    "local-economic-development/business-incubator": ("a municipal business incubator", "youth unemployment and a large informal economy", "{n} small firms were registered and {pct}% of them were still trading two years later"),
    "local-economic-development/market-modernisation": ("the rebuilding of the municipal market with its vendors", "a run-down market with flooding, fires and few customers", "{n} vendors trade in the new market and their sales rose by {pct}%"),
    "local-economic-development/street-vendor-licensing": ("licences and trading zones for street vendors", "evictions and confiscations of street vendors' goods", "{n} street vendors hold a licence and conflicts with the police fell by {pct}%"),
    "local-economic-development/local-procurement": ("a share of municipal procurement reserved for local small firms", "public contracts that never reached local businesses", "{n} contracts went to local small firms and {pct}% of the procurement budget now stays in the city"),
    "municipal-finance/property-tax-cadastre": ("an updated fiscal cadastre", "most properties missing from the tax roll", "{n} properties were added to the tax roll and property tax revenue rose by {pct}%"),
    "municipal-finance/mobile-tax-payment": ("payment of local taxes and fees by mobile money", "cash collection of market fees and the leakage that comes with it", "{n} payments a month are made by phone and fee revenue rose by {pct}%"),
    "municipal-finance/open-budget": ("a plain-language open budget", "residents who did not know what the municipality spent", "{n} residents consulted the budget and tax compliance rose by {pct}%"),
    "municipal-finance/green-municipal-bond": ("a green municipal bond", "climate investments too large for the annual budget", "{n} euros were raised through the bond at a rate {pct}% below a bank loan"),
    "digitalisation/one-stop-portal": ("a one-stop online service portal", "long queues at municipal counters", "{n} requests are filed online every month and processing times fell by {pct}%"),
    "digitalisation/open-data-portal": ("an open data portal", "municipal data locked in departments' spreadsheets", "{n} datasets were published and requests for information fell by {pct}%"),
    "digitalisation/gis-asset-register": ("a GIS register of municipal assets", "not knowing which roads, pipes and lights the municipality owns", "{n} assets were mapped and maintenance costs fell by {pct}%"),
    "digitalisation/service-fault-reporting-app": ("a mobile app for reporting service faults", "potholes and broken street lights left unrepaired for months", "{n} faults were reported through the app and repair times fell by {pct}%"),
    "migration-and-integration/welcome-centre": ("a municipal welcome centre for newcomers", "newcomers lost between offices without information in their language", "{n} newcomers were advised at the centre and {pct}% of their children enrolled in school within a month"),
    "migration-and-integration/language-job-mentoring": ("language courses combined with job mentoring", "refugees unable to find work for years", "{n} participants completed the courses and {pct}% found a job within a year"),
    "migration-and-integration/host-community-services": ("expanded services in neighbourhoods hosting refugees", "overstretched schools and clinics and tension between hosts and refugees", "{n} residents, hosts and refugees alike, use the expanded services and waiting times fell by {pct}%"),
    "migration-and-integration/migrant-advisory-council": ("an elected migrants' advisory council", "newcomers without a say in the decisions that affect them", "{n} migrants voted in the council election and {pct}% of its recommendations were adopted"),
    "good-governance/integrity-system": ("a municipal integrity system with a whistleblowing channel", "bribes demanded for permits and services", "{n} reports were received through the channel and residents reporting bribes fell by {pct}%"),
    "good-governance/inter-municipal-cooperation": ("a service shared by neighbouring municipalities", "small municipalities unable to afford a service alone", "{n} residents in several municipalities are served and costs per head fell by {pct}%"),
    "good-governance/performance-dashboard": ("a public service performance dashboard", "service targets that nobody followed up", "{n} indicators are published every quarter and {pct}% of targets were met in the last year"),
    "good-governance/citizen-charter": ("a citizens' charter of service standards", "residents not knowing how long a service should take or where to complain", "{n} complaints were handled within the charter's deadlines and satisfaction rose by {pct}%"),
    "citizen-participation/participatory-budget": ("a participatory budget", "low trust between residents and the municipality", "{n} residents voted on projects and neighbourhoods allocated {pct}% of the investment budget"),
    "citizen-participation/neighbourhood-councils": ("elected neighbourhood councils", "residents with no channel to the municipality between elections", "{n} residents took part in council meetings and {pct}% of the issues they raised were resolved"),
    "citizen-participation/youth-council": ("a municipal youth council", "young people absent from local decisions", "{n} young people voted in the council election and {pct}% of its proposals were funded"),
    "citizen-participation/citizens-assembly": ("a citizens' assembly of randomly selected residents", "a contested decision that divided the city", "{n} residents were invited and {pct}% of the assembly's recommendations were adopted by the council"),
    "informal-settlements/in-situ-upgrading": ("in-situ upgrading of informal settlements", "unpaved lanes, flooding and no street lighting in informal settlements", "{n} residents gained paved lanes, drainage and lighting and flooding of homes fell by {pct}%"),
    "informal-settlements/tenure-regularisation": ("land tenure regularisation", "residents of informal settlements living under threat of eviction", "{n} households received occupancy certificates and {pct}% of them have since improved their homes"),
    "informal-settlements/community-mapping": ("community enumeration and mapping", "settlements missing from every municipal map and plan", "{n} households were counted and mapped by residents and {pct}% more of them now appear in service plans"),
    "informal-settlements/community-savings-groups": ("community savings groups matched by a municipal fund", "families unable to borrow to improve their homes", "{n} families improved their homes with group loans and repayment reached {pct}%"),
    "housing/social-rental-housing": ("municipal social rental housing", "rents that low-income households cannot afford", "{n} households rent municipal homes and they spend {pct}% less of their income on rent"),
    "housing/serviced-plots": ("serviced plots for incremental building", "informal growth on land without water or roads", "{n} serviced plots were sold and new informal settlement fell by {pct}%"),
    "housing/vacant-building-reuse": ("the conversion of vacant buildings into affordable homes", "derelict buildings in the centre while families lack homes", "{n} homes were created in vacant buildings and vacancy in the centre fell by {pct}%"),
    "housing/housing-cooperatives": ("support for housing cooperatives", "households priced out of the housing market", "{n} households live in cooperative homes and their housing costs are {pct}% below market rents"),
    "public-space/tactical-urbanism": ("trial street redesigns with paint and planters", "streets given over to traffic and parked cars", "{n} people a day use the redesigned streets and traffic accidents fell by {pct}%"),
    "public-space/pocket-parks": ("pocket parks on vacant plots", "dense neighbourhoods without any green space", "{n} residents now live within five minutes of a park and illegal dumping on the plots fell by {pct}%"),
    "public-space/women-safety-audits": ("women's safety audits of public spaces", "women avoiding streets and parks after dark", "{n} women took part in the audits and the share who feel unsafe after dark fell by {pct}%"),
    "public-space/pedestrian-centre": ("the pedestrianisation of the historic centre", "a historic centre choked by cars and losing its shops", "{n} pedestrians a day use the centre and shop vacancies fell by {pct}%"),
    "disaster-risk-management/flood-early-warning": ("a flood early warning system with SMS alerts", "floods that hit riverside neighbourhoods without warning", "{n} residents receive warnings and flood losses fell by {pct}%"),
    "disaster-risk-management/school-seismic-retrofit": ("the seismic retrofit of public schools", "school buildings that would collapse in an earthquake", "{n} pupils study in retrofitted schools and {pct}% of school buildings now meet the seismic code"),
    "disaster-risk-management/community-response-teams": ("community emergency response teams", "neighbourhoods left alone in the first hours of a disaster", "{n} volunteers were trained and equipped and emergency response times fell by {pct}%"),
    "disaster-risk-management/multi-hazard-risk-map": ("a multi-hazard risk map for land use planning", "building on floodplains and unstable slopes", "{n} hectares were classified by risk and building permits in high-risk zones fell by {pct}%"),
    "energy/led-lighting-solar": ("LED street lighting and solar panels on public buildings", "a high municipal electricity bill", "{n} street lights were replaced and the municipal energy bill fell by {pct}%"),
    "energy/rooftop-solar-programme": ("a rooftop solar programme with bulk buying", "expensive and unreliable grid electricity", "{n} rooftop systems were installed and participating households cut their bills by {pct}%"),
    "energy/municipal-energy-management": ("municipal energy management with building-by-building monitoring", "nobody knowing which buildings waste energy", "{n} buildings are monitored every month and their consumption fell by {pct}%"),
    "energy/district-heating-modernisation": ("the modernisation of district heating with heat meters", "flat-rate heating bills and heat lost in old pipes", "{n} flats pay for metered heat and heat losses in the network fell by {pct}%"),
    "urban-planning/digital-building-permits": ("online building permits", "permits that took months and invited informal payments", "{n} permits were issued online and the average processing time fell by {pct}%"),
    "urban-planning/transit-oriented-development": ("transit-oriented development around new stations", "urban sprawl far from jobs and public transport", "{n} homes were planned within walking distance of stations and car trips there fell by {pct}%"),
    "urban-planning/land-readjustment": ("land readjustment with landowners", "fragmented plots that could not be serviced", "{n} plots were readjusted and serviced and land values rose by {pct}%"),
    "urban-planning/brownfield-redevelopment": ("the redevelopment of a derelict industrial site", "a contaminated industrial wasteland at the heart of the city", "{n} jobs were created on the former site and {pct}% of its land is back in use"),
    "green-infrastructure/urban-tree-programme": ("a street tree programme with a public tree register", "treeless streets that turn into heat traps", "{n} trees were planted and tree cover in the target districts rose by {pct}%"),
    "green-infrastructure/urban-agriculture": ("community gardens and urban farms on municipal land", "vacant plots and expensive fresh food", "{n} gardeners grow food on municipal land and their food spending fell by {pct}%"),
    "green-infrastructure/river-restoration": ("the restoration of the urban river", "a concrete-lined, polluted river that flooded its banks", "{n} residents use the new riverside path and flood peaks fell by {pct}%"),
    "green-infrastructure/green-roof-incentive": ("incentives for green roofs", "sealed surfaces that overload the drains in storms", "{n} square metres of green roofs were built and runoff from them fell by {pct}%"),
    "health-and-covid-19-response/community-health-workers": ("a network of community health workers", "districts far from any clinic", "{n} households are visited regularly and clinic referrals rose by {pct}%"),
    "health-and-covid-19-response/mobile-vaccination-teams": ("mobile vaccination teams", "low vaccination rates in informal settlements", "{n} doses were given by mobile teams and vaccination coverage rose by {pct}%"),
    "health-and-covid-19-response/market-hygiene": ("hygiene measures that kept markets open during COVID-19", "market closures that cut traders' incomes in the pandemic", "{n} traders kept working and {pct}% of stalls had handwashing within reach"),
    "health-and-covid-19-response/air-quality-monitoring": ("a network of low-cost air quality sensors", "air pollution nobody measured", "{n} sensors report every hour and days above the pollution limit fell by {pct}%"),
    "culture-and-heritage/old-town-rehabilitation": ("the rehabilitation of historic houses in the old town", "historic houses crumbling and owners leaving the old town", "{n} historic houses were repaired and {pct}% of them are lived in again"),
    "culture-and-heritage/neighbourhood-cultural-centres": ("neighbourhood cultural centres", "districts without any cultural venue", "{n} visitors a year come to the centres and {pct}% of them are under 25"),
    "culture-and-heritage/heritage-trail": ("a heritage trail with local guides", "visitors who never leave the main square", "{n} visitors walked the trail and sales in the districts it crosses rose by {pct}%"),
    "culture-and-heritage/heritage-inventory": ("a digital inventory of historic buildings", "historic buildings demolished because nobody had listed them", "{n} buildings were inventoried and demolitions of historic buildings fell by {pct}%"),
    "youth-and-gender/youth-apprenticeships": ("apprenticeships with local employers", "school leavers with no work experience", "{n} young people completed an apprenticeship and {pct}% of them were hired"),
    "youth-and-gender/gender-responsive-budgeting": ("gender-responsive budgeting", "a budget that overlooked what women need from services", "{n} budget lines were analysed and {pct}% more investment now serves women's needs"),
    "youth-and-gender/gbv-support-centre": ("a municipal support centre for survivors of gender-based violence", "survivors of violence with nowhere to turn", "{n} women were supported by the centre and {pct}% of them took legal action"),
    "youth-and-gender/youth-centres": ("youth centres run with young people", "young people with nowhere to study or meet", "{n} young people use the centres every month and school drop-out in their districts fell by {pct}%"),
}  # fmt: skip

_FR: _Phrases = {
    'water-supply/water-kiosks': ('des kiosques à eau gérés par les habitants', "des quartiers informels sans réseau d'eau", "{n} habitants achètent désormais l'eau potable au tarif officiel et les dépenses des ménages ont baissé de {pct} %"),
    "solid-waste-management/door-to-door-collection": ("la collecte sélective en porte-à-porte", "des décharges saturées et un faible taux de recyclage", "{n} ménages trient leurs déchets et le volume mis en décharge a baissé de {pct} %"),
    "urban-mobility/bus-lanes": ("un réseau de couloirs de bus", "des rues congestionnées et de longs trajets", "{n} voyageurs empruntent chaque jour les nouvelles lignes et les temps de trajet ont baissé de {pct} %"),
    "climate-adaptation/green-corridors-retention": ("des corridors verts et des bassins de rétention", "les vagues de chaleur et les crues soudaines", "{n} habitants vivent dans des rues mieux protégées et les dégâts des inondations ont baissé de {pct} %"),
    'local-economic-development/business-incubator': ("un incubateur municipal d'entreprises", "le chômage des jeunes et l'économie informelle", "{n} petites entreprises ont été enregistrées et {pct} % d'entre elles existent encore deux ans plus tard"),
    'digitalisation/one-stop-portal': ('un guichet unique en ligne', "de longues files d'attente aux guichets municipaux", '{n} demandes sont déposées en ligne chaque mois et les délais de traitement ont baissé de {pct} %'),
    'citizen-participation/participatory-budget': ('un budget participatif', 'une faible confiance entre habitants et commune', "{n} habitants ont voté pour des projets et les quartiers ont réparti {pct} % du budget d'investissement"),
    'energy/led-lighting-solar': ("l'éclairage public LED et des panneaux solaires sur les bâtiments publics", "une facture d'électricité municipale élevée", '{n} lampadaires ont été remplacés et la facture énergétique de la commune a baissé de {pct} %'),
}  # fmt: skip

_AR: _Phrases = {
    "water-supply/water-kiosks": ("أكشاك مياه يديرها السكان", "أحياء غير رسمية بلا شبكة مياه", "يشتري {n} من السكان الآن مياهاً نظيفة بالتعرفة الرسمية وانخفضت نفقات الأسر على المياه بنسبة {pct}٪"),
    "solid-waste-management/door-to-door-collection": ("جمع النفايات المفروزة من الباب إلى الباب", "مكبات ممتلئة ونسبة تدوير منخفضة", "تفرز {n} أسرة نفاياتها وانخفضت كمية النفايات المطمورة بنسبة {pct}٪"),
    "urban-mobility/bus-lanes": ("شبكة ممرات مخصصة للحافلات", "شوارع مزدحمة ورحلات طويلة إلى العمل", "يستخدم {n} راكب الخطوط الجديدة يومياً وانخفض زمن الرحلة بنسبة {pct}٪"),
    "climate-adaptation/green-corridors-retention": ("ممرات خضراء وأحواض لتجميع مياه الأمطار", "موجات الحر والفيضانات المفاجئة", "يعيش {n} من السكان في شوارع أفضل حماية وانخفضت أضرار الفيضانات بنسبة {pct}٪"),
    "local-economic-development/business-incubator": ("حاضنة أعمال بلدية", "بطالة الشباب واتساع الاقتصاد غير الرسمي", "سُجّلت {n} شركة صغيرة وما زالت {pct}٪ منها تعمل بعد عامين"),
    "digitalisation/one-stop-portal": ("بوابة خدمات إلكترونية موحدة", "طوابير طويلة أمام شبابيك البلدية", "يُقدَّم {n} طلب إلكترونياً كل شهر وانخفضت مدة المعالجة بنسبة {pct}٪"),
    "citizen-participation/participatory-budget": ("موازنة تشاركية", "ضعف الثقة بين السكان والبلدية", "صوّت {n} من السكان على المشاريع ووزّعت الأحياء {pct}٪ من موازنة الاستثمار"),
    "energy/led-lighting-solar": ("إنارة عامة بمصابيح LED وألواح شمسية على المباني العامة", "فاتورة كهرباء بلدية مرتفعة", "استُبدل {n} عمود إنارة وانخفضت فاتورة الطاقة البلدية بنسبة {pct}٪"),
}  # fmt: skip

_PT: _Phrases = {
    "water-supply/water-kiosks": ("quiosques de água geridos pela comunidade", "bairros informais sem água canalizada", "{n} moradores compram agora água potável à tarifa oficial e os gastos das famílias caíram {pct}%"),
    "solid-waste-management/door-to-door-collection": ("recolha seletiva porta a porta", "lixeiras sobrelotadas e pouca reciclagem", "{n} famílias separam os resíduos e o volume depositado em aterro caiu {pct}%"),
    "urban-mobility/bus-lanes": ("uma rede de faixas exclusivas para autocarros", "ruas congestionadas e deslocações longas", "{n} passageiros usam as novas linhas por dia e os tempos de viagem caíram {pct}%"),
    "climate-adaptation/green-corridors-retention": ("corredores verdes e bacias de retenção de águas pluviais", "ondas de calor e cheias repentinas", "{n} moradores vivem em ruas mais protegidas e os danos das cheias caíram {pct}%"),
    "local-economic-development/business-incubator": ("uma incubadora municipal de empresas", "o desemprego jovem e a economia informal", "{n} pequenas empresas foram registadas e {pct}% continuavam ativas dois anos depois"),
    "digitalisation/one-stop-portal": ("um balcão único de serviços online", "longas filas nos balcões municipais", "{n} pedidos são feitos online por mês e os prazos de resposta caíram {pct}%"),
    "citizen-participation/participatory-budget": ("um orçamento participativo", "pouca confiança entre moradores e município", "{n} moradores votaram em projetos e os bairros decidiram {pct}% do orçamento de investimento"),
    "energy/led-lighting-solar": ("iluminação pública LED e painéis solares em edifícios públicos", "uma fatura de eletricidade municipal elevada", "{n} candeeiros foram substituídos e a fatura energética do município caiu {pct}%"),
}  # fmt: skip

_DE: _Phrases = {
    "water-supply/water-kiosks": ("von Bewohnern betriebene Wasserkioske", "informelle Viertel ohne Wasseranschluss", "{n} Menschen kaufen nun sauberes Wasser zum offiziellen Tarif, die Ausgaben der Haushalte sanken um {pct} %"),
    "solid-waste-management/door-to-door-collection": ("getrennte Abfallsammlung von Haus zu Haus", "überfüllte Deponien und geringe Recyclingquoten", "{n} Haushalte trennen ihren Abfall, die deponierte Menge sank um {pct} %"),
    "urban-mobility/bus-lanes": ("ein Netz eigener Busspuren", "verstopfte Straßen und lange Pendelwege", "{n} Fahrgäste nutzen täglich die neuen Linien, die Fahrzeiten sanken um {pct} %"),
    "climate-adaptation/green-corridors-retention": ("grüne Korridore und Regenrückhaltebecken", "Hitzewellen und Sturzfluten", "{n} Menschen leben in besser geschützten Straßen, die Hochwasserschäden sanken um {pct} %"),
    "local-economic-development/business-incubator": ("ein kommunales Gründerzentrum", "Jugendarbeitslosigkeit und informelle Wirtschaft", "{n} Kleinunternehmen wurden angemeldet, {pct} % davon bestehen nach zwei Jahren noch"),
    "digitalisation/one-stop-portal": ("ein digitales Bürgerportal", "lange Warteschlangen in den Bürgerämtern", "{n} Anträge gehen monatlich online ein, die Bearbeitungszeit sank um {pct} %"),
    "citizen-participation/participatory-budget": ("ein Bürgerhaushalt", "geringes Vertrauen zwischen Bürgerschaft und Verwaltung", "{n} Menschen stimmten über Projekte ab, die Stadtteile verteilten {pct} % des Investitionshaushalts"),
    "energy/led-lighting-solar": ("LED-Straßenbeleuchtung und Solaranlagen auf öffentlichen Gebäuden", "hohe Stromkosten der Stadt", "{n} Straßenlaternen wurden ersetzt, die Energiekosten der Stadt sanken um {pct} %"),
}  # fmt: skip

_ES: _Phrases = {
    "water-supply/water-kiosks": ("quioscos de agua gestionados por la comunidad", "barrios informales sin agua entubada", "{n} vecinos compran ahora agua potable a la tarifa oficial y el gasto de los hogares bajó un {pct} %"),
    "solid-waste-management/door-to-door-collection": ("recogida selectiva puerta a puerta", "vertederos saturados y poco reciclaje", "{n} hogares separan sus residuos y el volumen enviado al vertedero bajó un {pct} %"),
    "urban-mobility/bus-lanes": ("una red de carriles exclusivos para autobuses", "calles congestionadas y trayectos largos", "{n} pasajeros usan las nuevas líneas cada día y los tiempos de viaje bajaron un {pct} %"),
    "climate-adaptation/green-corridors-retention": ("corredores verdes y estanques de retención de lluvia", "olas de calor e inundaciones repentinas", "{n} vecinos viven en calles mejor protegidas y los daños por inundaciones bajaron un {pct} %"),
    "local-economic-development/business-incubator": ("una incubadora municipal de empresas", "el desempleo juvenil y la economía informal", "se registraron {n} pequeñas empresas y el {pct} % seguía activo dos años después"),
    "digitalisation/one-stop-portal": ("una ventanilla única en línea", "largas colas en las oficinas municipales", "se presentan {n} trámites en línea al mes y los plazos bajaron un {pct} %"),
    "citizen-participation/participatory-budget": ("un presupuesto participativo", "poca confianza entre vecinos y municipio", "{n} vecinos votaron proyectos y los barrios decidieron el {pct} % del presupuesto de inversión"),
    "energy/led-lighting-solar": ("alumbrado público LED y paneles solares en edificios públicos", "una factura eléctrica municipal elevada", "se sustituyeron {n} farolas y la factura energética municipal bajó un {pct} %"),
}  # fmt: skip

_TABLES: dict[str, _Phrases] = {"en": _EN, "fr": _FR, "ar": _AR, "pt": _PT, "de": _DE, "es": _ES}

MEASURES: dict[str, Measure] = {
    key: Measure(
        key=key,
        theme=key.split("/", 1)[0],
        also=also,
        summary_en=summary,
        phrases={language: table[key] for language, table in _TABLES.items() if key in table},
    )
    for key, (also, summary) in _BASE.items()
}

# The eight measures the first demo had, one per theme, under that theme's slug: what
# `practices.demo.PHRASES` (and the evaluation that imports it) still serves.
LEGACY: dict[str, str] = {
    "water-supply": "water-supply/water-kiosks",
    "solid-waste-management": "solid-waste-management/door-to-door-collection",
    "urban-mobility": "urban-mobility/bus-lanes",
    "climate-adaptation": "climate-adaptation/green-corridors-retention",
    "local-economic-development": "local-economic-development/business-incubator",
    "digitalisation": "digitalisation/one-stop-portal",
    "citizen-participation": "citizen-participation/participatory-budget",
    "energy": "energy/led-lighting-solar",
}


def measures_of_theme(theme: str) -> list[Measure]:
    """The measures whose main theme is `theme`, in catalogue order."""
    return [measure for measure in MEASURES.values() if measure.theme == theme]
