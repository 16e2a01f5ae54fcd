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


# -- story pools -------------------------------------------------------------------------
# What varies between two practices of the same measure: the shape of the title, the district
# and the people affected, the steps taken, the lessons and conditions for transfer, the
# financing and partners. language -> pool -> variants. Slots: {city} {district} {group}
# {measure} {Measure} {problem} {Result} {result} {y0} {y1} {y2} {period} {share} {rating}
# {staff} {cost} {years} {own} {donor} {households} {towns}. German districts carry their
# preposition ("in der Altstadt") so that no article has to change case.
STORIES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "title": ("{Measure} in {city}", "{Measure} in {district}, {city}", "{city}: {measure} for {group}",
                  "How {city} tackled {problem} with {measure}", "{Measure} in {city}: from pilot to city-wide",
                  "{Measure}: lessons from {district}, {city}", "{city} ({period}): {measure}",
                  "Tackling {problem} in {city}: {measure}", "{Measure} with {group} in {city}"),
        "summary": ("{city} introduced {measure} to tackle {problem}. {Result}.",
                    "Starting in {district}, {city} introduced {measure} for {group} and others hit by {problem}. {Result}.",
                    "Faced with {problem}, {city} turned to {measure} in {y0}. {Result}."),
        "challenge": ("Around {y0}, {city} faced {problem}. The municipality estimated that **{share}%** of residents were affected, most of them in {district}.",
                      "{city}, {y0}: {problem}. In {district}, {group} were hit hardest; a survey found **{share}%** of households affected.",
                      "By {y0}, {problem} had become the first complaint at council meetings in {city}. About **{share}%** of residents were affected, {group} in {district} hardest."),
        "intro": ("The municipality and its partners introduced {measure} step by step:", "{city} did not start city-wide. The sequence was:",
                  "The work ran in phases, led by a municipal team of {staff}:"),
        "diagnose": ("a needs assessment with neighbourhood committees in {district}", "household surveys and a map of the worst-affected streets",
                     "a study visit to a peer city and a feasibility study", "meetings with {group} to agree what the service should offer"),
        "pilot": ("a pilot in two neighbourhoods in {y0}", "a six-month trial in {district} in {y0}", "a first phase for {households} households in {y0}"),
        "scale": ("extension to the whole city from {y1}", "a second phase in the remaining districts from {y1}", "a council decision in {y1} to make it permanent"),
        "sustain": ("training for {staff} municipal staff who now run it", "a maintenance line in the municipal budget",
                    "a monitoring dashboard reviewed every quarter", "a complaints line and public reports twice a year"),
        "results": ("{Result}. An evaluation in {y2} found that residents rate the service {rating} out of 5.",
                    "{Result}. {group_cap} in {district} report the biggest change.",
                    "{Result}. By {y2}, {towns} neighbouring municipalities had taken up the approach."),
        "lessons": ("Involve residents from day one.", "Start small and show results quickly.", "Put maintenance in the municipal budget, not the project.",
                    "Agree on fees before the launch, not after.", "Train staff before the launch: the first weeks make the service's reputation.",
                    "Publish the figures, the bad ones too.", "Work with the neighbourhood leaders people already trust.",
                    "Start the works before the rainy season, not during it.", "Keep one officer responsible across departments.",
                    "Get a council decision early: it protected the project through the elections."),
        "transfer": ("Transferable where the municipality can sign agreements with neighbourhood committees and keep {staff} staff on the project for at least two years.",
                     "Works best where the council backs it with a formal decision and a budget line.",
                     "Needs departments willing to share data, and a partner able to pre-finance the first phase.",
                     "A smaller town can start with one district and {staff} staff; the legal steps are the same."),
        "costs": ("About {cost} euros over {years} years: {own}% from the municipal budget, the rest from a development partner.",
                  "Total cost {cost} euros; {own}% municipal funds, the rest from {donor}.",
                  "{cost} euros of investment over {years} years, co-financed by {donor} (municipal share {own}%); running costs are now covered by fees."),
        "donors": ("the national municipal development fund", "the European Union", "a German development partner", "a regional development bank", "the national government"),
        "partners": ("neighbourhood committees", "a local university", "the municipal utility", "a local NGO", "the national association of municipalities",
                     "community organisations in {district}", "private contractors", "the regional government"),
        "partner_lead": ("Municipality of {city}", "City of {city}", "{city} City Council"),
        "districts": ("the old town", "the northern districts", "the riverside neighbourhoods", "two peri-urban wards", "the market quarter",
                      "the eastern settlements", "the port district", "the hillside neighbourhoods", "the new extension areas",
                      "the city centre", "the southern wards", "the railway quarter"),
        "groups": ("women-headed households", "street traders", "older residents", "families renting single rooms", "school children",
                   "newcomers to the city", "people with disabilities", "young people without work", "small shop owners", "day labourers"),
    },
    "fr": {
        "title": ("{Measure} à {city}", "{Measure} dans {district} de {city}", "{city} : {measure} pour {group}",
                  "Comment {city} a répondu à {problem} grâce à {measure}", "{Measure} à {city} : du pilote à toute la ville",
                  "{Measure} : leçons de {district} de {city}", "{city} ({period}) : {measure}",
                  "Face à {problem}, {city} mise sur {measure}", "{Measure} avec {group} à {city}"),
        "summary": ("{city} a mis en place {measure} face à {problem}. {Result}.",
                    "En commençant par {district}, {city} a mis en place {measure} pour {group} et les autres habitants touchés. {Result}.",
                    "Confrontée à {problem}, {city} a misé sur {measure} dès {y0}. {Result}."),
        "challenge": ("Vers {y0}, {city} faisait face à {problem}. La commune estimait que **{share} %** des habitants étaient touchés, surtout dans {district}.",
                      "{city}, {y0} : {problem}. Dans {district}, {group} étaient les plus touchés ; une enquête comptait **{share} %** des ménages concernés.",
                      "En {y0}, {problem} était la première plainte au conseil municipal de {city}. Environ **{share} %** des habitants étaient concernés, d'abord {group}."),
        "intro": ("La commune et ses partenaires ont mis en place {measure} étape par étape :", "{city} n'a pas commencé partout à la fois :",
                  "Le travail s'est fait par phases, sous la conduite d'une équipe municipale de {staff} personnes :"),
        "diagnose": ("un diagnostic des besoins avec les comités de quartier de {district}", "des enquêtes auprès des ménages et une carte des rues les plus touchées",
                     "une visite d'étude dans une ville partenaire et une étude de faisabilité", "des réunions avec {group} pour définir le service"),
        "pilot": ("un projet pilote dans deux quartiers en {y0}", "un essai de six mois dans {district} en {y0}", "une première phase pour {households} ménages en {y0}"),
        "scale": ("l'extension à toute la ville à partir de {y1}", "une deuxième phase dans les autres quartiers dès {y1}", "une délibération du conseil en {y1} pour le pérenniser"),
        "sustain": ("la formation de {staff} agents municipaux qui le gèrent aujourd'hui", "une ligne d'entretien au budget communal",
                    "un tableau de suivi examiné chaque trimestre", "une ligne pour les réclamations et un rapport public deux fois par an"),
        "results": ("{Result}. Une évaluation en {y2} montre que les habitants notent le service {rating} sur 5.",
                    "{Result}. Dans {district}, ce sont {group} qui voient le plus grand changement.",
                    "{Result}. En {y2}, {towns} communes voisines avaient repris la démarche."),
        "lessons": ("Associer les habitants dès le premier jour.", "Commencer petit et montrer vite des résultats.", "Inscrire l'entretien au budget communal, pas au projet.",
                    "Fixer les redevances avant le lancement, pas après.", "Former les agents avant le lancement : les premières semaines font la réputation du service.",
                    "Publier les chiffres, même les mauvais.", "S'appuyer sur les responsables de quartier en qui les habitants ont déjà confiance.",
                    "Commencer les travaux avant la saison des pluies.", "Confier la responsabilité à un seul agent, au-delà des services.",
                    "Obtenir tôt une délibération du conseil : elle a protégé le projet pendant les élections."),
        "transfer": ("Transférable là où la commune peut conventionner avec des comités de quartier et garder {staff} agents sur le projet pendant au moins deux ans.",
                     "Fonctionne mieux lorsque le conseil municipal le soutient par une délibération et une ligne budgétaire.",
                     "Suppose des services prêts à partager leurs données et un partenaire capable de préfinancer la première phase.",
                     "Une petite commune peut commencer par un quartier et {staff} agents ; les étapes juridiques sont les mêmes."),
        "costs": ("Environ {cost} euros sur {years} ans : {own} % sur le budget communal, le reste par un partenaire de développement.",
                  "Coût total : {cost} euros, dont {own} % de fonds communaux et le reste apporté par {donor}.",
                  "{cost} euros d'investissement sur {years} ans, cofinancés par {donor} (part communale : {own} %) ; le fonctionnement est couvert par les redevances."),
        "donors": ("le fonds national de développement des communes", "l'Union européenne", "un partenaire de développement allemand", "une banque régionale de développement", "l'État"),
        "partners": ("comités de quartier", "une université locale", "la régie municipale", "une ONG locale", "l'association nationale des communes",
                     "les associations de {district}", "des entreprises privées", "le conseil régional"),
        "partner_lead": ("Commune de {city}", "Ville de {city}", "Mairie de {city}"),
        "districts": ("la vieille ville", "les quartiers nord", "les quartiers au bord du fleuve", "deux arrondissements périphériques", "le quartier du marché",
                      "les quartiers est", "le quartier du port", "les quartiers des collines", "les nouvelles zones d'extension",
                      "le centre-ville", "les quartiers sud", "le quartier de la gare"),
        "groups": ("les ménages dirigés par des femmes", "les vendeurs de rue", "les personnes âgées", "les familles qui louent une seule pièce", "les élèves",
                   "les nouveaux arrivants", "les personnes handicapées", "les jeunes sans emploi", "les petits commerçants", "les journaliers"),
    },
    "ar": {
        "title": ("{measure} في {city}", "{measure} في {district} بمدينة {city}", "{city}: {measure} لصالح {group}",
                  "كيف واجهت {city} {problem} عبر {measure}", "{measure} في {city}: من التجربة إلى التعميم",
                  "{measure}: دروس من {district} في {city}", "{city} ({period}): {measure}",
                  "مواجهة {problem} في {city}: {measure}", "{measure} بالشراكة مع {group} في {city}"),
        "summary": ("اعتمدت {city} {measure} لمواجهة {problem}. {Result}.",
                    "بدءاً من {district}، اعتمدت {city} {measure} لصالح {group} وغيرهم ممن عانوا من {problem}. {Result}.",
                    "في مواجهة {problem}، لجأت {city} منذ عام {y0} إلى {measure}. {Result}."),
        "challenge": ("في عام {y0} تقريباً واجهت {city} {problem}. وقدّرت البلدية أن **{share}٪** من السكان تأثروا، معظمهم في {district}.",
                      "في {district} بمدينة {city} وقع العبء الأكبر على {group}: فقد وجد مسح أُجري عام {y0} أن **{share}٪** من الأسر متضررة.",
                      "بحلول عام {y0} صارت الشكوى الأولى في جلسات المجلس البلدي في {city}: {problem}. وتأثر نحو **{share}٪** من السكان، وأشدهم تضرراً في {district}."),
        "intro": ("اعتمدت البلدية وشركاؤها {measure} على مراحل:", "لم تبدأ {city} في المدينة كلها دفعة واحدة، بل على النحو الآتي:",
                  "جرى العمل على مراحل بقيادة فريق بلدي من {staff} موظفين:"),
        "diagnose": ("تحديد الاحتياجات مع لجان الأحياء في {district}", "مسوح للأسر وخريطة للشوارع الأكثر تضرراً",
                     "زيارة دراسية إلى مدينة شريكة ودراسة جدوى", "لقاءات مع {group} للاتفاق على ما تقدمه الخدمة"),
        "pilot": ("مشروع تجريبي في حيّين عام {y0}", "تجربة لمدة ستة أشهر في {district} عام {y0}", "مرحلة أولى شملت {households} أسرة عام {y0}"),
        "scale": ("التوسع إلى المدينة كلها ابتداءً من عام {y1}", "مرحلة ثانية في بقية الأحياء منذ عام {y1}", "قرار من المجلس البلدي عام {y1} بجعلها دائمة"),
        "sustain": ("تدريب {staff} موظفين في البلدية يديرونها اليوم", "بند للصيانة في موازنة البلدية",
                    "لوحة متابعة تُراجَع كل ثلاثة أشهر", "خط للشكاوى وتقارير علنية مرتين في السنة"),
        "results": ("{Result}. وأظهر تقييم أُجري عام {y2} أن السكان منحوا الخدمة {rating} من 5.",
                    "{Result}. ويلمس {group} في {district} التغيير الأكبر.",
                    "{Result}. وبحلول عام {y2} كانت {towns} بلديات مجاورة قد تبنّت النهج نفسه."),
        "lessons": ("إشراك السكان منذ اليوم الأول.", "البدء على نطاق صغير وإظهار النتائج بسرعة.", "إدراج الصيانة في موازنة البلدية لا في موازنة المشروع.",
                    "الاتفاق على الرسوم قبل الإطلاق لا بعده.", "تدريب الموظفين قبل الإطلاق، فالأسابيع الأولى تصنع سمعة الخدمة.",
                    "نشر الأرقام، حتى السيئة منها.", "العمل مع وجهاء الأحياء الذين يثق بهم الناس أصلاً.",
                    "بدء الأشغال قبل موسم الأمطار لا خلاله.", "تكليف موظف واحد بالمسؤولية عبر الأقسام كلها.",
                    "استصدار قرار من المجلس البلدي مبكراً، فقد حمى المشروع خلال الانتخابات."),
        "transfer": ("قابلة للنقل حيث تستطيع البلدية إبرام اتفاقات مع لجان الأحياء وتخصيص {staff} موظفين للمشروع لمدة عامين على الأقل.",
                     "تنجح أكثر حين يدعمها المجلس البلدي بقرار رسمي وبند في الموازنة.",
                     "تتطلب أقساماً مستعدة لتبادل البيانات وشريكاً قادراً على التمويل المسبق للمرحلة الأولى.",
                     "يمكن لبلدة أصغر أن تبدأ بحي واحد و{staff} موظفين، والخطوات القانونية هي نفسها."),
        "costs": ("نحو {cost} يورو على مدى {years} سنوات: {own}٪ من موازنة البلدية والباقي من شريك تنموي.",
                  "التكلفة الإجمالية {cost} يورو، {own}٪ منها من أموال البلدية والباقي من {donor}.",
                  "استثمار بقيمة {cost} يورو على مدى {years} سنوات بتمويل مشترك من {donor} (حصة البلدية {own}٪)، وتغطي الرسوم اليوم تكاليف التشغيل."),
        "donors": ("الصندوق الوطني لتنمية البلديات", "الاتحاد الأوروبي", "شريك تنموي ألماني", "بنك تنمية إقليمي", "الحكومة المركزية"),
        "partners": ("لجان الأحياء", "جامعة محلية", "المرفق البلدي", "جمعية أهلية محلية", "الاتحاد الوطني للبلديات",
                     "جمعيات {district}", "شركات خاصة", "المحافظة"),
        "partner_lead": ("بلدية {city}", "المجلس البلدي في {city}"),
        "districts": ("البلدة القديمة", "الأحياء الشمالية", "الأحياء المحاذية للنهر", "حيّين في أطراف المدينة", "حي السوق",
                      "الأحياء الشرقية", "حي الميناء", "أحياء التلال", "مناطق التوسع الجديدة",
                      "وسط المدينة", "الأحياء الجنوبية", "حي المحطة"),
        "groups": ("الأسر التي تعيلها نساء", "الباعة الجائلين", "كبار السن", "العائلات التي تستأجر غرفة واحدة", "طلاب المدارس",
                   "الوافدين الجدد إلى المدينة", "الأشخاص ذوي الإعاقة", "الشباب العاطلين عن العمل", "أصحاب المحال الصغيرة", "عمال المياومة"),
    },
    "pt": {
        "title": ("{Measure} em {city}", "{Measure} em {district}, {city}", "{city}: {measure} para {group}",
                  "Como {city} enfrentou {problem} com {measure}", "{Measure} em {city}: do piloto a toda a cidade",
                  "{Measure}: lições de {district}, {city}", "{city} ({period}): {measure}",
                  "Contra {problem} em {city}: {measure}", "{Measure} com {group} em {city}"),
        "summary": ("{city} introduziu {measure} para enfrentar {problem}. {Result}.",
                    "Começando por {district}, {city} introduziu {measure} para {group} e outros moradores afetados. {Result}.",
                    "Perante {problem}, {city} apostou em {measure} a partir de {y0}. {Result}."),
        "challenge": ("Por volta de {y0}, {city} enfrentava {problem}. O município estimou que **{share}%** dos moradores eram afetados, sobretudo em {district}.",
                      "Em {district} de {city}, {group} eram os mais atingidos: um inquérito de {y0} encontrou **{share}%** das famílias afetadas.",
                      "Em {y0}, o problema principal nas reuniões da assembleia municipal de {city} era este: {problem}. Cerca de **{share}%** dos moradores eram afetados."),
        "intro": ("O município e os seus parceiros introduziram {measure}, passo a passo:", "{city} não começou em toda a cidade de uma vez:",
                  "O trabalho decorreu por fases, com uma equipa municipal de {staff} pessoas:"),
        "diagnose": ("levantamento das necessidades com as comissões de moradores de {district}", "inquéritos às famílias e um mapa das ruas mais afetadas",
                     "uma visita de estudo a uma cidade parceira e um estudo de viabilidade", "reuniões com {group} para definir o serviço"),
        "pilot": ("um piloto em dois bairros em {y0}", "um ensaio de seis meses em {district} em {y0}", "uma primeira fase para {households} famílias em {y0}"),
        "scale": ("alargamento a toda a cidade a partir de {y1}", "uma segunda fase nos restantes bairros a partir de {y1}", "uma deliberação municipal em {y1} que o tornou permanente"),
        "sustain": ("formação de {staff} técnicos municipais que hoje o gerem", "uma rubrica de manutenção no orçamento municipal",
                    "um painel de acompanhamento revisto a cada trimestre", "uma linha de reclamações e relatórios públicos duas vezes por ano"),
        "results": ("{Result}. Uma avaliação em {y2} mostrou que os moradores dão ao serviço {rating} em 5.",
                    "{Result}. Em {district}, são {group} que sentem a maior mudança.",
                    "{Result}. Em {y2}, {towns} municípios vizinhos já tinham adotado a abordagem."),
        "lessons": ("Envolver os moradores desde o primeiro dia.", "Começar pequeno e mostrar resultados depressa.", "Pôr a manutenção no orçamento municipal, não no projeto.",
                    "Acordar as taxas antes do lançamento, não depois.", "Formar a equipa antes do lançamento: as primeiras semanas fazem a reputação do serviço.",
                    "Publicar os números, também os maus.", "Trabalhar com os líderes de bairro em quem as pessoas já confiam.",
                    "Começar as obras antes da época das chuvas.", "Manter um único responsável entre os vários serviços.",
                    "Obter cedo uma deliberação da assembleia municipal: protegeu o projeto durante as eleições."),
        "transfer": ("Funciona onde o município pode assinar acordos com comissões de moradores e manter {staff} técnicos no projeto durante pelo menos dois anos.",
                     "Funciona melhor quando a assembleia municipal o apoia com uma deliberação e uma rubrica orçamental.",
                     "Exige serviços dispostos a partilhar dados e um parceiro capaz de pré-financiar a primeira fase.",
                     "Uma vila mais pequena pode começar por um bairro e {staff} técnicos; os passos legais são os mesmos."),
        "costs": ("Cerca de {cost} euros em {years} anos: {own}% do orçamento municipal, o resto de um parceiro de desenvolvimento.",
                  "Custo total de {cost} euros: {own}% de fundos municipais e o resto de {donor}.",
                  "{cost} euros de investimento em {years} anos, cofinanciados por {donor} (parte municipal de {own}%); o funcionamento é hoje pago pelas taxas."),
        "donors": ("o fundo nacional de desenvolvimento municipal", "a União Europeia", "um parceiro de desenvolvimento alemão", "um banco regional de desenvolvimento", "o governo central"),
        "partners": ("comissões de moradores", "uma universidade local", "os serviços municipalizados", "uma ONG local", "a associação nacional de municípios",
                     "associações de {district}", "empresas privadas", "o governo provincial"),
        "partner_lead": ("Município de {city}", "Conselho Municipal de {city}"),
        "districts": ("a cidade velha", "os bairros do norte", "os bairros junto ao rio", "dois bairros periurbanos", "o bairro do mercado",
                      "os bairros do leste", "o bairro do porto", "os bairros das encostas", "as novas zonas de expansão",
                      "o centro da cidade", "os bairros do sul", "o bairro da estação"),
        "groups": ("os agregados chefiados por mulheres", "os vendedores ambulantes", "os idosos", "as famílias que arrendam um só quarto", "os alunos",
                   "os recém-chegados à cidade", "as pessoas com deficiência", "os jovens sem emprego", "os pequenos comerciantes", "os trabalhadores à jorna"),
    },
    "de": {
        "title": ("{Measure} in {city}", "{Measure} {district} von {city}", "{city}: {Measure} für {group}",
                  "{Measure} in {city}: vom Pilotprojekt zur ganzen Stadt", "{Measure}: Erfahrungen {district} von {city}",
                  "{city} ({period}): {Measure}", "Antwort auf ein altes Problem: {Measure} in {city}", "{Measure} mit Beteiligung, {city}"),
        "summary": ("Die Antwort von {city} auf {problem}: {measure}. {Result}.",
                    "{city}, zuerst {district}, dann in weiteren Vierteln: {measure}. {Result}.",
                    "Gegen {problem} setzt {city} seit {y0} auf dieses Mittel: {measure}. {Result}."),
        "challenge": ("Um {y0} kämpfte {city} mit dem Problem: {problem}. Die Stadt schätzte, dass **{share} %** der Bevölkerung betroffen waren, vor allem {district}.",
                      "Besonders betroffen waren {group} {district}: Eine Befragung {y0} ergab, dass **{share} %** der Haushalte betroffen waren.",
                      "{y0} stand in {city} ein Thema ganz oben in den Ratssitzungen: {problem}. Rund **{share} %** der Bevölkerung waren betroffen."),
        "intro": ("Die Stadt und ihre Partner gingen Schritt für Schritt vor:", "{city} fing nicht überall gleichzeitig an:",
                  "Die Arbeit lief in Phasen, geleitet von einem städtischen Team aus {staff} Personen:"),
        "diagnose": ("Bedarfsanalyse mit den Stadtteilräten {district}", "Haushaltsbefragungen und eine Karte der am stärksten betroffenen Straßen",
                     "ein Studienbesuch in einer Partnerstadt und eine Machbarkeitsstudie", "Gespräche mit Vertretungen der Betroffenen über das Angebot"),
        "pilot": ("ein Pilot in zwei Vierteln {y0}", "ein sechsmonatiger Test {district} {y0}", "eine erste Phase für {households} Haushalte {y0}"),
        "scale": ("Ausweitung auf die ganze Stadt ab {y1}", "eine zweite Phase in den übrigen Vierteln ab {y1}", "ein Ratsbeschluss {y1}, der das Angebot dauerhaft macht"),
        "sustain": ("Schulung von {staff} städtischen Mitarbeitenden, die es heute betreiben", "ein eigener Posten für den Unterhalt im städtischen Haushalt",
                    "ein Monitoring, das vierteljährlich ausgewertet wird", "eine Beschwerdestelle und zweimal im Jahr ein öffentlicher Bericht"),
        "results": ("{Result}. Eine Evaluation {y2} ergab, dass die Bürgerinnen und Bürger den Dienst mit {rating} von 5 bewerten.",
                    "{Result}. Am deutlichsten ist der Unterschied {district}.",
                    "{Result}. Bis {y2} hatten {towns} Nachbarkommunen den Ansatz übernommen."),
        "lessons": ("Die Bewohner vom ersten Tag an einbeziehen.", "Klein anfangen und schnell Ergebnisse zeigen.", "Den Unterhalt im städtischen Haushalt verankern, nicht im Projekt.",
                    "Gebühren vor dem Start festlegen, nicht danach.", "Das Personal vor dem Start schulen: Die ersten Wochen prägen den Ruf des Angebots.",
                    "Die Zahlen veröffentlichen, auch die schlechten.", "Mit den Menschen im Viertel arbeiten, denen die Nachbarschaft schon vertraut.",
                    "Bauarbeiten vor der Regenzeit beginnen, nicht mittendrin.", "Eine Person ämterübergreifend verantwortlich machen.",
                    "Früh einen Ratsbeschluss herbeiführen: Er hat das Projekt über die Wahl gerettet."),
        "transfer": ("Übertragbar, wo die Stadt Vereinbarungen mit Stadtteilräten schließen und mindestens zwei Jahre lang {staff} Mitarbeitende für das Projekt abstellen kann.",
                     "Gelingt am besten mit einem Ratsbeschluss und einem eigenen Haushaltsposten.",
                     "Setzt Ämter voraus, die Daten teilen, und einen Partner, der die erste Phase vorfinanziert.",
                     "Eine kleinere Stadt kann mit einem Viertel und {staff} Mitarbeitenden beginnen; die rechtlichen Schritte sind dieselben."),
        "costs": ("Rund {cost} Euro über {years} Jahre: {own} % aus dem städtischen Haushalt, der Rest von einem Entwicklungspartner.",
                  "Gesamtkosten {cost} Euro; {own} % Eigenmittel der Stadt, der Rest über {donor}.",
                  "{cost} Euro Investitionen über {years} Jahre, kofinanziert über {donor} (Eigenanteil {own} %); den Betrieb decken heute Gebühren."),
        "donors": ("den nationalen Kommunalentwicklungsfonds", "die Europäische Union", "einen deutschen Entwicklungspartner", "eine regionale Entwicklungsbank", "das Land"),
        "partners": ("Stadtteilräte", "eine örtliche Hochschule", "die Stadtwerke", "ein lokaler Verein", "der kommunale Spitzenverband",
                     "private Unternehmen", "die Landesregierung", "Quartiersinitiativen"),
        "partner_lead": ("Stadt {city}", "Stadtverwaltung {city}"),
        "districts": ("in der Altstadt", "in den nördlichen Vierteln", "in den Vierteln am Fluss", "in zwei Randbezirken", "im Marktviertel",
                      "in den östlichen Siedlungen", "im Hafenviertel", "in den Hangvierteln", "in den Neubaugebieten",
                      "in der Innenstadt", "in den südlichen Bezirken", "im Bahnhofsviertel"),
        "groups": ("alleinerziehende Mütter", "Straßenhändler", "ältere Menschen", "Familien in Einzimmerwohnungen", "Schulkinder",
                   "Neuzugezogene", "Menschen mit Behinderung", "junge Arbeitslose", "kleine Ladenbesitzer", "Tagelöhner"),
    },
    "es": {
        "title": ("{Measure} en {city}", "{Measure} en {district} de {city}", "{city}: {measure} para {group}",
                  "Cómo {city} enfrentó {problem} con {measure}", "{Measure} en {city}: del piloto a toda la ciudad",
                  "{Measure}: lecciones desde {district} de {city}", "{city} ({period}): {measure}",
                  "Frente a {problem} en {city}: {measure}", "{Measure} con {group} en {city}"),
        "summary": ("{city} introdujo {measure} para hacer frente a {problem}. {Result}.",
                    "Empezando por {district}, {city} introdujo {measure} para {group} y otros vecinos afectados. {Result}.",
                    "Ante {problem}, {city} apostó desde {y0} por {measure}. {Result}."),
        "challenge": ("Hacia {y0}, {city} se enfrentaba a {problem}. El municipio estimó que el **{share} %** de los vecinos estaba afectado, sobre todo en {district}.",
                      "En {district} de {city}, {group} eran los más afectados: una encuesta de {y0} encontró un **{share} %** de hogares afectados.",
                      "En {y0}, la queja principal en los plenos municipales de {city} era esta: {problem}. Cerca del **{share} %** de los vecinos estaba afectado."),
        "intro": ("El municipio y sus socios introdujeron {measure}, paso a paso:", "{city} no empezó en toda la ciudad a la vez:",
                  "El trabajo se hizo por fases, con un equipo municipal de {staff} personas:"),
        "diagnose": ("diagnóstico de necesidades con las juntas vecinales de {district}", "encuestas a los hogares y un mapa de las calles más afectadas",
                     "una visita de estudio a una ciudad socia y un estudio de viabilidad", "reuniones con {group} para definir el servicio"),
        "pilot": ("un piloto en dos barrios en {y0}", "una prueba de seis meses en {district} en {y0}", "una primera fase para {households} hogares en {y0}"),
        "scale": ("extensión a toda la ciudad desde {y1}", "una segunda fase en los demás barrios desde {y1}", "un acuerdo del pleno en {y1} que lo hizo permanente"),
        "sustain": ("formación de {staff} técnicos municipales que hoy lo gestionan", "una partida de mantenimiento en el presupuesto municipal",
                    "un panel de seguimiento revisado cada trimestre", "una línea de reclamaciones e informes públicos dos veces al año"),
        "results": ("{Result}. Una evaluación en {y2} mostró que los vecinos califican el servicio con {rating} sobre 5.",
                    "{Result}. En {district}, son {group} quienes notan el mayor cambio.",
                    "{Result}. Para {y2}, {towns} municipios vecinos ya habían adoptado el enfoque."),
        "lessons": ("Implicar a los vecinos desde el primer día.", "Empezar en pequeño y mostrar resultados pronto.", "Incluir el mantenimiento en el presupuesto municipal, no en el proyecto.",
                    "Acordar las tasas antes del lanzamiento, no después.", "Formar al personal antes del lanzamiento: las primeras semanas hacen la reputación del servicio.",
                    "Publicar las cifras, también las malas.", "Trabajar con los líderes vecinales en quienes la gente ya confía.",
                    "Empezar las obras antes de la temporada de lluvias.", "Mantener un único responsable entre las distintas áreas.",
                    "Lograr pronto un acuerdo del pleno: protegió el proyecto durante las elecciones."),
        "transfer": ("Transferible donde el municipio pueda firmar convenios con juntas vecinales y mantener {staff} técnicos en el proyecto al menos dos años.",
                     "Funciona mejor cuando el pleno lo respalda con un acuerdo formal y una partida presupuestaria.",
                     "Requiere áreas dispuestas a compartir datos y un socio capaz de prefinanciar la primera fase.",
                     "Un municipio más pequeño puede empezar por un barrio y {staff} técnicos; los pasos legales son los mismos."),
        "costs": ("Unos {cost} euros en {years} años: el {own} % del presupuesto municipal y el resto de un socio de desarrollo.",
                  "Coste total de {cost} euros: un {own} % de fondos municipales y el resto de {donor}.",
                  "{cost} euros de inversión en {years} años, cofinanciados por {donor} (aporte municipal del {own} %); hoy las tasas cubren el funcionamiento."),
        "donors": ("el fondo nacional de desarrollo municipal", "la Unión Europea", "un socio de desarrollo alemán", "un banco regional de desarrollo", "el gobierno nacional"),
        "partners": ("juntas vecinales", "una universidad local", "la empresa municipal de servicios", "una ONG local", "la federación nacional de municipios",
                     "asociaciones de {district}", "empresas privadas", "el gobierno regional"),
        "partner_lead": ("Municipio de {city}", "Ayuntamiento de {city}", "Alcaldía de {city}"),
        "districts": ("el casco antiguo", "los barrios del norte", "los barrios junto al río", "dos barrios periurbanos", "el barrio del mercado",
                      "los barrios del este", "el barrio del puerto", "los barrios de ladera", "las nuevas zonas de expansión",
                      "el centro", "los barrios del sur", "el barrio de la estación"),
        "groups": ("los hogares encabezados por mujeres", "los vendedores ambulantes", "las personas mayores", "las familias que alquilan una sola habitación", "los escolares",
                   "los recién llegados a la ciudad", "las personas con discapacidad", "los jóvenes sin empleo", "los pequeños comerciantes", "los jornaleros"),
    },
}  # fmt: skip

# Names of the measures in the bio languages the practices are not written in (Bosnian,
# Swahili), for members' bios: language -> key -> noun phrase.
BIO_NAMES: dict[str, dict[str, str]] = {"bs": {}, "sw": {}}
