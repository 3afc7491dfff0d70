"""Invented French content of the demo cycle: verbatims by theme, notes, flags, exercise answers.

Everything here is fictitious and already pseudonymised: participants are codes (P03), other names
are category tags ([PRÉNOM]). `{other}` in a text is replaced by another participant's code.
"""

from __future__ import annotations

# theme id -> spoken-style lines (what the observer typed, pseudonymised)
VERBATIMS: dict[str, list[str]] = {
    "craving": [
        "Le craving, chez moi ça monte d'un coup, genre le vendredi vers 18h, et là c'est dur",
        "J'ai eu une envie énorme mardi, j'ai surfé dessus comme on a dit, ça a duré vingt minutes",
        "C'est pas l'envie du produit en fait, c'est l'envie de l'ambiance, du plan",
        "Quand je vois la notif de l'appli, j'ai déjà le goût dans la bouche",
        "L'envie elle passe, je le sais maintenant, mais sur le moment on y croit pas",
        "J'ai noté mes envies dans le journal : 8 sur 10 au début, 3 à la fin",
        "Le plus dur c'est la nuit, je me réveille et j'y pense direct",
        "Je me suis dit : c'est une vague, je la regarde passer. Et ça a marché, cette fois",
        "Rien que d'en parler là, j'ai le cœur qui s'accélère",
        "Mon envie elle est à 6 là maintenant, juste en écoutant {other}",
    ],
    "triggers": [
        "Mon déclencheur numéro un c'est l'ennui, clairement",
        "Le jour de paie, c'est systématique, l'argent est là et je pense qu'à ça",
        "Quand je suis fatigué après le boulot, je suis moins solide",
        "Les applis, c'est le piège : tu ouvres pour discuter et en dix minutes t'as un plan",
        "J'ai fait ma carte des situations à risque, et en fait y'en a partout",
        "Une dispute avec ma mère et hop, je cherche à m'échapper",
        "Le stress au travail, ça me donne envie de décompresser vite",
    ],
    "trigger_weekend": [
        "Le week-end c'est le vide, le vendredi soir je sais pas quoi faire de moi",
        "Le dimanche après-midi c'est le pire, la descente et la solitude en même temps",
        "J'ai rempli mon samedi cette fois : piscine, courses, ciné. Ça change tout",
        "Avant, mon week-end commençait le vendredi et finissait le lundi midi",
        "J'ai mis un plan B pour le samedi soir, appeler {other} si ça tangue",
        "Les week-ends prolongés, je les redoute déjà",
    ],
    "trigger_alcohol": [
        "Deux verres et je perds toutes mes bonnes résolutions",
        "L'alcool c'est la porte d'entrée, après je dis oui à tout",
        "J'ai remarqué que toutes mes rechutes ont commencé par un apéro",
        "En soirée je prends un soft maintenant, les gens s'en fichent en fait",
        "Le bar du quartier c'était mon point de départ, j'y vais plus le vendredi",
    ],
    "sexuality": [
        "Sans produit, j'ai l'impression d'être à 20 % de moi-même au lit",
        "La courbe, désir, excitation, plateau... moi je saute direct au plateau avec les produits",
        "J'ai jamais appris à avoir du désir sans rien, en fait",
        "Le sexe sous produit ça dure des heures, et sobre je me dis que c'est nul",
        "C'est bizarre de parler de cul ici, mais ça fait du bien",
        "Le désir il est là, c'est l'excitation qui vient pas sans rien",
        "Mes fantasmes sont tous liés aux plans chems, je sais pas ce qui reste sans",
    ],
    "sober_sex": [
        "J'ai eu un rapport sobre la semaine dernière, le premier depuis deux ans. J'avais peur, mais c'était doux",
        "Le sexe sobre, j'ai la trouille de pas être à la hauteur",
        "Sobre, je sens tout, même la gêne, c'est ça qui me fait peur",
        "On a pris le temps avec mon copain, sans rien, et on a beaucoup ri",
        "Je me dis que le sexe sobre ça s'apprend, comme le reste",
    ],
    "relationships": [
        "Mon copain me dit que je suis plus présent depuis quelques semaines",
        "J'ai peur de perdre mes potes si j'arrête les soirées",
        "Mon ex, [PRÉNOM], m'a écrit, et j'ai senti que c'était risqué",
        "J'aimerais juste quelqu'un avec qui me poser le dimanche",
        "Les relations sans produit, j'ai jamais vraiment connu à l'âge adulte",
        "J'ai dit à ma sœur ce que je vivais, elle a été super",
    ],
    "loneliness": [
        "La solitude c'est le vrai sujet, le produit c'est ce qui la remplit",
        "Je rentre chez moi et y'a personne, et le téléphone devient mon seul lien",
        "Ici c'est le seul endroit où je me sens pas seul avec ça",
        "Depuis que j'ai arrêté les plans, j'ai plus personne à qui écrire le soir",
        "J'ai passé Noël seul et c'était le pire moment de l'année",
    ],
    "minority_stress": [
        "Au boulot je dis pas que je suis gay, alors le lundi je mens sur mon week-end",
        "Ado, j'ai appris à me cacher, et le produit m'a permis d'arrêter de me cacher pendant quelques heures",
        "Le regard des autres, même dans le milieu, il est dur : faut être beau, musclé, performant",
        "Chez le médecin traitant, j'ose pas parler de mes pratiques",
        "Ma famille sait pas, et c'est lourd de porter ça en plus",
        "La honte, elle vient de loin, elle vient pas que des produits",
    ],
    "injection": [
        "Le slam, c'est autre chose, rien que de voir une seringue à la pharmacie ça me retourne",
        "Je regarde plus mes veines, j'ai mis des manches longues exprès",
        "J'ai jeté le matériel chez moi, c'était un grand pas",
        "Les gens qui slamment on en parle pas, même entre nous",
        "Le geste de l'injection me manque presque plus que le produit, c'est fou",
    ],
    "trauma": [
        "Y'a des choses qui se sont passées sous GHB dont je me souviens pas, et ça me hante",
        "Je me suis réveillé une fois et je savais pas ce qu'on m'avait fait",
        "J'en ai jamais parlé à personne avant aujourd'hui",
        "Le consentement, sous produit, franchement ça existait pas dans mes plans",
        "Je crois que j'ai besoin d'en parler à quelqu'un, en dehors du groupe",
    ],
    "coping": [
        "J'ai appelé {other} jeudi soir au lieu d'ouvrir l'appli, et ça m'a sauvé la soirée",
        "Je sors marcher dès que ça monte, trente minutes et ça redescend",
        "J'ai effacé les numéros, c'était dur mais nécessaire",
        "Ma stratégie c'est de pas avoir d'argent liquide sur moi le week-end",
        "Je me fais un planning le jeudi pour tout le week-end, heure par heure",
        "La respiration, j'y croyais pas, mais je la fais dans le métro maintenant",
        "Quand j'ai envie, j'écris dans le carnet, ça met de la distance",
        "Je me suis inscrit à la chorale, le samedi après-midi est pris",
    ],
    "lapse": [
        "J'ai fait un faux pas samedi, et je me suis dit : c'est foutu, autant continuer",
        "Le faux pas c'est pas la rechute, je commence à le comprendre",
        "Après le faux pas, j'ai eu tellement honte que j'ai failli pas venir aujourd'hui",
        "L'analyse en chaîne m'a montré que tout avait commencé le jeudi, pas le samedi",
        "J'ai reconsommé une fois, mais je me suis arrêté le lendemain, avant je partais trois jours",
        "Le mec m'a proposé, j'ai dit oui en une seconde, j'ai même pas réfléchi",
    ],
    "progress": [
        "Ça fait trois semaines sans rien, c'est la première fois depuis des années",
        "Je dors mieux, je mange mieux, mes collègues l'ont remarqué",
        "J'ai passé un week-end entier sobre, et j'en suis fier",
        "Je suis allé à une soirée et je suis rentré à minuit, sobre. Incroyable",
        "Mon score de craving a baissé, je le vois dans le journal",
        "Je me reconnais à nouveau dans le miroir",
    ],
    "products": [
        "La 3-MMC, au début c'était juste pour tenir plus longtemps",
        "Le G, j'ai fait un G-hole une fois, j'ai eu vraiment peur",
        "Je savais pas que le GBL et l'alcool ensemble c'était aussi dangereux",
        "La Tina, c'est celle qui m'a fait le plus de dégâts, je dormais plus",
        "La descente de cathinones, c'est trois jours de déprime pour moi",
        "On m'a jamais expliqué les doses, j'ai tout appris sur les forums",
        "La kéta, je la prenais pour redescendre, et au final j'en prenais tout le temps",
    ],
    "motivation": [
        "Je veux arrêter, mais une partie de moi veut pas, c'est ça le problème",
        "Ma raison principale c'est ma santé, j'ai vu mes analyses",
        "Sur ma balance, les inconvénients pèsent plus lourd maintenant",
        "Je suis là parce que je veux pas finir comme certains potes",
        "Je me donne 8 sur 10 d'importance, mais 4 sur 10 de confiance",
        "Honnêtement je suis pas sûr de vouloir arrêter complètement, plutôt de reprendre le contrôle",
    ],
    "community": [
        "Le milieu c'est toute ma vie sociale, c'est compliqué de m'en éloigner",
        "Les saunas, les soirées, c'est là qu'on se retrouve, mais c'est là que ça consomme",
        "J'ai découvert l'asso de santé communautaire, ils font des groupes le mardi",
        "Ça me rassure de voir qu'on est plusieurs à vivre ça",
        "Les circuit parties, j'y allais pour la musique, et j'ai fini par y aller pour le reste",
        "Dans le groupe de pairs en ligne, on a une charte, c'est rassurant <3 & bienveillant",
    ],
}

