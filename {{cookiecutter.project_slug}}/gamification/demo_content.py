"""The demo catalogue of `manage.py seed_demo`: real NSI content, short enough to read here.

Each course: (slug, title, level, summary, chapters); each chapter: (slug, title, Markdown
blocks, exercises); each exercise: (title, prompt, kind, answers, xp). For a QCM, answers
are (choice, is_correct) pairs; for a short answer, the accepted answers; for a Python, SQL
or Parsons exercise, its fields (starter code, tests or schema, solution, remarks). HINTS
gives the hints of an exercise, by title: (text, cost) pairs.
"""

SOMME = {
    "starter_code": "def somme(nombres):\n    ...\n",
    "public_tests": "assert somme([1, 2, 3]) == 6\nassert somme([]) == 0\n",
    "private_tests": "assert somme([5]) == 5\nassert somme([-3, 3]) == 0\n"
    "somme([2.5, 0.5, 1])\nsomme(list(range(1, 101)))\n",
    # Run before the student's code, in the browser and on the server: sum() is not the point here.
    "setup_code": "def sum(*args, **kwargs):\n"
    '    raise NotImplementedError("La fonction sum est interdite dans cet exercice.")\n',
    "solution": "def somme(nombres):\n    total = 0\n    for nombre in nombres:\n        total = total + nombre\n"
    "    return total\n",
    "remarks": "La variable `total` est un **accumulateur** : elle vaut 0 au départ, la somme d'une liste vide, "
    "puis on lui ajoute chaque nombre.\n\nPython a sa propre fonction, `sum(nombres)`, interdite ici pour "
    "écrire la boucle soi-même.",
}

MAXIMUM = {
    "starter_code": "def maximum(nombres):\n    ...\n",
    "public_tests": "assert maximum([3, 1, 4, 1, 5]) == 5\nassert maximum([-2, -7]) == -2\n",
    "private_tests": "maximum([42])\nmaximum([0, 0, 0])\nmaximum([-5, -1, -3])\nmaximum(list(range(1000)))\n",
    "solution": "def maximum(nombres):\n    plus_grand = nombres[0]\n    for nombre in nombres:\n"
    "        if nombre > plus_grand:\n            plus_grand = nombre\n    return plus_grand\n",
    "remarks": "On part du **premier** élément, pas de 0 : avec 0, `maximum([-5, -1])` donnerait 0, "
    "qui n'est pas dans la liste.",
}

FACTORIELLE = {
    "starter_code": "def factorielle(n):\n    ...\n",
    "public_tests": "assert factorielle(0) == 1\nassert factorielle(3) == 6\n",
    "private_tests": "factorielle(1)\nfactorielle(5)\nfactorielle(10)\nfactorielle(20)\n",
    "solution": "def factorielle(n):\n    if n == 0:\n        return 1\n    return n * factorielle(n - 1)\n",
    "remarks": "Le **cas de base** `n == 0` arrête les appels ; sans lui, la fonction s'appellerait sans fin.",
    "max_validations": 10,
}

