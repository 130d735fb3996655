package entity

import "strings"

// The word lists the extraction rules read. They describe English news prose in general (job
// titles, the head nouns of organization names, common words that are capitalized in names of
// things), never the names of particular people: those belong in the gazetteer. Keys are folded.

// titleWords are job titles and ranks. Capitalized, one of them before a name makes a person
// ("Minister of Defense Zakir Hasanov"); after a comma it makes the preceding name a person
// ("Ahmet Metin Genç, Mayor of …"). A title is never part of the name.
const titleWords = `
president presidents vice premier prime minister ministers fm mfa chancellor king queen prince
princess emir sheikh crown speaker chairman chairwoman chairperson chair ambassador ambassadors
envoy envoys representative representatives secretary general director directors commander
commanders chief head heads governor mayor deputy deputies assistant adviser advisor aide
spokesperson spokesman spokeswoman ombudsman ombudsperson prosecutor judge colonel lieutenant
major admiral marshal brigadier captain sergeant senator congressman congresswoman mp mps
lawmaker commissioner patriarch pope archbishop bishop catholicos imam mufti rector professor
dr mr mrs ms ceo founder leader leaders counterpart consul attaché attache undersecretary
counsellor counselor rapporteur coordinator lady sir lord chairmen premier-minister officer
`

// orgTitles head an organization, so the name after their "of" is one: "Chairman of Musavat".
const orgTitles = `chairman chairwoman chairperson chair director head leader founder ceo editor secretary rector`

// roleNouns may stand lower-case right before a name and then make it a person ("researcher
// Fuad Karimli", "human rights defenders Leyla Yunus and …", "EU leaders António Costa and …").
const roleNouns = `
ambassador envoy minister president speaker chairman chairwoman mayor governor spokesperson
spokesman spokeswoman counterpart researcher researchers journalist journalists blogger bloggers
activist activists defender defenders lawyer lawyers expert experts analyst analysts politician
politicians diplomat diplomats leader leaders writer writers poet historian economist scholar
professor director commander colleague opponent opponents critic critics dissident dissidents
businessman businesswoman entrepreneur reporter reporters editor founder deputy deputies lawmaker
lawmakers mp officer official officials prisoner prisoners detainee detainees student students
scientist cleric imam priest representative commissioner rapporteur novelist artist singer
athlete coach chief premier secretary adviser advisor aide ombudsman prosecutor judge
`

// orgRoleNouns stand lower-case before an organization's name ("the Turkish newspaper
// Cumhuriyet", "think tanks the Topchubashov Centre").
const orgRoleNouns = `
newspaper newspapers daily weekly magazine agency outlet outlets channel broadcaster website
portal tank tanks party company firm bank group ngo organization organisation movement network
platform union association foundation institute university airline operator
`

// orgHeads end an organization's name: a capitalized run with one of them is an organization
// ("Trabzon Metropolitan Municipality", "Union for the Freedom of Political Prisoners of …").
const orgHeads = `
ministry ministries agency council assembly committee commission organization organisation
union service centre center platform movement municipality army navy forces guard police bank
fund party government office administration institute institution university academy court
tribunal association federation foundation company corporation alliance coalition front network
secretariat directorate department bureau authority chamber cabinet senate duma majlis mejlis
parliament congress church patriarchate museum library society league commonwealth nations
corps inspectorate airlines railways holding ojsc cjsc llc plc inc ltd group club mission
embassy consulate radio tv media observatory caliphate international watch
`

// eventHeads end the names of events, documents and projects, which are not entities here; the
// names inside their modifiers are not counted either ("UN World Urban Forum").
const eventHeads = `
forum conference summit day days exercise exercises drills dialogue session sessions meeting
meetings week festival games olympics championship cup expo exhibition fair declaration
agreement treaty resolution strategy initiative plan programme program project road way route
cable pipeline award prize medal round talks format process policy doctrine charter convention
protocol memorandum act law code constitution report list priorities ceremony operation war
revolution crisis agenda vision decade year biennale marathon rally campaign election elections
referendum census budget index reform framework mechanism games tournament concept
`

