"""The fixed reference data of the Netherlands: provinces and ministries (CBS and Rijksoverheid)."""

PROVINCES = [
    ("PV20", "Groningen"),
    ("PV21", "Fryslân"),
    ("PV22", "Drenthe"),
    ("PV23", "Overijssel"),
    ("PV24", "Flevoland"),
    ("PV25", "Gelderland"),
    ("PV26", "Utrecht"),
    ("PV27", "Noord-Holland"),
    ("PV28", "Zuid-Holland"),
    ("PV29", "Zeeland"),
    ("PV30", "Noord-Brabant"),
    ("PV31", "Limburg"),
]

MINISTRIES = [
    ("AZ", "Ministerie van Algemene Zaken"),
    ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"),
    ("BZ", "Ministerie van Buitenlandse Zaken"),
    ("LNV", "Ministerie van Landbouw, Natuur en Voedselkwaliteit"),
    ("EZK", "Ministerie van Economische Zaken en Klimaat"),
    ("IenW", "Ministerie van Infrastructuur en Waterstaat"),
    ("JenV", "Ministerie van Justitie en Veiligheid"),
    ("DEF", "Ministerie van Defensie"),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap"),
    ("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid"),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport"),
    ("FIN", "Ministerie van Financiën"),
]