COURSES = [
    (
        "internet-snt",
        "Internet",
        "snt",
        "Comment les données circulent d'un ordinateur à l'autre : adresses, paquets et protocoles.",
        [
            (
                "adresses-ip",
                "Adresses IP",
                [
                    "Chaque machine connectée à Internet possède une **adresse IP**. En IPv4, c'est une suite "
                    "de quatre nombres compris entre 0 et 255, par exemple `192.168.1.10`.",
                    "| Version | Taille | Exemple |\n|---|---|---|\n| IPv4 | 32 bits | `93.184.216.34` |\n"
                    "| IPv6 | 128 bits | `2001:db8::1` |",
                ],
                [
                    (
                        "Taille d'une adresse IPv4",
                        "Combien de bits compte une adresse IPv4 ?",
                        "qcm",
                        [("8", False), ("32", True), ("64", False), ("128", False)],
                        10,
                    ),
                    (
                        "Le service DNS",
                        "Quel service traduit un nom de domaine (www.exemple.fr) en adresse IP ? (trois lettres)",
                        "reponse_courte",
                        ["DNS"],
                        10,
                    ),
                ],
            ),
            (
                "paquets-tcp",
                "Paquets et protocole TCP",
                [
                    "Les données sont découpées en **paquets**. Le protocole **TCP** numérote les paquets, "
                    "vérifie qu'ils arrivent tous et redemande ceux qui sont perdus.",
                    "> Le protocole **IP** achemine chaque paquet ; **TCP** garantit que le message est complet.",
                ],
                [
                    (
                        "Rôle de TCP",
                        "Que fait TCP lorsqu'un paquet est perdu ?",
                        "qcm",
                        [("Il l'ignore", False), ("Il le redemande", True), ("Il arrête la connexion", False)],
                        10,
                    ),
                ],
            ),
        ],
    ),
    (
        "representation-donnees",
        "Représentation des données",
        "premiere",
        "Binaire, hexadécimal et entiers : comment un ordinateur représente les nombres.",
        [
            (
                "binaire",
                "Le binaire",
                [
                    "En base 2, chaque chiffre (un **bit**) vaut 0 ou 1. Le nombre `1011` en binaire vaut "
                    "1×8 + 0×4 + 1×2 + 1×1 = **11** en décimal.",
                    "En Python :\n\n```python\n>>> bin(11)\n'0b1011'\n>>> int('1011', 2)\n11\n```",
                ],
                [
                    (
                        "Du binaire au décimal",
                        "Combien vaut 1101 (binaire) en décimal ?",
                        "reponse_courte",
                        ["13"],
                        10,
                    ),
                    (
                        "Un octet",
                        "Combien de valeurs différentes un octet (8 bits) peut-il représenter ?",
                        "qcm",
                        [("8", False), ("255", False), ("256", True), ("1024", False)],
                        15,
                    ),
                ],
            ),
            (
                "hexadecimal",
                "L'hexadécimal",
                [
                    "La base 16 utilise les chiffres 0 à 9 puis les lettres A à F. Un chiffre hexadécimal "
                    "correspond exactement à 4 bits : `F` = `1111`, donc `FF` = 255.",
                ],
                [
                    (
                        "FF en décimal",
                        "Combien vaut FF (hexadécimal) en décimal ?",
                        "reponse_courte",
                        ["255"],
                        10,
                    ),
                ],
            ),
        ],
    ),
    (
        "structures-donnees",
        "Structures de données",
        "terminale",
        "Piles, files et récursivité : les structures au programme de Terminale.",
        [
            (
                "piles-files",
                "Piles et files",
                [
                    "Une **pile** (LIFO) : le dernier élément ajouté est le premier retiré. Une **file** "
                    "(FIFO) : le premier arrivé est le premier servi.",
                    "```python\npile = []\npile.append(1)\npile.append(2)\nprint(pile.pop())  # 2\n```",
                ],
                [
                    (
                        "LIFO ou FIFO ?",
                        "Une pile d'assiettes fonctionne selon le principe…",
                        "qcm",
                        [("LIFO", True), ("FIFO", False)],
                        10,
                    ),
                ],
            ),
            (
                "recursivite",
                "Récursivité",
                [
                    "Une fonction **récursive** s'appelle elle-même, et s'arrête sur un **cas de base**.",
                    "```python\ndef factorielle(n):\n    if n == 0:\n        return 1\n"
                    "    return n * factorielle(n - 1)\n```",
                ],
                [
                    (
                        "Factorielle",
                        "Que renvoie factorielle(4) ?",
                        "reponse_courte",
                        ["24"],
                        20,
                    ),
                    (
                        "Écrire factorielle",
                        "Écrire une fonction **récursive** `factorielle(n)` qui renvoie n! = 1 × 2 × … × n, "
                        "avec 0! = 1. Vous avez droit à 10 validations.",
                        "python",
                        FACTORIELLE,
                        30,
                    ),
                ],
            ),
        ],
    ),
]

COMPTER_PAIRS = {
    "solution": (
        "def nombre_de_pairs(nombres):\n"
        "    compteur = 0\n"
        "    for n in nombres:\n"
        "        if n % 2 == 0:\n"
        "            compteur = compteur + 1\n"
        "    return compteur\n"
    ),
    "parsons_distractors": "        if n % 2 == 1:\n    return n",
    "parsons_indent": True,
    "remarks": "Le compteur est créé **avant** la boucle, et renvoyé **après** elle.",
}

COURSES.append(
    (
        "programmer-python",
        "Programmer en Python",
        "premiere",
        "Écrire ses premières fonctions : parcourir une liste, accumuler, comparer.",
        [
            (
                "parcours-listes",
                "Parcourir une liste",
                [
                    "Une boucle `for` parcourt les éléments d'une liste, du premier au dernier :\n\n"
                    "```python\nfor nombre in [3, 1, 4]:\n    print(nombre)\n```",
                    "Dans les exercices, **Exécuter** lance votre code et les tests publics dans le navigateur ; "
                    "**Valider** envoie votre code au serveur, qui le teste sur des cas que vous ne voyez pas.",
                ],
                [
                    (
                        "Somme d'une liste",
                        "Écrire une fonction `somme(nombres)` qui renvoie la somme des nombres de la liste "
                        "`nombres` (0 pour une liste vide), **sans** utiliser la fonction `sum`.",
                        "python",
                        SOMME,
                        20,
                    ),
                    (
                        "Maximum d'une liste",
                        "Écrire une fonction `maximum(nombres)` qui renvoie le plus grand nombre d'une liste "
                        "non vide, sans utiliser la fonction `max`.",
                        "python",
                        MAXIMUM,
                        20,
                    ),
                    (
                        "Compter les pairs, dans l'ordre",
                        "Remettre dans l'ordre les lignes de la fonction `nombre_de_pairs(nombres)`, qui compte "
                        "les nombres pairs d'une liste. Attention : deux lignes sont des pièges.",
                        "parsons",
                        COMPTER_PAIRS,
                        15,
                    ),
                ],
            ),
        ],
    )
)