# what facilitators say, kept shorter; speaker F1..F3
FACILITATOR_LINES: list[tuple[str, str]] = [
    ("coping", "Qu'est-ce qui vous a aidé, concrètement, ce soir-là ?"),
    ("craving", "L'envie monte, atteint un pic, puis redescend : vous l'avez observé vous-même"),
    ("lapse", "Un faux pas n'efface pas le chemin parcouru"),
    ("motivation", "Sur une échelle de 0 à 10, où en êtes-vous aujourd'hui ?"),
    ("sexuality", "Le désir sans produit peut demander du temps pour revenir, c'est attendu"),
    ("progress", "Vous remarquez vous-même le changement, c'est important de le noter"),
    ("trauma", "Ce que vous décrivez mérite un espace à part ; nous pouvons en parler après la séance"),
    ("products", "Le mélange GHB/GBL et alcool augmente fortement le risque de perte de connaissance"),
]

GROUP_LINES: list[tuple[str, str]] = [
    ("community", "(rires dans le groupe) On se reconnaît tous là-dedans"),
    ("progress", "(applaudissements) Bravo !"),
    ("loneliness", "(silence prolongé, plusieurs participants hochent la tête)"),
    ("lapse", "(plusieurs participants disent avoir vécu la même chose)"),
]

OPENERS = ["", "", "", "Franchement, ", "Bon, ", "En fait, ", "Je sais pas, ", "Moi, ", "Ben, ",
           "Honnêtement, ", "Tu vois, ", "Ouais, "]