// facilityHeads end the names of buildings and sites; everything inside them is dropped
// ("Mausoleum of Khoja Ahmed Yasawi" names a building, not a person).
const facilityHeads = `
mausoleum mosque cathedral monastery temple monument palace airport bridge stadium arena square
street avenue boulevard park port station hotel hall tower memorial cemetery tomb shrine complex
plant factory dam reservoir terminal highway railway checkpoint crossing building castle fortress
`

// placeHeads end the names of places ("Middle Corridor", "Caspian Sea").
const placeHeads = `
corridor sea river lake mountains mountain valley region district province island islands gulf
peninsula strait canal basin highlands plateau oblast governorate county krai territory coast
desert steppe ocean bay gorge heights republic
`

// orgNounsAfter follow an organization's name in lower case: "the Hayastan alliance".
const orgNounsAfter = `alliance party bloc coalition movement`

// projectNouns follow, in lower case, the name of a route, a building or an event that is not
// an entity: "the Baku-Tbilisi-Kars railway", "the Ichan Kala historical complex". A corridor
// is the exception: "the Aras corridor" is a place.
const projectNouns = `
railway railroad pipeline highway motorway road route cable bridge tunnel airport port station
complex mausoleum mosque palace monument museum memorial park stadium forum summit conference
exercise exercises festival games format platform project initiative
`

// placeNouns follow or precede (with "of") the names of places: "the Shusha district",
// "the cities of Aghdam and Fuzuli", "Garabagh and East Zangezur regions".
const placeNouns = `
city cities town towns village villages district districts region regions province provinces
settlement settlements oblast governorate county capital port
`

// locatives before an unknown capitalized run make it a place: "held in Saint Petersburg".
// nearLocatives allow up to three words; farLocatives, which also take people ("a letter from
// …"), only one.
const (
	nearLocatives = `in at near across via throughout inside outside`
	farLocatives  = `from to towards toward between visited visiting`
)

// compassWords before a known place name a different place: "East Zangezur", "Western Europe".
const compassWords = `north south east west northern southern eastern western central upper lower greater`

// connectors may join the capitalized words of one name ("Council of Europe", "Union for the
// Freedom of …"); particles may stand inside a person's name ("Ursula von der Leyen").
const (
	connectors = `of for the on to and de`
	particles  = `von van der de da del di du bin ibn al el ul ben la le`
)

// ordinals before an organ's name make it a session, not a body: "the first General Assembly
// of the Global South NGOs Platform was held".
const ordinals = `
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth
fourteenth fifteenth twentieth thirtieth fortieth fiftieth hundredth next last previous latest
upcoming extraordinary regular annual
`