NOTES_NSI = {
    "sql_schema": (
        "CREATE TABLE eleve (\n"
        "    id INTEGER PRIMARY KEY,\n"
        "    prenom TEXT NOT NULL,\n"
        "    classe TEXT NOT NULL\n"
        ");\n"
        "CREATE TABLE note (\n"
        "    eleve_id INTEGER NOT NULL REFERENCES eleve (id),\n"
        "    epreuve TEXT NOT NULL,\n"
        "    valeur REAL NOT NULL\n"
        ");\n"
        "INSERT INTO eleve (prenom, classe) VALUES\n"
        "    ('Ada', 'TG1'), ('Alan', 'TG1'), ('Grace', 'TG2'), ('Linus', 'TG2'), ('Margaret', 'TG1');\n"
        "INSERT INTO note (eleve_id, epreuve, valeur) VALUES\n"
        "    (1, 'Projet', 18), (1, 'Écrit', 16.5), (2, 'Projet', 11), (2, 'Écrit', 13),\n"
        "    (3, 'Projet', 15), (3, 'Écrit', 9.5), (4, 'Projet', 8), (5, 'Projet', 14), (5, 'Écrit', 17);"
    ),
    "starter_code": "SELECT prenom\nFROM eleve\n",
    "solution": (
        "SELECT e.prenom, AVG(n.valeur) AS moyenne\n"
        "FROM eleve AS e JOIN note AS n ON n.eleve_id = e.id\n"
        "WHERE e.classe = 'TG1'\n"
        "GROUP BY e.id\n"
        "ORDER BY moyenne DESC;"
    ),
    "sql_ordered": True,
    "remarks": "`AVG` calcule la moyenne de chaque groupe formé par `GROUP BY`.",
}

HINTS = {
    "Du binaire au décimal": [("Chaque chiffre vaut une puissance de 2 : 1101 = 8 + 4 + 0 + 1.", 3)],
    "Factorielle": [("4! = 4 × 3 × 2 × 1.", 5)],
    "Écrire factorielle": [
        ("Commencez par le cas de base : que vaut `factorielle(0)` ?", 5),
        ("Ensuite, n! = n × (n − 1)! : `return n * factorielle(n - 1)`.", 10),
    ],
    "Compter les pairs, dans l'ordre": [("Le compteur commence à 0, avant la boucle `for`.", 3)],
    "Moyennes de la TG1": [
        ("Il faut les deux tables : `eleve JOIN note ON note.eleve_id = eleve.id`.", 2),
        ("Une ligne par élève : `GROUP BY eleve.id`, et la moyenne avec `AVG(note.valeur)`.", 3),
    ],
}

BADGES = [
    # (code, name, description, icon (Badge.Icon), rule, threshold)
    ("premier-pas", "Premier pas", "Réussir un premier exercice.", "fusee", "exercices", 1),
    ("perseverant", "Persévérant", "Réussir cinq exercices.", "force", "exercices", 5),
    ("cinquante-xp", "50 XP", "Atteindre 50 points d'expérience.", "etoile", "xp", 50),
    ("centurion", "Centurion", "Atteindre 100 points d'expérience.", "trophee", "xp", 100),
]

TEACHER = ("prof.demo", "Mme Lovelace")
CLASSROOM = "Première NSI — groupe démo"
STUDENTS = [("eleve.ada", "Ada"), ("eleve.alan", "Alan"), ("eleve.grace", "Grace")]
# A password anyone can read here: demo accounts are for a local try-out only (DEBUG on);
# with DEBUG off, seed_demo refuses, or draws random passwords with --allow-production.
DEMO_PASSWORD = "nsi-demo-2026"

COURSES.append(
    (
        "bases-de-donnees",
        "Bases de données",
        "terminale",
        "Le modèle relationnel et le langage SQL : interroger une base avec SELECT.",
        [
            (
                "requetes-sql",
                "Interroger une base en SQL",
                [
                    "Une requête `SELECT` choisit des colonnes (`SELECT prenom, classe`), une table "
                    "(`FROM eleve`), des lignes (`WHERE classe = 'TG1'`) et un ordre (`ORDER BY prenom`).",
                    "Dans les exercices SQL, **Exécuter** montre le résultat de votre requête sur la base de "
                    "l'exercice ; **Valider** le compare à celui qui est attendu. Les indices coûtent des XP.",
                ],
                [
                    (
                        "Moyennes de la TG1",
                        "Donner le prénom et la moyenne (colonne `moyenne`) de chaque élève de la classe **TG1**, "
                        "de la meilleure moyenne à la moins bonne.",
                        "sql",
                        NOTES_NSI,
                        30,
                    ),
                ],
            ),
        ],
    )
)
