"""Files as other systems write them (columns from ``IMPORT_FORMATS.md``), and the shop
settings each is imported into."""

from __future__ import annotations

from pathlib import Path

SQUARE_HEADER = (
    "Reference ID,First Name,Last Name,Email Address,Phone Number,Nickname,Company Name,"
    "Street Address 1,Street Address 2,City,State,Postal Code,Birthday,Memo,Square Customer ID,"
    "Creation Source,First Visit,Last Visit,Transaction Count,Lifetime Spend,"
    "Email Subscription Status,Instant Profile,Blocked from online booking"
)
SQUARE = (
    SQUARE_HEADER
    + "\r\n"
    + ",Maria,Garcia,maria.garcia@example.com,(415) 555-0132,,,123 Main St,,San Francisco,CA,"
    '94103,04-12,"Prefers oat milk\r\nallergic to nuts",ZX3R8F2K1G5N7,Directory,2023-01-15,'
    '2024-11-02,42,"$1,234.56",Subscribed,No,No\r\n'
    + ",,,,+1 415-555-0199,,Acme Corp,1 Market St,Suite 5,San Francisco,CA,94105,,,"
    "Q7W9E2R4T6Y8U,Payment,2024-02-01,2024-02-01,1,$12.00,Unknown,Yes,No\r\n"
    + "R-17,John,O'Brien,john@example.org,,Johnny,,,,,,,1980-07-30,,K2L4M6N8P0Q1R,"
    "Appointments,,,0,$0.00,Unsubscribed,No,No\r\n"
)
SQUARE_SHOP = {"phone_region": "US", "currency": "USD", "locale": "en_US"}

SHOPIFY_HEADER = (
    "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,"
    "Default Address Address1,Default Address Address2,Default Address City,"
    "Default Address Province Code,Default Address Country Code,Default Address Zip,"
    "Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Note,"
    "Tax Exempt,Tags"
)
SHOPIFY = (
    SHOPIFY_HEADER
    + "\n"
    + "'8779761975521,Russell,Winfield,russel.winfield@example.com,no,Company HQ,"
    "Chestnut Street 92,,Ottawa,ON,CA,K2P 1L4,'+16135550135,'+16135550199,no,0.00,0,"
    'This customer loves ice cream,yes,"vip, wholesale"\n'
    + "'8779761975522,Karine,Ruby,karine.ruby@example.com,yes,,,,,,,,,,yes,123.45,3,,no,"
    "newsletter\n" + "'8779761975523,,,,no,Ruby's Bakery,,,,,,,'+16135550177,,no,10.50,1,,no,\n"
)
SHOPIFY_SHOP = {"phone_region": "CA", "currency": "CAD", "locale": "en_CA"}

SHOPIFY_OLD = (
    "First Name,Last Name,Email,Company,Address1,Address2,City,Province,Province Code,Country,"
    "Country Code,Zip,Phone,Accepts Email Marketing,Accepts SMS Marketing,Total Spent,"
    "Total Orders,Tags,Note,Tax Exempt\n"
    "Ada,Lovelace,ada@example.com,,12 Byron Rd,,London,,,United Kingdom,GB,W1 1AA,"
    "020 7946 0958,yes,no,250.00,5,regular,Reads a lot,no\n"
    "Alan,Turing,alan@example.com,Bletchley Ltd,,,,,,United Kingdom,GB,,07911 123456,no,no,"
    "0.00,0,,,no\n"
)
SHOPIFY_OLD_SHOP = {"phone_region": "GB", "currency": "GBP", "locale": "en_GB"}

GERMAN = (
    "Vorname;Nachname;Firma;E-Mail;Telefon;Geburtstag;Notizen;Kundennummer;Besuche;Umsatz;"
    "Newsletter;Erster Besuch;Letzter Besuch\r\n"
    "Jürgen;Müller;;juergen.mueller@example.de;0171 2345678;24.12.1970;"
    '"Stammkunde; mag Brezeln";K-1001;17;"1.234,50 €";ja;05.03.2019;03.11.2024\r\n'
    "Änne;Weiß;;;030 1234567;01.04.;;K-1002;3;45,00;nein;;15.10.2024\r\n"
    ";;Bäckerei Schön GmbH;info@baeckerei-schoen.de;;;;K-1003;;;;;\r\n"
)
GERMAN_SHOP = {"phone_region": "DE", "currency": "EUR", "locale": "de_DE"}


def write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path
