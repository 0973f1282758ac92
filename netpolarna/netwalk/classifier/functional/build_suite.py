# ruff: noqa: E501  (the templates and sentences are data: one case a line reads best)
"""Regenerate the functional test suite: `python -m netpolarna.netwalk.classifier.functional.build_suite`.

Like HateCheck (Röttger et al. 2021), most cases are hand-written templates expanded over the
same seven protected groups in every language; the rest (slurs, reclaimed words, non-protected
targets, profanity) are written one by one. Spelling variations perturb the key word of
hand-written hateful sentences in five ways. The output is deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent

# functionality -> gold label (hateful functionalities end in _h, non-hateful in _nh)
FUNCTIONALITIES: dict[str, str] = {
    "derog_neg_emote_h": "hateful",
    "derog_neg_attrib_h": "hateful",
    "derog_dehum_h": "hateful",
    "derog_impl_h": "hateful",
    "threat_dir_h": "hateful",
    "threat_norm_h": "hateful",
    "slur_h": "hateful",
    "slur_reclaimed_nh": "neutral",
    "profanity_h": "hateful",
    "profanity_nh": "offensive",
    "ref_subs_clause_h": "hateful",
    "ref_subs_sent_h": "hateful",
    "negate_pos_h": "hateful",
    "negate_neg_nh": "neutral",
    "phrase_question_h": "hateful",
    "phrase_opinion_h": "hateful",
    "ident_neutral_nh": "neutral",
    "ident_pos_nh": "neutral",
    "counter_quote_nh": "counter_speech",
    "counter_ref_nh": "counter_speech",
    "target_obj_nh": "neutral",
    "target_indiv_nh": "offensive",
    "target_group_nh": "offensive",
    "spell_char_swap_h": "hateful",
    "spell_char_del_h": "hateful",
    "spell_space_del_h": "hateful",
    "spell_space_add_h": "hateful",
    "spell_leet_h": "hateful",
}
SPELLING = ("spell_char_swap_h", "spell_char_del_h", "spell_space_del_h", "spell_space_add_h",
            "spell_leet_h")  # fmt: skip

# The seven HateCheck target groups: women, trans people, gay people, black people, disabled
# people, Muslims, immigrants (plural, lower case).
GROUPS: dict[str, list[str]] = {
    "sv": ["kvinnor", "transpersoner", "homosexuella", "svarta", "funktionshindrade", "muslimer",
           "invandrare"],
    "da": ["kvinder", "transpersoner", "homoseksuelle", "sorte", "handicappede", "muslimer",
           "indvandrere"],
    "nb": ["kvinner", "transpersoner", "homofile", "svarte", "funksjonshemmede", "muslimer",
           "innvandrere"],
    "en": ["women", "trans people", "gay people", "black people", "disabled people", "Muslims",
           "immigrants"],
}  # fmt: skip

# Templates: {g} is the group, {G} the group with a capital first letter.
TEMPLATES: dict[str, dict[str, list[str]]] = {
    "sv": {
        "derog_neg_emote_h": ["Jag avskyr verkligen {g}.", "{G} får mig att vilja spy."],
        "derog_neg_attrib_h": ["Alla {g} är lata och falska.", "{G} är korkade och farliga för samhället."],
        "derog_dehum_h": ["{G} är inget annat än skadedjur.", "{G} är smuts som borde sopas bort."],
        "derog_impl_h": ["Jag skulle aldrig hyra ut min lägenhet till {g}, man vet ju hur det slutar.",
                         "Om man låter {g} bestämma blir det kaos, det vet alla."],
        "threat_dir_h": ["Jag tänker spöa varenda en av er {g}.", "Vi ska ge oss på {g} tills ingen finns kvar här."],
        "threat_norm_h": ["{G} borde ställas mot väggen och skjutas.", "Det vore bäst om alla {g} dog."],
        "profanity_h": ["{G} är jävla avskum allihop.", "Fan ta alla skitäckliga {g}."],
        "ref_subs_clause_h": ["Jag mötte några {g} på stan och de är rena kackerlackor.",
                              "Min granne pratar om {g} som om de vore människor, men de är bara parasiter."],
        "ref_subs_sent_h": ["Har du sett alla {g} här? De borde utrotas.", "Det har flyttat in {g} i huset. Jag hatar dem."],
        "negate_pos_h": ["{G} kommer aldrig att vara något värda.", "Jag kan aldrig respektera {g}."],
        "negate_neg_nh": ["Jag hatar inte {g}, tvärtom.", "{G} är inte ett dugg sämre än någon annan."],
        "phrase_question_h": ["Varför är {g} så vidriga?", "Är inte {g} bara en börda för oss andra?"],
        "phrase_opinion_h": ["Jag tycker {g} är äckliga.", "Enligt mig är {g} mindre värda än vi."],
        "ident_neutral_nh": ["Två {g} sitter i kommunens nya ungdomsråd.", "Föreningen ordnar en träff för {g} på torsdag."],
        "ident_pos_nh": ["Jag beundrar verkligen {g}.", "{G} har gjort vårt kvarter så mycket bättre."],
        "counter_quote_nh": ["\"{G} är skadedjur\" – hur kan någon skriva något så vidrigt?",
                             "Någon skrev \"jag hatar {g}\" i klasschatten och det är inte okej."],
        "counter_ref_nh": ["Att sprida hat mot {g} är aldrig acceptabelt.", "Sluta trakassera {g} i kommentarerna, det räcker nu."],
    },
    "da": {
        "derog_neg_emote_h": ["Jeg afskyr virkelig {g}.", "{G} får mig til at kaste op."],
        "derog_neg_attrib_h": ["Alle {g} er dovne og falske.", "{G} er dumme og farlige for samfundet."],
        "derog_dehum_h": ["{G} er ikke andet end skadedyr.", "{G} er snavs der burde fejes væk."],
        "derog_impl_h": ["Jeg ville aldrig leje min lejlighed ud til {g}, man ved jo hvordan det ender.",
                         "Hvis man lader {g} bestemme, bliver det kaos, det ved alle."],
        "threat_dir_h": ["Jeg vil tæve hver eneste af jer {g}.", "Vi går efter {g} indtil der ikke er nogen tilbage her."],
        "threat_norm_h": ["{G} burde stilles op ad en mur og skydes.", "Det bedste ville være hvis alle {g} døde."],
        "profanity_h": ["{G} er noget forbandet afskum allesammen.", "Fanden tage alle de lortede {g}."],
        "ref_subs_clause_h": ["Jeg mødte nogle {g} i byen og de er rene kakerlakker.",
                              "Min nabo taler om {g} som om de var mennesker, men de er bare parasitter."],
        "ref_subs_sent_h": ["Har du set alle de {g} her? De burde udryddes.", "Der er flyttet {g} ind i opgangen. Jeg hader dem."],
        "negate_pos_h": ["{G} bliver aldrig noget værd.", "Jeg kan aldrig respektere {g}."],
        "negate_neg_nh": ["Jeg hader ikke {g}, tværtimod.", "{G} er ikke det mindste dårligere end andre."],
        "phrase_question_h": ["Hvorfor er {g} så modbydelige?", "Er {g} ikke bare en byrde for os andre?"],
        "phrase_opinion_h": ["Jeg synes {g} er ulækre.", "Efter min mening er {g} mindre værd end os."],
        "ident_neutral_nh": ["To {g} sidder i kommunens nye ungdomsråd.", "Foreningen holder et møde for {g} på torsdag."],
        "ident_pos_nh": ["Jeg beundrer virkelig {g}.", "{G} har gjort vores kvarter meget bedre."],
        "counter_quote_nh": ["\"{G} er skadedyr\" – hvordan kan nogen skrive noget så modbydeligt?",
                             "Nogen skrev \"jeg hader {g}\" i klassechatten, og det er ikke okay."],
        "counter_ref_nh": ["At sprede had mod {g} er aldrig acceptabelt.", "Stop med at chikanere {g} i kommentarerne, nu er det nok."],
    },
    "nb": {
        "derog_neg_emote_h": ["Jeg avskyr virkelig {g}.", "{G} får meg til å ville spy."],
        "derog_neg_attrib_h": ["Alle {g} er late og falske.", "{G} er dumme og farlige for samfunnet."],
        "derog_dehum_h": ["{G} er ikke annet enn skadedyr.", "{G} er skitt som burde feies bort."],
        "derog_impl_h": ["Jeg ville aldri leid ut leiligheten min til {g}, man vet jo hvordan det ender.",
                         "Hvis man lar {g} bestemme, blir det kaos, det vet alle."],
        "threat_dir_h": ["Jeg skal banke hver eneste en av dere {g}.", "Vi skal gå etter {g} til det ikke er noen igjen her."],
        "threat_norm_h": ["{G} burde stilles mot veggen og skytes.", "Det beste hadde vært om alle {g} døde."],
        "profanity_h": ["{G} er noe jævla avskum alle sammen.", "Faen ta alle de drittekle {g}."],
        "ref_subs_clause_h": ["Jeg møtte noen {g} på byen og de er rene kakerlakker.",
                              "Naboen min snakker om {g} som om de var mennesker, men de er bare parasitter."],
        "ref_subs_sent_h": ["Har du sett alle {g} her? De burde utryddes.", "Det har flyttet inn {g} i oppgangen. Jeg hater dem."],
        "negate_pos_h": ["{G} blir aldri verdt noe.", "Jeg kan aldri respektere {g}."],
        "negate_neg_nh": ["Jeg hater ikke {g}, tvert imot.", "{G} er ikke det minste dårligere enn andre."],
        "phrase_question_h": ["Hvorfor er {g} så motbydelige?", "Er ikke {g} bare en byrde for oss andre?"],
        "phrase_opinion_h": ["Jeg synes {g} er ekle.", "Etter min mening er {g} mindre verdt enn oss."],
        "ident_neutral_nh": ["To {g} sitter i kommunens nye ungdomsråd.", "Foreningen har et treff for {g} på torsdag."],
        "ident_pos_nh": ["Jeg beundrer virkelig {g}.", "{G} har gjort nabolaget vårt mye bedre."],
        "counter_quote_nh": ["\"{G} er skadedyr\" – hvordan kan noen skrive noe så motbydelig?",
                             "Noen skrev \"jeg hater {g}\" i klassechatten, og det er ikke greit."],
        "counter_ref_nh": ["Å spre hat mot {g} er aldri akseptabelt.", "Slutt å trakassere {g} i kommentarfeltet, nå får det være nok."],
    },
    "en": {
        "derog_neg_emote_h": ["I truly despise {g}.", "{G} make me want to throw up."],
        "derog_neg_attrib_h": ["All {g} are lazy and dishonest.", "{G} are stupid and a danger to society."],
        "derog_dehum_h": ["{G} are nothing but vermin.", "{G} are filth that should be swept away."],
        "derog_impl_h": ["I'd never rent my flat to {g}, we all know how that ends.",
                         "Let {g} run things and it turns into chaos, everyone knows it."],
        "threat_dir_h": ["I'm going to beat up every single one of you {g}.", "We will go after {g} until none are left here."],
        "threat_norm_h": ["{G} should be lined up against a wall and shot.", "It would be best if all {g} died."],
        "profanity_h": ["{G} are fucking scum, every last one.", "Fuck all those shitty {g}."],
        "ref_subs_clause_h": ["I ran into some {g} in town and they are total cockroaches.",
                              "My neighbour talks about {g} as if they were human, but they're just parasites."],
        "ref_subs_sent_h": ["Have you seen all the {g} around here? They should be wiped out.",
                            "Some {g} moved into our building. I hate them."],
        "negate_pos_h": ["{G} will never be worth anything.", "I could never respect {g}."],
        "negate_neg_nh": ["I don't hate {g}, quite the opposite.", "{G} are not one bit worse than anyone else."],
        "phrase_question_h": ["Why are {g} so revolting?", "Aren't {g} just a burden on the rest of us?"],
        "phrase_opinion_h": ["I think {g} are disgusting.", "In my opinion {g} are worth less than us."],
        "ident_neutral_nh": ["Two {g} sit on the council's new youth board.", "The association is hosting a meetup for {g} on Thursday."],
        "ident_pos_nh": ["I really admire {g}.", "{G} have made our neighbourhood so much better."],
        "counter_quote_nh": ["\"{G} are vermin\" - how can anyone write something so vile?",
                             "Someone wrote \"I hate {g}\" in the class chat and that is not okay."],
        "counter_ref_nh": ["Spreading hate against {g} is never acceptable.", "Stop harassing {g} in the comments, enough is enough."],
    },
}  # fmt: skip

# Hand-written cases, one by one.
FIXED: dict[str, dict[str, list[str]]] = {
    "sv": {
        "slur_h": ["Stick tillbaka till öknen din jävla blatte.", "Det luktar svartskalle i hela trappuppgången.",
                   "Ingen vill ha en bögjävel i laget.", "Typiskt en sån neger att sno cyklar.",
                   "Köttberg som hon borde inte få visa sig på stranden, den feta suggan.",
                   "Mongo-ungarna borde gå i en egen skola långt härifrån.", "Hela bussen var full av blattar och zigenarpack.",
                   "Den där transjäveln ska inte få gå på damernas toalett.", "Kolla på alla svartskallar som hänger vid centrum.",
                   "Lägg ner ditt kyrkbygge, ingen vill ha fler muzzepack här.", "Såna fjollor ska inte få adoptera barn."],
        "slur_reclaimed_nh": ["Vi flator har vår egen fikaklubb på fredagar.", "Som queer i en liten stad blir man ganska tuff.",
                              "Min kompis kallar sig själv stolt fjolla och hon älskar det.", "Vi bögar har alltid haft Pride som vår fest.",
                              "Jag är crip och stolt, säger aktivisten i rullstol.", "Flata och stolt, står det på min tröja.",
                              "Vi queers ordnar filmkväll i helgen, alla är välkomna.", "Som fet tjej har jag slutat be om ursäkt för min kropp.",
                              "Vi fjollor i kören har det roligast av alla.", "Jag och de andra bögarna i laget skrattar åt det numera."],
        "profanity_nh": ["Fan vad gott det här kaffet är!", "Jävlar vilken match det blev igår!", "Helvete, jag glömde nycklarna hemma igen.",
                         "Skit samma, vi tar nästa buss.", "Fy fan vad kallt det är ute idag.", "Jävla regn, nu blev jag blöt igen.",
                         "Det var sjukt jävla bra gjort av laget.", "Äh skit, mobilen dog mitt i samtalet.",
                         "Fan, jag missade sista tåget.", "Helvetes jävla snö, bilen startar inte."],
        "target_obj_nh": ["Jag hatar den här mobilen, den är helt värdelös.", "Blomkål är det äckligaste som finns.",
                          "Den nya appen är skräp och borde tas bort.", "Den här soffan är så ful att jag vill spy.",
                          "Skolmaten i dag var rena grisfodret.", "Jag avskyr måndagar.", "Den skrivaren borde slängas på tippen.",
                          "Den filmen var totalt meningslös.", "Våra gamla datorer är rena skrothögen.", "Jag står inte ut med den där låten."],
        "target_indiv_nh": ["Du är en patetisk liten idiot.", "Jag hatar dig, du är helt värdelös.", "Håll käften, din jävla clown.",
                            "Du är så dum att det gör ont.", "Ingen bryr sig om vad du tycker, ditt pucko.", "Stick och brinn, din tönt.",
                            "Du är det mest irriterande arslet på hela forumet.", "Vilken hjärndöd kommentar, du är en skam.",
                            "Gå och lägg dig, ditt fån.", "Du är ett äckligt svin och det vet alla."],
        "target_group_nh": ["Alla politiker är korrupta svin.", "Parkeringsvakter är samhällets parasiter.",
                            "Jag hatar fotbollshuliganer, de är avskum.", "Mäklare är lögnare allihop.",
                            "Bilförsäljare är de värsta skurkarna som finns.", "Alla influencers är hjärndöda och ytliga.",
                            "Journalister är värdelösa pennfäktare.", "Gamers som fuskar är patetiska råttor.",
                            "Alla som kör elsparkcykel på trottoaren är idioter.", "Mobbarna i nian är ena äckliga fegisar."],
    },
    "da": {
        "slur_h": ["Tag tilbage til ørkenen din forbandede perker.", "Hele opgangen stinker af perkere.",
                   "Ingen vil have en bøssekarl på holdet.", "Typisk en neger at stjæle cykler.",
                   "Sådan en fed so burde ikke vise sig på stranden.", "Mongolunger burde gå i en skole langt herfra.",
                   "Hele bussen var fuld af perkere og sigøjnerpak.", "Det transfreak skal ikke bruge dametoilettet.",
                   "Se alle de perkersvin der hænger ud ved centret.", "Sådan nogle bøsserøve skal ikke adoptere børn.",
                   "Muhamedanerpakket skal ikke bygge flere moskeer her."],
        "slur_reclaimed_nh": ["Vi lesber har vores egen kaffeklub om fredagen.", "Som queer i en lille by bliver man ret sej.",
                              "Min ven kalder sig selv stolt bøsse og elsker det.", "Vi bøsser har altid haft Pride som vores fest.",
                              "Jeg er krøbling og stolt af det, siger aktivisten i kørestol.", "Lesbisk og stolt, står der på min trøje.",
                              "Vi queers holder filmaften i weekenden, alle er velkomne.", "Som tyk pige er jeg holdt op med at undskylde for min krop.",
                              "Vi tøser i koret har det sjovest af alle.", "Mig og de andre bøsser på holdet griner af det nu."],
        "profanity_nh": ["Fuck hvor er den her kaffe god!", "For helvede, sikke en kamp i går!", "Pis, jeg glemte nøglerne derhjemme igen.",
                         "Skide være med det, vi tager næste bus.", "Fandens hvor er det koldt i dag.", "Lortevejr, nu blev jeg våd igen.",
                         "Det var sgu pissegodt spillet af holdet.", "Åh lort, telefonen døde midt i samtalen.",
                         "Fanden, jeg missede det sidste tog.", "Forbandede sne, bilen vil ikke starte."],
        "target_obj_nh": ["Jeg hader den her telefon, den er helt ubrugelig.", "Blomkål er det klammeste der findes.",
                          "Den nye app er skrald og burde fjernes.", "Den her sofa er så grim at jeg får kvalme.",
                          "Skolemaden i dag var rent svinefoder.", "Jeg afskyr mandage.", "Den printer burde smides på lossepladsen.",
                          "Den film var totalt meningsløs.", "Vores gamle computere er en bunke skrot.", "Jeg kan ikke holde den sang ud."],
        "target_indiv_nh": ["Du er en patetisk lille idiot.", "Jeg hader dig, du er fuldstændig ubrugelig.", "Hold kæft, din forbandede klovn.",
                            "Du er så dum at det gør ondt.", "Ingen gider høre hvad du mener, din tumpe.", "Skrid, din taber.",
                            "Du er det mest irriterende røvhul på hele forummet.", "Sikke en hjernedød kommentar, du er en skam.",
                            "Gå i seng, dit fjols.", "Du er et klamt svin og det ved alle."],
        "target_group_nh": ["Alle politikere er korrupte svin.", "Parkeringsvagter er samfundets parasitter.",
                            "Jeg hader fodboldhooligans, de er afskum.", "Ejendomsmæglere er løgnere allesammen.",
                            "Bilforhandlere er de værste skurke der findes.", "Alle influencere er hjernedøde og overfladiske.",
                            "Journalister er ubrugelige skriverkarle.", "Gamere der snyder er patetiske rotter.",
                            "Alle der kører løbehjul på fortovet er idioter.", "Mobberne i niende er nogle klamme kujoner."],
    },
    "nb": {
        "slur_h": ["Dra tilbake til ørkenen din jævla pakkis.", "Hele oppgangen stinker av svartinger.",
                   "Ingen vil ha en homse-jævel på laget.", "Typisk en neger å stjele sykler.",
                   "Ei sånn feit purke burde ikke vise seg på stranda.", "Mongo-ungene burde gå på en skole langt herfra.",
                   "Hele bussen var full av pakkiser og sigøynerpakk.", "Den transfreaken skal ikke bruke dametoalettet.",
                   "Se på alle svartingene som henger utenfor senteret.", "Sånne homser skal ikke få adoptere barn.",
                   "Muslimpakket skal ikke bygge flere moskeer her."],
        "slur_reclaimed_nh": ["Vi lesber har vår egen kaffeklubb på fredager.", "Som skeiv i en liten by blir man ganske tøff.",
                              "Kompisen min kaller seg selv stolt homse og elsker det.", "Vi homser har alltid hatt Pride som vår fest.",
                              "Jeg er krøpling og stolt av det, sier aktivisten i rullestol.", "Lesbe og stolt, står det på genseren min.",
                              "Vi skeive har filmkveld i helgen, alle er velkomne.", "Som tjukk jente har jeg sluttet å be om unnskyldning for kroppen min.",
                              "Vi jentene i koret har det morsomst av alle.", "Jeg og de andre homsene på laget ler av det nå."],
        "profanity_nh": ["Faen så god denne kaffen er!", "Jævlar for en kamp i går!", "Helvete, jeg glemte nøklene hjemme igjen.",
                         "Drit i det, vi tar neste buss.", "Faen så kaldt det er i dag.", "Jævla regn, nå ble jeg våt igjen.",
                         "Det var jævlig bra spilt av laget.", "Å faen, mobilen døde midt i samtalen.",
                         "Faen, jeg rakk ikke siste tog.", "Helvetes snø, bilen vil ikke starte."],
        "target_obj_nh": ["Jeg hater denne telefonen, den er helt ubrukelig.", "Blomkål er det ekleste som finnes.",
                          "Den nye appen er søppel og burde fjernes.", "Denne sofaen er så stygg at jeg blir kvalm.",
                          "Skolematen i dag var rent grisefôr.", "Jeg avskyr mandager.", "Den skriveren burde kastes på fyllinga.",
                          "Den filmen var totalt meningsløs.", "De gamle datamaskinene våre er en haug med skrap.", "Jeg orker ikke den sangen."],
        "target_indiv_nh": ["Du er en patetisk liten idiot.", "Jeg hater deg, du er helt ubrukelig.", "Hold kjeft, din jævla klovn.",
                            "Du er så dum at det gjør vondt.", "Ingen bryr seg om hva du mener, din tulling.", "Stikk, din taper.",
                            "Du er det mest irriterende rasshølet på hele forumet.", "For en hjernedød kommentar, du er en skam.",
                            "Gå og legg deg, ditt fjols.", "Du er et ekkelt svin og det vet alle."],
        "target_group_nh": ["Alle politikere er korrupte svin.", "Parkeringsvakter er samfunnets parasitter.",
                            "Jeg hater fotballhooligans, de er avskum.", "Eiendomsmeglere er løgnere alle sammen.",
                            "Bilselgere er de verste kjeltringene som finnes.", "Alle influencere er hjernedøde og overfladiske.",
                            "Journalister er ubrukelige pennefektere.", "Gamere som jukser er patetiske rotter.",
                            "Alle som kjører sparkesykkel på fortauet er idioter.", "Mobberne i tiende er noen ekle feiginger."],
    },
    "en": {
        "slur_h": ["Go back to the desert you fucking towelhead.", "The whole stairwell stinks of wetbacks.",
                   "Nobody wants a faggot on the team.", "Typical nigger, stealing bikes again.",
                   "A fat pig like her shouldn't show herself at the beach.", "Those retards should be in a school far away from here.",
                   "The whole bus was full of chinks and gypsy scum.", "That tranny shouldn't be allowed in the ladies' toilet.",
                   "Look at all the spics hanging around the mall.", "Dykes like that shouldn't be allowed to adopt kids.",
                   "No more mosques for the ragheads around here."],
        "slur_reclaimed_nh": ["Us dykes have our own coffee club on Fridays.", "Being queer in a small town makes you pretty tough.",
                              "My friend calls himself a proud fag and loves it.", "We queers have always had Pride as our party.",
                              "I'm a crip and proud of it, says the activist in a wheelchair.", "Dyke and proud, says my hoodie.",
                              "Us queers are having a movie night this weekend, everyone's welcome.",
                              "As a fat girl I've stopped apologising for my body.", "We gays in the choir have the most fun of all.",
                              "Me and the other queer lads on the team just laugh about it now."],
        "profanity_nh": ["Fuck, this coffee is good!", "Holy shit, what a game last night!", "Damn it, I forgot my keys at home again.",
                         "Screw it, we'll take the next bus.", "Bloody hell it's cold out today.", "Shitty rain, now I'm soaked again.",
                         "That was a damn good performance by the team.", "Oh crap, my phone died mid-call.",
                         "Fuck me, I missed the last train.", "Goddamn snow, the car won't start."],
        "target_obj_nh": ["I hate this phone, it's completely useless.", "Cauliflower is the most disgusting thing there is.",
                          "The new app is garbage and should be deleted.", "This sofa is so ugly it makes me sick.",
                          "The school lunch today was pig food.", "I loathe Mondays.", "That printer belongs in the landfill.",
                          "That film was utterly pointless.", "Our old computers are a pile of junk.", "I can't stand that song."],
        "target_indiv_nh": ["You are a pathetic little idiot.", "I hate you, you're totally useless.", "Shut up, you bloody clown.",
                            "You're so dumb it hurts.", "Nobody cares what you think, moron.", "Get lost, you loser.",
                            "You're the most annoying asshole on this whole forum.", "What a braindead comment, you're a disgrace.",
                            "Go to bed, you fool.", "You are a disgusting pig and everyone knows it."],
        "target_group_nh": ["All politicians are corrupt pigs.", "Traffic wardens are the parasites of society.",
                            "I hate football hooligans, they're scum.", "Estate agents are liars, every one of them.",
                            "Car salesmen are the worst crooks there are.", "All influencers are braindead and shallow.",
                            "Journalists are useless hacks.", "Gamers who cheat are pathetic rats.",
                            "Everyone who rides e-scooters on the pavement is an idiot.", "The bullies in year nine are disgusting cowards."],
    },
}  # fmt: skip

# Hateful sentences for the spelling variations: (before, key word, after). Each is perturbed
# once per spelling functionality (on the key word, or around it for missing word boundaries).
SPELL_BASES: dict[str, list[tuple[str, str, str]]] = {
    "sv": [("Jag", "hatar", "muslimer."), ("Invandrare är", "parasiter", "allihop."), ("Alla", "bögar", "borde dö."),
           ("Kvinnor är", "värdelösa", "och dumma."), ("Svarta är", "apor", "och inget annat."),
           ("Jag", "avskyr", "transpersoner."), ("Funktionshindrade är", "äckliga", "och borde gömmas undan."),
           ("Judar är", "ohyra", "som ska bort."), ("Skjut alla", "invandrare", "nu."),
           ("De", "blattarna", "ska ut ur landet."), ("Homosexuella är", "sjuka", "i huvudet.")],
    "da": [("Jeg", "hader", "muslimer."), ("Indvandrere er", "parasitter", "allesammen."), ("Alle", "bøsser", "burde dø."),
           ("Kvinder er", "ubrugelige", "og dumme."), ("Sorte er", "aber", "og intet andet."),
           ("Jeg", "afskyr", "transpersoner."), ("Handicappede er", "ulækre", "og burde gemmes væk."),
           ("Jøder er", "utøj", "der skal væk."), ("Skyd alle", "indvandrere", "nu."),
           ("De", "perkere", "skal ud af landet."), ("Homoseksuelle er", "syge", "i hovedet.")],
    "nb": [("Jeg", "hater", "muslimer."), ("Innvandrere er", "parasitter", "alle sammen."), ("Alle", "homser", "burde dø."),
           ("Kvinner er", "verdiløse", "og dumme."), ("Svarte er", "aper", "og ingenting annet."),
           ("Jeg", "avskyr", "transpersoner."), ("Funksjonshemmede er", "ekle", "og burde gjemmes bort."),
           ("Jøder er", "utøy", "som må bort."), ("Skyt alle", "innvandrere", "nå."),
           ("De", "pakkisene", "skal ut av landet."), ("Homofile er", "syke", "i hodet.")],
    "en": [("I", "hate", "Muslims."), ("Immigrants are", "parasites", "all of them."), ("All", "faggots", "should die."),
           ("Women are", "worthless", "and stupid."), ("Black people are", "apes", "and nothing more."),
           ("I", "despise", "trans people."), ("Disabled people are", "disgusting", "and should be hidden away."),
           ("Jews are", "vermin", "that must go."), ("Shoot all", "immigrants", "now."),
           ("Those", "niggers", "need to leave the country."), ("Gay people are", "sick", "in the head.")],
}  # fmt: skip

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}


def _leet(word: str, i: int) -> str:
    """One or two letters swapped for look-alike digits ("h4te", "n1gg3rs"), as people write."""
    spots = [k for k, ch in enumerate(word) if ch in _LEET]
    chosen = spots[: 1 + i % 2]
    return "".join(_LEET[ch] if k in chosen else ch for k, ch in enumerate(word))


def _swap(word: str, i: int) -> str:
    k = 1 + i % max(len(word) - 2, 1)  # swap letters k and k+1, never the first
    k = min(k, len(word) - 2)
    while word[k] == word[k + 1] and k > 1:  # swapping "mm" would change nothing
        k -= 1
    return word[:k] + word[k + 1] + word[k] + word[k + 2 :]


def _delete(word: str, i: int) -> str:
    k = 1 + i % max(len(word) - 2, 1)
    return word[:k] + word[k + 1 :]


def _spaced(word: str, i: int) -> str:
    if i % 2 == 0:
        return " ".join(word)  # "h a t e"
    k = len(word) // 2
    return word[:k] + " " + word[k:]  # "ha te"


def spelling_cases(before: str, key: str, after: str, i: int) -> dict[str, str]:
    return {
        "spell_char_swap_h": f"{before} {_swap(key, i)} {after}",
        "spell_char_del_h": f"{before} {_delete(key, i)} {after}",
        "spell_space_del_h": f"{before}{key}{after}" if i % 2 else f"{before} {key}{after}",
        "spell_space_add_h": f"{before} {_spaced(key, i)} {after}",
        "spell_leet_h": f"{before} {_leet(key, i)} {after}",
    }


def build(lang: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for functionality, label in FUNCTIONALITIES.items():
        texts: list[str] = []
        for template in TEMPLATES[lang].get(functionality, []):
            for group in GROUPS[lang]:
                texts.append(template.format(g=group, G=group[0].upper() + group[1:]))
        texts.extend(FIXED[lang].get(functionality, []))
        if functionality in SPELLING:
            for i, (before, key, after) in enumerate(SPELL_BASES[lang]):
                texts.append(spelling_cases(before, key, after, i)[functionality])
        rows.extend({"functionality": functionality, "text": t, "label": label} for t in texts)
    return rows


def main() -> None:
    for lang in GROUPS:
        rows = build(lang)
        with (HERE / f"{lang}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
