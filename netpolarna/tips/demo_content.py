"""Demo tips in sv, da, nb and en: real advice the net-walkers can publish as they are.

(slug, topic, {lang: (title, summary, markdown body)})
"""

from __future__ import annotations

DEMO_TIPS: list[tuple[str, str, dict[str, tuple[str, str, str]]]] = [
    (
        "when-a-pile-on-starts",
        "pile_ons",
        {
            "sv": (
                "När ett drev drar igång",
                "Många ger sig på en person samtidigt. Så skyddar du dig själv eller någon annan.",
                """
Ett **drev** är när många personer ger sig på en och samma person på nätet, ofta
väldigt snabbt. Det kan börja med en skärmdump, ett klipp eller ett rykte.

## Om det händer dig
- **Svara inte** mitt i stormen. Det brukar ge drevet mer bränsle.
- **Spara bevis**: ta skärmdumpar där namn, datum och länk syns.
- **Stäng av kommentarer**, gör kontot privat en tid och blockera dem som är värst.
- **Anmäl** inläggen till plattformen och berätta för oss i appen.
- **Prata med någon** du litar på. Du behöver inte klara det här själv.

## Om du ser det hända någon annan
- Gilla, dela eller kommentera inte inläggen som hänger ut någon.
- Skriv privat till personen: *"Jag såg vad som händer. Hur mår du?"*
- Anmäl det du ser. Ju fler som anmäler, desto snabbare brukar det tas bort.

Ett drev tar nästan alltid slut efter några dagar, även om det inte känns så just då.
""",
            ),
            "da": (
                "Når en shitstorm går i gang",
                "Mange går efter én person på samme tid. Sådan passer du på dig selv eller andre.",
                """
En **shitstorm** er, når mange mennesker går efter den samme person på nettet,
ofte meget hurtigt. Den kan starte med et screenshot, et klip eller et rygte.

## Hvis det sker for dig
- **Svar ikke** midt i stormen. Det giver den som regel mere luft.
- **Gem beviser**: tag screenshots, hvor navn, dato og link kan ses.
- **Slå kommentarer fra**, gør din profil privat et stykke tid og bloker de værste.
- **Anmeld** opslagene til platformen, og fortæl os om det i appen.
- **Tal med nogen**, du stoler på. Du skal ikke klare det alene.

## Hvis du ser det ske for en anden
- Lad være med at like, dele eller kommentere opslag, der hænger nogen ud.
- Skriv privat til personen: *"Jeg så, hvad der sker. Hvordan har du det?"*
- Anmeld det, du ser. Jo flere der anmelder, jo hurtigere bliver det ofte fjernet.

En shitstorm stopper næsten altid efter nogle dage, også selvom det ikke føles sådan lige nu.
""",
            ),
            "nb": (
                "Når netthetsen tar av",
                "Mange går løs på én person samtidig. Slik beskytter du deg selv eller andre.",
                """
**Netthets** i flokk er når mange går løs på den samme personen på nettet, ofte
veldig raskt. Det kan starte med et skjermbilde, et klipp eller et rykte.

## Hvis det skjer deg
- **Ikke svar** midt i stormen. Det gir den som regel mer fart.
- **Ta vare på bevis**: ta skjermbilder der navn, dato og lenke synes.
- **Skru av kommentarer**, gjør profilen privat en stund og blokker de verste.
- **Rapporter** innleggene til plattformen, og si fra til oss i appen.
- **Snakk med noen** du stoler på. Du skal ikke stå i dette alene.

## Hvis du ser det skje med noen andre
- Ikke lik, del eller kommenter innlegg som henger ut noen.
- Skriv privat til personen: *"Jeg så hva som skjer. Hvordan har du det?"*
- Rapporter det du ser. Jo flere som rapporterer, jo raskere blir det ofte fjernet.

Hets i flokk går nesten alltid over etter noen dager, selv om det ikke føles sånn akkurat nå.
""",
            ),
            "en": (
                "When a pile-on starts",
                "Many people go after one person at once. How to protect yourself or someone else.",
                """
A **pile-on** is when lots of people go after the same person online, often very
fast. It can start with a screenshot, a clip or a rumour.

## If it happens to you
- **Don't reply** in the middle of the storm. It usually adds fuel.
- **Keep evidence**: take screenshots that show names, dates and the link.
- **Turn off comments**, make your account private for a while and block the worst.
- **Report** the posts to the platform and tell us in the app.
- **Talk to someone** you trust. You don't have to handle this alone.

## If you see it happening to someone else
- Don't like, share or comment on posts that single someone out.
- Message the person privately: *"I saw what's going on. How are you doing?"*
- Report what you see. The more people report, the faster it usually comes down.

A pile-on nearly always dies down within a few days, even if it doesn't feel like it now.
""",
            ),
        },
    ),
    (
        "how-to-report-on-instagram-tiktok-snapchat-discord",
        "reporting",
        {
            "sv": (
                "Så anmäler du på Instagram, TikTok, Snapchat och Discord",
                "Steg för steg: anmäl inlägg, kommentarer och konton, och spara bevis först.",
                """
**Spara bevis först.** Ta en skärmdump där namn, datum och innehåll syns och kopiera
länken. Anmälan är anonym: den du anmäler får inte veta att det var du.

## Instagram
- Inlägg eller profil: tryck på **de tre prickarna (…)** och välj **Anmäl**.
- Kommentar: svep åt vänster på kommentaren (iPhone) eller håll fingret på den
  (Android) och tryck på utropstecknet.
- Tips: **Begränsa** gör att personens kommentarer bara syns för hen själv.

## TikTok
- Video: håll fingret på videon eller tryck på **Dela** och välj **Anmäl**.
- Kommentar: håll fingret på kommentaren och välj **Anmäl**.
- Konto: gå till profilen, tryck på **…** och välj **Anmäl**.

## Snapchat
- Snap eller berättelse: håll fingret på den och välj **Anmäl Snap**.
- Konto: håll fingret på namnet, välj mer och sedan **Anmäl**. Blockera samtidigt.

## Discord
- Meddelande: högerklicka (dator) eller håll fingret på det (mobil) och välj
  **Anmäl meddelande**.
- Berätta också för serverns moderatorer, de kan ofta agera snabbare.

Händer inget? Skicka in det till oss i appen, så följer vi upp.
""",
            ),
            "da": (
                "Sådan anmelder du på Instagram, TikTok, Snapchat og Discord",
                "Trin for trin: anmeld opslag, kommentarer og profiler, og gem beviser først.",
                """
**Gem beviser først.** Tag et screenshot, hvor navn, dato og indhold kan ses, og
kopiér linket. Anmeldelsen er anonym: den, du anmelder, får ikke at vide, at det var dig.

## Instagram
- Opslag eller profil: tryk på **de tre prikker (…)** og vælg **Anmeld**.
- Kommentar: stryg til venstre på kommentaren (iPhone) eller hold fingeren på den
  (Android), og tryk på udråbstegnet.
- Tip: **Begræns** gør, at personens kommentarer kun kan ses af personen selv.

## TikTok
- Video: hold fingeren på videoen eller tryk på **Del**, og vælg **Anmeld**.
- Kommentar: hold fingeren på kommentaren og vælg **Anmeld**.
- Profil: gå til profilen, tryk på **…** og vælg **Anmeld**.

## Snapchat
- Snap eller historie: hold fingeren på den og vælg **Anmeld Snap**.
- Profil: hold fingeren på navnet, vælg mere og derefter **Anmeld**. Bloker samtidig.

## Discord
- Besked: højreklik (computer) eller hold fingeren på den (mobil), og vælg
  **Anmeld besked**.
- Fortæl også serverens moderatorer om det. De kan ofte handle hurtigere.

Sker der ikke noget? Send det til os i appen, så følger vi op.
""",
            ),
            "nb": (
                "Slik rapporterer du på Instagram, TikTok, Snapchat og Discord",
                "Steg for steg: rapporter innlegg, kommentarer og profiler, og ta vare på "
                "bevis først.",
                """
**Ta vare på bevis først.** Ta et skjermbilde der navn, dato og innhold synes, og
kopier lenken. Rapporten er anonym: den du rapporterer, får ikke vite at det var deg.

## Instagram
- Innlegg eller profil: trykk på **de tre prikkene (…)** og velg **Rapporter**.
- Kommentar: sveip til venstre på kommentaren (iPhone) eller hold fingeren på den
  (Android), og trykk på utropstegnet.
- Tips: **Begrens** gjør at personens kommentarer bare synes for personen selv.

## TikTok
- Video: hold fingeren på videoen eller trykk på **Del**, og velg **Rapporter**.
- Kommentar: hold fingeren på kommentaren og velg **Rapporter**.
- Profil: gå til profilen, trykk på **…** og velg **Rapporter**.

## Snapchat
- Snap eller historie: hold fingeren på den og velg **Rapporter snap**.
- Profil: hold fingeren på navnet, velg mer og deretter **Rapporter**. Blokker samtidig.

## Discord
- Melding: høyreklikk (PC) eller hold fingeren på den (mobil), og velg
  **Rapporter melding**.
- Si også fra til moderatorene på serveren. De kan ofte handle raskere.

Skjer det ingenting? Send det til oss i appen, så følger vi opp.
""",
            ),
            "en": (
                "How to report on Instagram, TikTok, Snapchat and Discord",
                "Step by step: report posts, comments and accounts, and keep evidence first.",
                """
**Keep evidence first.** Take a screenshot that shows the name, date and content, and
copy the link. Reports are anonymous: the person you report is not told it was you.

## Instagram
- Post or profile: tap **the three dots (…)** and choose **Report**.
- Comment: swipe left on it (iPhone) or press and hold it (Android), then tap the
  exclamation mark.
- Tip: **Restrict** makes that person's comments visible only to themselves.

## TikTok
- Video: press and hold the video, or tap **Share**, and choose **Report**.
- Comment: press and hold the comment and choose **Report**.
- Account: open the profile, tap **…** and choose **Report**.

## Snapchat
- Snap or Story: press and hold it and choose **Report Snap**.
- Account: press and hold the name, tap more, then **Report**. Block them too.

## Discord
- Message: right-click it (computer) or press and hold it (phone) and choose
  **Report Message**.
- Tell the server's moderators as well; they can often act faster.

Nothing happens? Send it to us in the app and we will follow it up.
""",
            ),
        },
    ),
    (
        "supporting-a-friend",
        "supporting_a_friend",
        {
            "sv": (
                "Så stöttar du en kompis som blir utsatt",
                "Du behöver inte ha svaren. Att höra av sig gör stor skillnad.",
                """
Den som blir hängd ut eller hotad på nätet känner sig ofta helt ensam. Det viktigaste
du kan göra är att visa att du finns där.

1. **Hör av dig privat.** *"Jag såg det där. Det är inte okej. Hur mår du?"*
2. **Lyssna** mer än du pratar. Säg inte att hen ska strunta i det.
3. **Fråga vad hen vill** innan du gör något. Det är hens situation.
4. **Hjälp till att spara bevis** och att anmäla inläggen.
5. **Gå inte in i bråket** åt hen. Att hänga ut den som hänger ut gör det oftast värre.
6. **Föreslå en vuxen**: en förälder, kurator, lärare eller oss på Nätpolarna. Erbjud dig att
   följa med.

Om din kompis pratar om att skada sig själv eller är i fara: ring **112**. BRIS når du på
**116 111**.

Glöm inte dig själv. Det är tungt att stötta någon, och du får också prata med en vuxen.
""",
            ),
            "da": (
                "Sådan støtter du en ven, der bliver ramt",
                "Du behøver ikke have svarene. Det betyder meget bare at række ud.",
                """
Den, der bliver hængt ud eller truet på nettet, føler sig ofte helt alene. Det
vigtigste, du kan gøre, er at vise, at du er der.

1. **Skriv privat.** *"Jeg så det. Det er ikke okay. Hvordan har du det?"*
2. **Lyt** mere, end du taler. Sig ikke, at de bare skal lade være med at tage sig af det.
3. **Spørg, hvad de vil**, før du gør noget. Det er deres situation.
4. **Hjælp med at gemme beviser** og anmelde opslagene.
5. **Gå ikke ind i konflikten** for dem. At hænge den anden ud gør det som regel værre.
6. **Foreslå en voksen**: en forælder, AKT-lærer, lærer eller os i Nätpolarna. Tilbyd at gå
   med.

Hvis din ven taler om at gøre skade på sig selv eller er i fare: ring **112**. Børnetelefonen
har nummer **116 111**.

Husk også dig selv. Det er hårdt at støtte nogen, og du må også tale med en voksen.
""",
            ),
            "nb": (
                "Slik støtter du en venn som blir rammet",
                "Du trenger ikke ha svarene. Det betyr mye bare å ta kontakt.",
                """
Den som blir hengt ut eller truet på nettet, føler seg ofte helt alene. Det viktigste
du kan gjøre, er å vise at du er der.

1. **Ta kontakt privat.** *"Jeg så det. Det er ikke greit. Hvordan har du det?"*
2. **Lytt** mer enn du snakker. Ikke si at vennen bare skal overse det.
3. **Spør hva vennen vil** før du gjør noe. Det er deres situasjon.
4. **Hjelp til med å ta vare på bevis** og rapportere innleggene.
5. **Ikke gå inn i krangelen** for dem. Å henge ut den andre gjør det som regel verre.
6. **Foreslå en voksen**: en forelder, kontaktlærer, helsesykepleier eller oss i Nätpolarna.
   Tilby å bli med.

Hvis vennen din snakker om å skade seg selv eller er i fare: ring **112**. Alarmtelefonen for
barn og unge har nummer **116 111**.

Husk deg selv også. Det er tungt å støtte noen, og du kan også snakke med en voksen.
""",
            ),
            "en": (
                "How to support a friend who is being targeted",
                "You don't need the answers. Reaching out makes a real difference.",
                """
Someone who is being singled out or threatened online often feels completely alone.
The most important thing you can do is show that you are there.

1. **Reach out privately.** *"I saw that. It's not OK. How are you doing?"*
2. **Listen** more than you talk. Don't tell them to just ignore it.
3. **Ask what they want** before you do anything. It is their situation.
4. **Help keep evidence** and report the posts.
5. **Don't join the fight** for them. Going after the attacker usually makes it worse.
6. **Suggest an adult**: a parent, school counsellor, teacher or us at Nätpolarna. Offer to go
   with them.

If your friend talks about hurting themselves or is in danger: call **112**. BRIS (Sweden),
Børnetelefonen (Denmark) and Alarmtelefonen (Norway) all answer on **116 111**.

Look after yourself too. Supporting someone is hard, and you can talk to an adult as well.
""",
            ),
        },
    ),
    (
        "critique-or-hate",
        "critique_vs_hate",
        {
            "sv": (
                "Kritik eller hat: var går gränsen?",
                "Det är okej att tycka olika. Det är inte okej att ge sig på vem någon är.",
                """
**Kritik** handlar om vad någon *säger eller gör*. **Hat** handlar om vem någon *är*:
ursprung, hudfärg, religion, sexualitet, könsidentitet, funktionsnedsättning eller utseende.

## Fråga dig själv
- Handlar det om en åsikt eller en handling, eller om personen själv?
- Skulle det sägas till någon annan som gjorde samma sak?
- Är syftet att diskutera, eller att få någon att skämmas, bli rädd eller tystna?

## Exempel
- Kritik: *"Jag tycker din video var dåligt research:ad."*
- Hat: *"Sådana som du borde inte få finnas här."*

Att uttrycka hot eller missaktning mot en grupp för deras ursprung, tro eller sexuella
läggning kan vara brottet **hets mot folkgrupp**. Hot mot en person är också ett brott.

Du får ha starka åsikter. Säg emot sakligt och utan att gå på personen, så blir samtalet
bättre för alla.
""",
            ),
            "da": (
                "Kritik eller had: hvor går grænsen?",
                "Det er okay at være uenig. Det er ikke okay at gå efter, hvem nogen er.",
                """
**Kritik** handler om, hvad nogen *siger eller gør*. **Had** handler om, hvem nogen
*er*: oprindelse, hudfarve, religion, seksualitet, kønsidentitet, handicap eller udseende.

## Spørg dig selv
- Handler det om en holdning eller en handling, eller om personen selv?
- Ville det blive sagt til en anden, der gjorde det samme?
- Er formålet at diskutere, eller at få nogen til at skamme sig, blive bange eller tie?

## Eksempler
- Kritik: *"Jeg synes, din video var dårligt researchet."*
- Had: *"Sådan nogle som dig burde ikke være her."*

At true, håne eller nedværdige en gruppe på grund af deres oprindelse, tro eller seksuelle
orientering kan være strafbart efter **straffelovens § 266 b**. Trusler mod en person er også
strafbare.

Du må gerne have stærke holdninger. Sig imod sagligt og uden at gå efter personen, så bliver
samtalen bedre for alle.
""",
            ),
            "nb": (
                "Kritikk eller hat: hvor går grensen?",
                "Det er lov å være uenig. Det er ikke greit å gå løs på hvem noen er.",
                """
**Kritikk** handler om hva noen *sier eller gjør*. **Hat** handler om hvem noen *er*:
opprinnelse, hudfarge, religion, seksualitet, kjønnsidentitet, funksjonsnedsettelse eller
utseende.

## Spør deg selv
- Handler det om en mening eller en handling, eller om personen selv?
- Ville det blitt sagt til en annen som gjorde det samme?
- Er målet å diskutere, eller å få noen til å skamme seg, bli redd eller tie?

## Eksempler
- Kritikk: *"Jeg synes videoen din var dårlig researchet."*
- Hat: *"Sånne som deg burde ikke få være her."*

Hatefulle ytringer mot noen på grunn av hudfarge, religion, seksuell orientering,
kjønnsidentitet eller funksjonsnedsettelse kan være straffbare etter **straffeloven § 185**.
Trusler er også straffbare.

Du kan ha sterke meninger. Si imot saklig og uten å gå på personen, så blir samtalen bedre
for alle.
""",
            ),
            "en": (
                "Critique or hate: where is the line?",
                "Disagreeing is fine. Going after who someone is, is not.",
                """
**Critique** is about what someone *says or does*. **Hate** is about who someone *is*:
their origin, skin colour, religion, sexuality, gender identity, disability or looks.

## Ask yourself
- Is it about an opinion or an action, or about the person themselves?
- Would it be said to someone else who did the same thing?
- Is the aim to discuss, or to make someone ashamed, scared or silent?

## Examples
- Critique: *"I think your video was badly researched."*
- Hate: *"People like you shouldn't be allowed here."*

In Sweden, Denmark and Norway, hate speech against people because of their origin, religion
or sexual orientation can be a crime, and so are threats against a person.

Strong opinions are allowed. Push back on the argument, not the person, and the conversation
gets better for everyone.
""",
            ),
        },
    ),
    (
        "protect-your-privacy",
        "privacy",
        {
            "sv": (
                "Skydda ditt privatliv på nätet",
                "Fem inställningar som gör det svårare för någon att hänga ut eller hitta dig.",
                """
1. **Privat konto.** Då ser bara dem du godkänner dina bilder och inlägg.
2. **Dela inte var du är.** Stäng av platsdelning, till exempel med *spökläge* på Snap Map,
   och lägg inte upp bilder där skolan, adressen eller busshållplatsen syns.
3. **Starka lösenord och tvåstegsverifiering.** Ett unikt lösenord för varje app. Dela aldrig
   koder, inte ens med en kompis.
4. **Tänk innan du skickar bilder.** Det som skickas kan sparas och spridas, även i appar där
   bilder "försvinner". Att sprida någons nakenbild är ett brott, och det är aldrig ditt fel om
   någon sprider din.
5. **Rensa bland följare** och kolla vilka appar som har tillgång till ditt konto.

Har någon lagt ut något om dig? Spara bevis och anmäl det till plattformen och till oss. Bilder
du skickar till Nätpolarna rensas från platsuppgifter innan de sparas.
""",
            ),
            "da": (
                "Beskyt dit privatliv på nettet",
                "Fem indstillinger, der gør det sværere for nogen at hænge dig ud eller finde dig.",
                """
1. **Privat profil.** Så kan kun dem, du godkender, se dine billeder og opslag.
2. **Del ikke, hvor du er.** Slå placeringsdeling fra, for eksempel med *spøgelsestilstand* på
   Snap Map, og læg ikke billeder op, hvor din skole, adresse eller dit busstoppested kan ses.
3. **Stærke adgangskoder og totrinsbekræftelse.** En unik adgangskode til hver app. Del aldrig
   koder, heller ikke med en ven.
4. **Tænk, før du sender billeder.** Det, du sender, kan gemmes og deles, også i apps hvor
   billeder "forsvinder". Det er ulovligt at dele andres nøgenbilleder, og det er aldrig din
   skyld, hvis nogen deler dit.
5. **Ryd op i følgere**, og tjek hvilke apps der har adgang til din konto.

Har nogen lagt noget ud om dig? Gem beviser, og anmeld det til platformen og til os. Billeder,
du sender til Nätpolarna, bliver renset for placeringsdata, før de gemmes.
""",
            ),
            "nb": (
                "Beskytt personvernet ditt på nettet",
                "Fem innstillinger som gjør det vanskeligere for noen å henge deg ut eller "
                "finne deg.",
                """
1. **Privat profil.** Da ser bare de du godkjenner bildene og innleggene dine.
2. **Ikke del hvor du er.** Skru av posisjonsdeling, for eksempel med *spøkelsesmodus* på Snap
   Map, og ikke legg ut bilder der skolen, adressen eller bussholdeplassen din synes.
3. **Sterke passord og totrinnsbekreftelse.** Et eget passord for hver app. Del aldri koder,
   heller ikke med en venn.
4. **Tenk før du sender bilder.** Det du sender, kan lagres og deles, også i apper der bilder
   "forsvinner". Å dele andres nakenbilder er straffbart, og det er aldri din skyld hvis noen
   deler ditt.
5. **Rydd i følgere**, og sjekk hvilke apper som har tilgang til kontoen din.

Har noen lagt ut noe om deg? Ta vare på bevis, og rapporter det til plattformen og til oss.
Bilder du sender til Nätpolarna, blir renset for posisjonsdata før de lagres.
""",
            ),
            "en": (
                "Protect your privacy online",
                "Five settings that make it harder for anyone to single you out or find you.",
                """
1. **Private account.** Then only people you approve see your photos and posts.
2. **Don't share where you are.** Turn off location sharing, for example with *Ghost Mode* on
   Snap Map, and don't post photos that show your school, address or bus stop.
3. **Strong passwords and two-step verification.** A different password for every app. Never
   share codes, not even with a friend.
4. **Think before you send pictures.** What you send can be saved and spread, even in apps
   where pictures "disappear". Sharing someone's nude image is a crime, and it is never your
   fault if someone shares yours.
5. **Clean up your followers** and check which apps can access your account.

Has someone posted something about you? Keep evidence and report it to the platform and to
us. Pictures you send to Nätpolarna have their location data removed before they are stored.
""",
            ),
        },
    ),
    (
        "dont-feed-the-trolls",
        "trolls",
        {
            "sv": (
                "Mata inte trollen",
                "Troll vill ha reaktioner. Så tar du udden av dem.",
                """
Ett **troll** skriver för att provocera: ju argare svar, desto bättre för trollet.

- **Svara inte trollet.** Tystnad är tråkig för den som vill ha bråk.
- **Blockera eller tysta** kontot. Du är inte skyldig någon din uppmärksamhet.
- **Anmäl** om det är hat, hot eller trakasserier.
- **Stötta den som blir utsatt** i stället: en vänlig kommentar till hen syns mer än ett
  argt svar till trollet.
- Vill du säga emot? Gör det **lugnt och sakligt**, en gång, för dem som läser, inte för
  trollet.

Känns det som att samma konto förföljer dig? Spara bevis och berätta för oss.
""",
            ),
            "da": (
                "Giv ikke trollene mad",
                "Trolde vil have reaktioner. Sådan tager du luften ud af dem.",
                """
En **trold** skriver for at provokere: jo vredere svar, jo bedre for trolden.

- **Svar ikke trolden.** Stilhed er kedeligt for den, der vil have ballade.
- **Bloker eller skjul** profilen. Du skylder ikke nogen din opmærksomhed.
- **Anmeld** det, hvis det er had, trusler eller chikane.
- **Støt den, der bliver ramt**, i stedet: en venlig kommentar til dem fylder mere end et
  vredt svar til trolden.
- Vil du sige imod? Gør det **roligt og sagligt**, én gang, for dem der læser med, ikke for
  trolden.

Føles det, som om den samme profil forfølger dig? Gem beviser og fortæl os om det.
""",
            ),
            "nb": (
                "Ikke mat trollene",
                "Troll vil ha reaksjoner. Slik tar du luften ut av dem.",
                """
Et **troll** skriver for å provosere: jo sintere svar, jo bedre for trollet.

- **Ikke svar trollet.** Stillhet er kjedelig for den som vil ha bråk.
- **Blokker eller demp** kontoen. Du skylder ingen oppmerksomheten din.
- **Rapporter** hvis det er hat, trusler eller trakassering.
- **Støtt den som blir rammet** i stedet: en vennlig kommentar til dem synes mer enn et
  sint svar til trollet.
- Vil du si imot? Gjør det **rolig og saklig**, én gang, for dem som leser, ikke for
  trollet.

Føles det som om den samme kontoen forfølger deg? Ta vare på bevis og si fra til oss.
""",
            ),
            "en": (
                "Don't feed the trolls",
                "Trolls want a reaction. Here is how to take the air out of them.",
                """
A **troll** posts to provoke: the angrier the replies, the happier the troll.

- **Don't reply to the troll.** Silence is boring for someone who wants a fight.
- **Block or mute** the account. You don't owe anyone your attention.
- **Report** it if it is hate, threats or harassment.
- **Support the person being targeted** instead: a kind comment to them counts for more than
  an angry reply to the troll.
- Want to push back? Do it **calmly and to the point**, once, for the people reading, not
  for the troll.

Does it feel like the same account is following you around? Keep evidence and tell us.
""",
            ),
        },
    ),
]