CLOSERS = ["", "", ".", ".", ".", "…", ", voilà.", ", quoi.", ", tu vois.", " [rires]", " [silence]",
           ", c'est ça."]

# themes most talked about at each session (the rest is drawn from every theme)
SESSION_THEMES: dict[int, list[str]] = {
    1: ["motivation", "products", "community", "loneliness"],
    2: ["craving", "triggers", "trigger_weekend", "coping"],
    3: ["products", "craving", "coping", "trigger_alcohol"],
    4: ["sexuality", "sober_sex", "relationships", "products"],
    5: ["sexuality", "trauma", "trigger_weekend", "minority_stress"],
    6: ["lapse", "trigger_alcohol", "coping", "trigger_weekend"],
    7: ["loneliness", "community", "minority_stress", "relationships"],
    8: ["progress", "motivation", "coping", "relationships"],
}

# session -> [(item id, author, note)] (pseudonymised)
NOTES: dict[int, list[tuple[str, str, str]]] = {
    1: [("s1-charter", "F1", "Charte acceptée par tous ; ajout demandé par le groupe : pas de photos des applis."),
        ("s1-addiction", "F2", "Bonne participation ; P07 reste en retrait, à solliciter doucement.")],
    2: [("s2-trigger-map", "F1", "Le week-end et les applis ressortent pour presque tous."),
        ("s2-urge-surfing", "F3", "Exercice de surf sur l'envie bien reçu, à reprendre en début de séance 3.")],
    3: [("s3-products", "F2", "Beaucoup de questions sur GHB/GBL et alcool ; fiche réduction des risques distribuée."),
        ("s3-beck", "F1", "Colonnes de Beck : difficulté à distinguer pensée et émotion, prévoir un exemple de plus.")],
    4: [("s4-curve", "F3", "Échanges riches sur la courbe de réponse sexuelle ; peur du sexe sobre très présente."),
        ("s4-questionnaires", "F1", "Questionnaires T1 remplis ; P11 absent, à rattraper en individuel.")],
    5: [("s5-consent", "F3", "Thème du consentement sous produit : émotion forte, un participant orienté (voir signalement)."),
        ("s5-weekend", "F1", "Plannings du week-end commencés en séance, à finir à la maison.")],
    6: [("s6-lapse", "F2", "Deux faux pas rapportés, repris sans jugement ; effet de violation de l'abstinence bien compris."),
        ("s6-chain", "F1", "Analyse en chaîne faite sur l'exemple de P09, avec son accord.")],
    7: [("s7-connection", "F3", "Solitude au cœur des échanges ; le groupe propose de garder contact après le cycle."),
        ("s7-resources", "F1", "Liste des ressources communautaires complétée par le groupe.")],
    8: [("s8-plan", "F1", "Plans de prévention finalisés pour tous les présents."),
        ("s8-review-programme", "F2", "Bilan très positif ; demande d'un groupe de suivi mensuel.")],
}