// vocabulary holds common English words that appear capitalized at a sentence start or inside
// names of things. A capitalized word outside it (and outside the lists above) is name-like; two
// or more name-like words in a row are a person unless something says otherwise.
const vocabulary = `
a about above according across after afterwards again against ago all almost along also although
always among an and another any anyone anything are around as at away back be because been
before behind being below beside besides between beyond both but by can could despite did do
does during each earlier either else even ever every except few following for former from further
had has have having he her here hers herself him himself his how however i if in including
indeed inside instead into is it its itself just last later latter least less let like likely
many may meanwhile might more moreover most much must my near neither never nevertheless new
next no none nor not nothing now of off often on once one only onto or other others otherwise
our out over overall own per perhaps rather regarding same several shall she should since so
some still such than that the their them themselves then there thereafter therefore these they
this those though through thus to today together tomorrow too toward towards under unless until
up upon us very via was we well were what whatever when where whereas whether which while who
whom whose why will with within without would yesterday yet you your
january february march april may june july august september october november december jan feb
mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday
zero two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
thousand million billion trillion half dozen
north south east west northern southern eastern western central middle upper lower greater
global international national regional local federal state states republic republics federation
united independent democratic people peoples popular socialist islamic
new old great grand high higher supreme general special extraordinary plenipotentiary permanent
acting interim former first senior junior chief executive principal main joint
european eurasian asian african american arab arabian atlantic pacific caspian caucasian
azerbaijani azeri turkish turkic armenian russian georgian iranian persian kazakh uzbek kyrgyz
tajik turkmen ukrainian belarusian moldovan chinese japanese korean indian pakistani afghan
israeli palestinian syrian iraqi lebanese jordanian saudi emirati qatari egyptian libyan
french german british english italian spanish portuguese dutch belgian swiss austrian polish
czech slovak hungarian romanian bulgarian serbian croatian bosnian albanian greek cypriot
swedish norwegian danish finnish estonian latvian lithuanian irish scottish canadian mexican
brazilian argentine australian hungarian kurdish muslim christian orthodox catholic jewish
western soviet ottoman byzantine balkan nordic baltic slavic latin anglo
affairs foreign internal interior domestic defense defence security justice economy economic
economics finance financial trade industry industrial energy power oil gas petroleum mining mine
mines action actions agriculture agricultural health healthcare education educational science
scientific culture cultural tourism sport sports youth family women children labor labour social
protection transport transportation communications communication digital development
technology technologies information innovation innovations ecology ecological environment
environmental natural resources resource emergency emergencies situations situation migration
customs tax taxes taxation property registry statistics statistical audit auditing control
anti corruption human rights right freedom freedoms liberty civil civic society political
policy policies public private military army navy naval air force forces armed border borders
guard coast special operations operational intelligence service services counter terrorism
terror nuclear chemical peace peaceful peacekeeping reconstruction restoration recovery
humanitarian relief aid assistance cooperation co operation partnership strategic strategy
investment investments bank banking monetary currency credit stock exchange market markets
central reserve insurance pension fund funds property land water waters climate green clean
renewable renewables urban rural city municipal metropolitan district regional
parliamentary inter intergovernmental interparliamentary legislative executive judicial
constitutional electoral election elections presidential governmental ministerial diplomatic
consular honorary ordinary committee commission board boards directors council assembly
conference summit forum meeting session dialogue talks round declaration agreement treaty
memorandum protocol statement communique resolution decision decree order law act bill code
program programme plan project initiative vision agenda concept framework roadmap report
review list index census budget strategy doctrine charter convention
world earth planet universe global south north civilization civilizations heritage history
historical architectural architecture monument museum reserve memorial mausoleum complex
historical cultural spiritual religious religion faith islam christianity saint st san santa
ngo ngos staff
day days week weeks month months year years century centuries decade decades anniversary
morning evening night time times date period season spring summer autumn winter fall
victory independence liberation salvation remembrance solidarity unity friendship brotherhood
martyrs martyr heroes hero veterans veteran genocide tragedy occupation conflict war wars
post pre pro anti neo non aligned trans sub super multi cross
visitors visitor distinguished honor honour guest guests delegation delegations participants
mr mrs ms dr prof
office offices house houses palace hall center centre institute institution university
academy school college library foundation fund association union alliance league society
organization organisation organizations agency agencies authority authorities ministry
ministries department departments directorate service services corporation company companies
group groups holding media news press radio television tv channel newspaper daily times post
journal gazette herald network networks platform platforms movement movements party parties
front coalition bloc club network team teams
critical role roles future prospects current recent latest major minor key important main
strong stronger growing rising new updated first final last next previous further full
official officials unofficial informal formal working work visit visits trip tour talks call
phone conversation meeting meets met holds held hosts hosted host receives received reviews
attended attends discuss discusses discussed signs signed sign become becomes named names
expects expected reports reported says said shows updated launches launched opens opened
calls called urges urged warns warned condemns condemned welcomes welcomed congratulates
congratulated seventh sixth fifth fourth third second eighth ninth tenth
ceasefire sanctions energy connectivity logistics route routes corridor corridors road roads
railway railways airport airports port ports pipeline pipelines cable cables bridge highway
green blue red white black yellow golden silver
critics observers experts analysts journalists bloggers activists officials leaders people
citizens residents refugees prisoners detainees women men youth veterans families
the and of for on in at to by with from
`