# session -> [(participant, item id, author, reason)]; FLAG_CATEGORIES gives each one's follow-up category
FLAGS: dict[int, list[tuple[str, str, str, str]]] = {
    2: [("P05", "s2-trigger-map", "F1", "Craving très fort rapporté cette semaine : proposer un entretien individuel")],
    3: [("P07", "s3-closing", "F2", "Ambivalence forte, dit ne pas savoir s'il reviendra : appeler avant la séance 4")],
    5: [("P04", "s5-consent", "F3", "Évoque un rapport non consenti sous produit : orientation vers une prise en "
         "charge psychotrauma à proposer")],
    6: [("P09", "s6-lapse", "F2", "Faux pas ce week-end (GHB + alcool) : à revoir en individuel")],
}

# (session, participant) -> follow-up category of that flag (the others are "other")
FLAG_CATEGORIES: dict[tuple[int, str], str] = {
    (3, "P07"): "absence_callback", (5, "P04"): "assault_disclosure", (6, "P09"): "intoxication",
}

HOMEWORK_NOTES = {
    "done": ["Fait en entier, partagé au groupe", "Fait, trouvé utile", "Fait avec l'aide du livret"],
    "partly": ["Commencé, pas fini", "Fait à moitié, manque de temps", "Seulement le premier jour"],
    "not_done": ["Oublié", "Pas eu le courage cette semaine", "Semaine difficile"],
}

PRODUCTS = ["3-MMC", "GHB/GBL", "méthamphétamine", "3-MMC", "cocaïne", "GHB/GBL", "3-MMC", "kétamine",
            "GHB/GBL", "3-MMC", "méthamphétamine", "3-MMC"]

# product label -> TLFB substance ids used with it
PRODUCT_SUBSTANCES = {
    "3-MMC": ["cathinones"], "GHB/GBL": ["ghb_gbl"], "méthamphétamine": ["methamphetamine"],
    "cocaïne": ["cocaine"], "kétamine": ["ketamine"],
}

# (exercise id, field id) -> candidate texts
EXERCISE_TEXTS: dict[tuple[str, str], list[str]] = {
    ("decisional_balance_use", "behaviour"): ["Les plans chems du week-end", "La 3-MMC en soirée",
                                              "Le GHB pendant les rapports"],
    ("decisional_balance_use", "pros_using"): ["Je me sens désirable, sans inhibition",
                                               "Ça efface la fatigue et la timidité", "Des rapports qui durent"],
    ("decisional_balance_use", "cons_using"): ["Trois jours de descente, le travail qui en pâtit",
                                               "L'argent dépensé, les risques pour ma santé",
                                               "Je ne me souviens pas de tout"],
    ("decisional_balance_use", "pros_changing"): ["Retrouver mes week-ends", "Ma santé, mon couple",
                                                  "Être fier de moi"],
    ("decisional_balance_use", "cons_changing"): ["Peur de m'ennuyer", "Perdre des amis du milieu",
                                                  "Le sexe sans produit me fait peur"],
    ("trigger_map", "top_three"): ["Le vendredi soir seul, les applis, le jour de paie",
                                   "L'alcool, les saunas, la fatigue",
                                   "La solitude, les disputes, les week-ends prolongés"],
    ("craving_log", "plan"): ["Sortir marcher, appeler un membre du groupe, attendre 20 minutes",
                              "Respirer, écrire dans le carnet, prendre une douche",
                              "Quitter l'appli, manger quelque chose, appeler ma sœur"],
    ("response_curve", "desired_sexuality"): ["Une sexualité plus lente, où je suis présent",
                                              "Des rapports avec quelqu'un que je connais",
                                              "Retrouver du plaisir sans performance"],
    ("weekend_planner", "plan_b"): ["Si ça tangue : appeler {other}, sortir courir",
                                    "Aller au cinéma avec ma sœur", "Dormir chez un ami"],
    ("relapse_prevention_plan", "reasons"): ["Ma santé, mon travail, mon couple", "Rester fier de moi",
                                             "Retrouver du temps pour la musique"],
    ("relapse_prevention_plan", "warning_signs"): ["Je m'isole, je dors mal, je rouvre les applis",
                                                   "Je pense au jour de paie dès le mardi"],
    ("relapse_prevention_plan", "after_lapse"): ["En parler dans les 24 heures, ne pas rester seul",
                                                 "Appeler le CSAPA, relire mon plan"],
    ("relapse_prevention_plan", "pleasures"): ["La piscine, la chorale, les dîners entre amis",
                                               "Le vélo le dimanche matin"],
    ("decisional_balance_sex", "issue"): ["Avoir un rapport sans produit", "Dire non à un plan chems"],
    ("decisional_balance_sex", "next_step"): ["En parler avec mon partenaire", "Essayer un rendez-vous sobre"],
}

GENERIC_TEXTS = [
    "Je ne sais pas encore", "C'est difficile à dire", "Le vendredi soir, seul chez moi",
    "Je pense que je n'y arriverai pas", "Appeler quelqu'un du groupe", "Tristesse, honte",
    "Je me sens nul", "J'ai tenu la semaine dernière", "Personne ne me regarde vraiment",
    "Ce n'est pas tout noir : j'ai aussi réussi des choses", "Sortir, marcher, respirer",
    "Le soir après le travail", "Une envie forte", "Je suis allé courir", "Ça a baissé",
    "Le CSAPA, le jeudi", "Un ami proche", "L'association de santé communautaire",
]

# invented first names of the demo roster (never exported; the export tests grep for them)
ROSTER_NAMES = ["Anatole", "Barnabé", "Célestin", "Dorian", "Eloi", "Fulbert", "Gaspard", "Hippolyte",
                "Isidore", "Joachim", "Ludovic", "Maxence"]

# participant records (intake and final consultations) of the demo
OWN_RULES = "pas de consommation en semaine, jamais seul, pas plus d'une soirée par mois"
FINAL_CHANGES = "week-ends organisés à l'avance ; sait repérer les envies et les laisser passer"
ORIENTATION = "suivi individuel au CSAPA une fois par mois"
FOLLOWUP_DONE = "rappelé le lendemain ; rendez-vous pris avec le médecin de l'équipe cette semaine"