// vocabSuffixes mark words as common English even when the list above lacks them
// ("Reconstruction", "Development"). Endings that names share (-ing for Chinese names, -ed for
// Ahmed, -al for Kemal, -ic for Vučić) are deliberately missing.
const vocabSuffixes = `tion sion ment ness ity ship ance ence ism ical ional ative ous ive ities ments tions ists
ships ances`

// abbreviations end in a period that does not end a sentence (see tokenize).

// stopCaps are words that start a sentence capitalized but never a name.
const stopCaps = `
a an the on in at during after before as while when since although though however meanwhile
moreover furthermore also both all each every some many most several other this that these
those his her its their our my your he she they it we you i there here according following
within among between under over into from with without by for to of and but or nor yet so
if then than once upon finally earlier later today yesterday
`

// wordSet splits a word list into a set of folded words.
func wordSet(lists ...string) map[string]bool {
	m := map[string]bool{}
	for _, l := range lists {
		for _, w := range strings.Fields(l) {
			m[fold(w)] = true
		}
	}
	return m
}

// rules is the word lists as sets, built once per Lexicon.
type rules struct {
	titles, roles, orgRoles                  map[string]bool
	orgHeads, eventHeads, facilityHeads      map[string]bool
	placeHeads, placeNouns                   map[string]bool
	nearLoc, farLoc, connectors, particles   map[string]bool
	ordinals, vocab, stopCaps, abbreviations map[string]bool
	compass, orgTitles                       map[string]bool
	orgNounsAfter, projectNouns              map[string]bool
	jaTitles, suffixes                       []string
}

func newRules() *rules {
	return &rules{
		titles:        wordSet(titleWords),
		roles:         wordSet(roleNouns),
		orgRoles:      wordSet(orgRoleNouns),
		orgHeads:      wordSet(orgHeads),
		eventHeads:    wordSet(eventHeads),
		facilityHeads: wordSet(facilityHeads),
		placeHeads:    wordSet(placeHeads),
		placeNouns:    wordSet(placeNouns),
		nearLoc:       wordSet(nearLocatives),
		farLoc:        wordSet(farLocatives),
		connectors:    wordSet(connectors),
		particles:     wordSet(particles),
		ordinals:      wordSet(ordinals),
		vocab:         wordSet(vocabulary, titleWords, orgHeads, eventHeads, facilityHeads, placeHeads, placeNouns, ordinals, stopCaps),
		stopCaps:      wordSet(stopCaps),
		abbreviations: wordSet(abbreviations),
		compass:       wordSet(compassWords),
		orgTitles:     wordSet(orgTitles),
		orgNounsAfter: wordSet(orgNounsAfter),
		projectNouns:  wordSet(projectNouns),
		jaTitles:      strings.Fields(japaneseTitles),
		suffixes:      strings.Fields(vocabSuffixes),
	}
}

// common reports whether a folded word is ordinary English rather than part of a name.
func (r *rules) common(w string) bool {
	if r.vocab[w] {
		return true
	}
	if len(w) > 3 && strings.HasSuffix(w, "s") && r.common(w[:len(w)-1]) { // Ministers, NGOs
		return true
	}
	for _, s := range r.suffixes {
		if len(w) > len(s)+2 && strings.HasSuffix(w, s) {
			return true
		}
	}
	return false
}

// japaneseTitles follow a name in a Japanese headline (アリエフ大統領, バイラモフ外相): the
// katakana run right before one is a person's name. Longest first, so 副大統領 wins over 大統領.
const japaneseTitles = `
第一副大統領 副大統領 大統領 副首相 首相 副総理 総理 外務次官 外務大臣 外相 国防次官 国防大臣
国防相 内相 財務相 経済相 エネルギー相 大臣 次官 国会議長 議長 副議長 特命全権大使 大使 総領事
領事 事務総長 事務局長 長官 補佐官 顧問 特別代表 代表 司令官 参謀総長 総司令官 知事 市長 会長
理事長 委員長 総裁 議員 氏 首長 国王 皇太子 女王 大司教 総主教
`
