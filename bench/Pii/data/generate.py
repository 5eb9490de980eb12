#!/usr/bin/env python3
"""Builds labelled.jsonl: synthetic but realistic enterprise text (support tickets, chats, logs, invoices, e-mails,
HR and payment notes) with labelled PII spans (UTF-16 offsets; all text here is BMP, so code points = UTF-16 units)
and hard negatives (order numbers, versions, dates, GUIDs, invoice ids) that must not be flagged.

Written before measuring the detector and not tuned to it: it deliberately contains formats a regex analyzer will
miss (names without cues, European addresses, phone numbers in national format, spelled-out values).
Run: python3 generate.py  (fixed seed, so the output is reproducible)."""
import json, random, re, string, uuid

R = random.Random(20261129)

FIRST = ["James", "Maria", "Wei", "Aisha", "Olga", "Carlos", "Priya", "Tom", "Fatima", "Lukas", "Sofia", "Kenji", "Grace",
         "Ahmed", "Emma", "Noah", "Chloé", "Mateo", "Ingrid", "Daniel", "Hannah", "Ravi", "Zoe", "Omar", "Elena", "Jack"]
LAST = ["Smith", "Garcia", "Chen", "Okafor", "Ivanova", "Mendes", "Patel", "Becker", "Kowalski", "Nguyen", "O'Brien",
        "Schmidt", "Rossi", "Tanaka", "Haddad", "Johansson", "Dubois", "Murphy", "Fernández", "Kim", "Novak", "Singh"]
STREETS = ["Maple", "Oak", "Pine", "Cedar", "Elm", "Washington", "Lake", "Hill", "Park", "Sunset", "Main", "Church", "Mill"]
SUFFIX = ["Street", "St", "Avenue", "Ave", "Road", "Rd", "Boulevard", "Lane", "Drive", "Court", "Way"]
CITIES = [("Springfield", "IL"), ("Austin", "TX"), ("Portland", "OR"), ("Denver", "CO"), ("Columbus", "OH"), ("Raleigh", "NC")]
DOMAINS = ["example.com", "contoso.com", "fabrikam.io", "acme-corp.net", "northwind.co.uk", "mail.example.org"]

def luhn_complete(prefix, length):
    digits = [int(c) for c in prefix]
    while len(digits) < length - 1:
        digits.append(R.randint(0, 9))
    for check in range(10):
        candidate = digits + [check]
        total = 0
        for i, d in enumerate(reversed(candidate)):
            if i % 2 == 1:
                d *= 2
                if d > 9: d -= 9
            total += d
        if total % 10 == 0:
            return "".join(map(str, candidate))

def luhn_ok(number):
    total = 0
    for i, d in enumerate(reversed([int(c) for c in number])):
        if i % 2 == 1:
            d *= 2
            if d > 9: d -= 9
        total += d
    return total % 10 == 0

def group(number, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(number[i:i + s]); i += s
    return sep.join(out)

def card():
    kind = R.choice(["visa", "visa", "mc", "amex", "disc"])
    if kind == "visa":
        n = luhn_complete("4" + str(R.randint(10000, 99999)), 16); return group(n, [4, 4, 4, 4], R.choice([" ", "-", "", " "]))
    if kind == "mc":
        n = luhn_complete(str(R.randint(51, 55)), 16); return group(n, [4, 4, 4, 4], R.choice([" ", "-", ""]))
    if kind == "amex":
        n = luhn_complete(R.choice(["34", "37"]), 15); return group(n, [4, 6, 5], R.choice([" ", "-", ""]))
    n = luhn_complete("6011", 16); return group(n, [4, 4, 4, 4], R.choice([" ", ""]))

def ssn(sep="-"):
    while True:
        a = R.randint(1, 899)
        if a != 666: break
    return f"{a:03d}{sep}{R.randint(1, 99):02d}{sep}{R.randint(1, 9999):04d}"

def iban(country="DE"):
    lengths = {"DE": 18, "GB": 18, "FR": 23, "NL": 14, "ES": 20, "IT": 23, "CH": 17}
    if country == "GB":
        bban = "".join(R.choice(string.ascii_uppercase) for _ in range(4)) + "".join(str(R.randint(0, 9)) for _ in range(14))
    elif country == "NL":
        bban = "".join(R.choice(string.ascii_uppercase) for _ in range(4)) + "".join(str(R.randint(0, 9)) for _ in range(10))
    elif country == "IT":
        bban = R.choice(string.ascii_uppercase) + "".join(str(R.randint(0, 9)) for _ in range(22))
    else:
        bban = "".join(str(R.randint(0, 9)) for _ in range(lengths[country]))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    raw = f"{country}{check:02d}{bban}"
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if R.random() < 0.6 else raw

def aba():
    while True:
        prefix = R.choice(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22", "26", "31", "32", "61", "63", "67"])
        body = prefix + "".join(str(R.randint(0, 9)) for _ in range(6))
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        s = sum(int(c) * w[i] for i, c in enumerate(body))
        return body + str((10 - s % 10) % 10)

def us_phone():
    a, b, c = R.randint(201, 989), R.randint(200, 989), R.randint(0, 9999)
    return R.choice([f"({a}) {b}-{c:04d}", f"{a}-{b}-{c:04d}", f"{a}.{b}.{c:04d}", f"+1 {a} {b} {c:04d}", f"+1-{a}-{b}-{c:04d}", f"1-{a}-{b}-{c:04d}"])

def intl_phone():
    return R.choice([f"+44 20 {R.randint(7000, 8999)} {R.randint(1000, 9999)}", f"+49 30 {R.randint(100000, 999999)}",
                     f"+33 1 {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)}",
                     f"+81 3-{R.randint(1000, 9999)}-{R.randint(1000, 9999)}", f"+{R.choice([44, 49, 34, 39, 61])}{R.randint(100000000, 9999999999)}",
                     f"+91 {R.randint(70000, 99999)} {R.randint(10000, 99999)}"])

def national_phone():   # formats without country code: a regex analyzer may miss these
    return R.choice([f"020 {R.randint(7000, 8999)} {R.randint(1000, 9999)}", f"0{R.randint(151, 179)} {R.randint(1000000, 9999999)}",
                     f"06 {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)} {R.randint(10, 99)}"])

def name(): return f"{R.choice(FIRST)} {R.choice(LAST)}"
def email(n=None):
    n = n or name()
    f, l = n.split(" ", 1)
    local = R.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}_{l}", f"{f}{R.randint(1, 99)}"]).lower().replace("'", "").replace("é", "e").replace("á", "a")
    return f"{local}@{R.choice(DOMAINS)}"
def ipv4(): return f"{R.choice([10, 172, 192, 81, 203, 45])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
def ipv6(): return R.choice([f"2001:db8:{R.randint(0, 0xffff):x}::{R.randint(1, 0xffff):x}", f"fe80::{R.randint(0, 0xffff):x}:{R.randint(0, 0xffff):x}:{R.randint(1, 0xffff):x}",
                             "2001:0db8:85a3:0000:0000:8a2e:0370:" + f"{R.randint(0, 0xffff):04x}"])
def url(): return R.choice([f"https://portal.{R.choice(DOMAINS)}/account/{R.randint(1000, 9999)}", f"http://{R.choice(DOMAINS)}/reset?token={R.randint(10**7, 10**8)}",
                            f"https://www.{R.choice(DOMAINS)}/help/billing", f"www.{R.choice(DOMAINS)}/invoices"])
def address():
    n = R.randint(1, 9999)
    street = f"{n} {R.choice(STREETS)} {R.choice(SUFFIX)}"
    city, st = R.choice(CITIES)
    return R.choice([street, f"{street}, {city}, {st} {R.randint(10000, 99999)}", f"{street}, Apt {R.randint(1, 40)}, {city}, {st} {R.randint(10000, 99999)}"])
def eu_address():       # European order (street before number): not covered by the analyzer's US shape
    return R.choice([f"Hauptstraße {R.randint(1, 200)}, {R.randint(10000, 99999)} Berlin", f"{R.randint(1, 90)} rue de la Paix, 750{R.randint(10, 20)} Paris",
                     f"Calle Mayor {R.randint(1, 99)}, 280{R.randint(10, 50)} Madrid"])
def rnd(chars, n): return "".join(R.choice(chars) for _ in range(n))
ALNUM = string.ascii_letters + string.digits
def aws_key(): return "AKIA" + rnd(string.ascii_uppercase + string.digits, 16)
def gh_token(): return "ghp_" + rnd(ALNUM, 36)
def slack_token(): return f"xoxb-{R.randint(10**10, 10**11)}-{R.randint(10**11, 10**12)}-{rnd(ALNUM, 24)}"
def openai_key(): return "sk-proj-" + rnd(ALNUM + "_-", 40)
def jwt(): return "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ" + rnd(ALNUM, 40) + "." + rnd(ALNUM + "_-", 43)
def azure_key(): return rnd(ALNUM + "+/", 86) + "=="
def password(): return rnd(ALNUM + "!#$%", R.randint(9, 16))
def bank_account(): return str(R.randint(10**7, 10**12))

# hard negatives
def order_no():
    while True:
        n = str(R.choice([1, 7, 8, 9])) + "".join(str(R.randint(0, 9)) for _ in range(15))
        return n
def bad_luhn_card():
    while True:
        n = "4" + "".join(str(R.randint(0, 9)) for _ in range(15))
        if not luhn_ok(n): return group(n, [4, 4, 4, 4], " ")
def version(): return R.choice([f"{R.randint(1, 12)}.{R.randint(0, 20)}.{R.randint(0, 99)}.{R.randint(0, 9999)}", f"v{R.randint(1, 5)}.{R.randint(0, 9)}.{R.randint(0, 30)}"])
def date(): return R.choice([f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}", f"{R.randint(1, 12):02d}/{R.randint(1, 28):02d}/2026", f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.2026"])
def guid(): return str(uuid.UUID(int=R.getrandbits(128)))
def invoice_id(): return R.choice([f"INV-2026-{R.randint(1000, 99999)}", f"INV{R.randint(10**6, 10**7)}", f"PO-{R.randint(100000, 999999)}"])
def ticket_id(): return R.choice([f"INC-{R.randint(100, 99999)}", f"#{R.randint(1000, 99999)}", f"CASE-{R.randint(10**5, 10**6)}"])
def amount(): return R.choice([f"${R.randint(5, 5000)}.{R.randint(0, 99):02d}", f"EUR {R.randint(1, 9000)},{R.randint(0, 99):02d}", f"{R.randint(1, 999)},{R.randint(100, 999)}.00 USD"])
def time_(): return f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"
def tracking(): return "1Z" + rnd(string.ascii_uppercase + string.digits, 16)
def sku(): return f"SKU-{R.randint(1000, 9999)}-{rnd(string.ascii_uppercase, 2)}"
def invalid_ssn(): return R.choice([f"000-{R.randint(10, 99)}-{R.randint(1000, 9999)}", f"666-{R.randint(10, 99)}-{R.randint(1000, 9999)}", f"9{R.randint(10, 99)}-{R.randint(10, 99)}-{R.randint(1000, 9999)}", f"{R.randint(100, 599)}-00-{R.randint(1000, 9999)}"])

# kind -> (generator, label); label None = hard negative, must not be flagged
KINDS = {
    "EMAIL": (email, "EMAIL_ADDRESS"), "PHONE": (us_phone, "PHONE_NUMBER"), "IPHONE": (intl_phone, "PHONE_NUMBER"),
    "NPHONE": (national_phone, "PHONE_NUMBER"), "CARD": (card, "CREDIT_CARD"), "SSN": (ssn, "US_SSN"),
    "SSN_BARE": (lambda: ssn(""), "US_SSN"), "IBAN": (lambda: iban(R.choice(["DE", "GB", "FR", "NL", "ES", "IT", "CH"])), "IBAN_CODE"),
    "IP": (ipv4, "IP_ADDRESS"), "IP6": (ipv6, "IP_ADDRESS"), "URL": (url, "URL"), "ABA": (aba, "ABA_ROUTING_NUMBER"),
    "BANK": (bank_account, "US_BANK_NUMBER"), "NAME": (name, "PERSON"), "FIRST": (lambda: R.choice(FIRST), "PERSON"),
    "ADDR": (address, "LOCATION"), "EUADDR": (eu_address, "LOCATION"),
    "AWS": (aws_key, "SECRET"), "GH": (gh_token, "SECRET"), "SLACK": (slack_token, "SECRET"), "OPENAI": (openai_key, "SECRET"),
    "JWT": (jwt, "SECRET"), "AZKEY": (azure_key, "SECRET"), "PWD": (password, "SECRET"),
    "ORDER": (order_no, None), "BADCARD": (bad_luhn_card, None), "VERSION": (version, None), "DATE": (date, None),
    "GUID": (guid, None), "INVOICE": (invoice_id, None), "TICKET": (ticket_id, None), "AMOUNT": (amount, None),
    "TIME": (time_, None), "TRACKING": (tracking, None), "SKU": (sku, None), "BADSSN": (invalid_ssn, None),
}

TEMPLATES = [
    # support tickets
    ("ticket", "Ticket {TICKET} opened {DATE} {TIME}\nCustomer: {NAME}\nEmail: {EMAIL}\nPhone: {PHONE}\n\nHi, I was charged twice for order {ORDER} ({AMOUNT}). The card ending in the statement is {CARD}. Please refund one of the charges.\n"),
    ("ticket", "Subject: Refund not received ({INVOICE})\nFrom: {NAME} <{EMAIL}>\n\nHello Support,\nI returned the item on {DATE} but I still have not received my refund of {AMOUNT}. My IBAN is {IBAN}. You can reach me on {IPHONE}.\n\nKind regards,\n{NAME}\n"),
    ("ticket", "[{TICKET}] Login problem\nThe user reports they cannot sign in since the upgrade to {VERSION}. Last successful login from {IP} on {DATE}. Tracking id {GUID}. Assigned to {NAME}.\n"),
    ("ticket", "Ticket {TICKET}: customer {NAME} called from {PHONE} about invoice {INVOICE}. Verified identity with SSN {SSN} and date of birth. Shipment {TRACKING} is delayed.\n"),
    ("ticket", "Escalation {TICKET}\nReporter: {EMAIL}\nAffected host: {IP}\nBuild: {VERSION}\nNotes: order {ORDER} failed at checkout, payment reference {BADCARD}, retry scheduled for {DATE} {TIME}.\n"),
    ("ticket", "Please update the direct deposit for {NAME}: routing number {ABA}, account number {BANK}. New mailing address {ADDR}.\n"),
    ("ticket", "Customer wants the invoice {INVOICE} sent to {EUADDR} instead. Contact number {IPHONE}; email {EMAIL}.\n"),
    ("ticket", "I spoke with {FIRST} this morning; they will call back from {NPHONE} after lunch. Order {ORDER}, SKU {SKU}.\n"),
    # chats
    ("chat", "[{TIME}] agent: Can you confirm the email on the account?\n[{TIME}] customer: sure it's {EMAIL}\n[{TIME}] agent: and the last payment card?\n[{TIME}] customer: {CARD}\n[{TIME}] agent: thanks {FIRST}, I see the duplicate charge of {AMOUNT}.\n"),
    ("chat", "user: my ssn is {SSN_BARE} and I need my W-2\nbot: I can't take identity numbers in chat. Please use the portal at {URL}.\nuser: ok, also my phone changed to {PHONE}\n"),
    ("chat", "customer: hello, I'm {NAME}, my account was locked after the {DATE} update\nagent: Hi {FIRST}! I see logins from {IP6} and {IP}. Was that you?\ncustomer: the second one yes\n"),
    ("chat", "visitor: can I pay by bank transfer? my IBAN {IBAN}\nagent: yes, reference your invoice {INVOICE} and order {ORDER}\nvisitor: great, amount is {AMOUNT}\n"),
    ("chat", "customer: call me at {NPHONE} or {IPHONE}, whatever works\nagent: noted, case {TICKET}\n"),
    # logs
    ("log", "{DATE}T{TIME}Z INFO  auth  login ok user={EMAIL} ip={IP} session={GUID}\n{DATE}T{TIME}Z WARN  auth  failed login from {IP} (attempt 3)\n{DATE}T{TIME}Z INFO  app   version {VERSION} started\n"),
    ("log", "{DATE} {TIME} ERROR payments: charge declined card={CARD} amount={AMOUNT} order={ORDER} request_id={GUID}\n"),
    ("log", "{DATE} {TIME} DEBUG config loaded: storage=DefaultEndpointsProtocol=https;AccountName=prodstore;AccountKey={AZKEY};EndpointSuffix=core.windows.net\n"),
    ("log", "{DATE} {TIME} WARN  leaked credential in env dump: AWS_ACCESS_KEY_ID={AWS} GITHUB_TOKEN={GH}\n"),
    ("log", "POST /api/login 200 {TIME} client={IP6} ua=\"Mozilla/5.0\" trace={GUID}\n"),
    ("log", "{DATE} {TIME} INFO  webhook call to {URL} with header Authorization: Bearer {JWT}\n"),
    ("log", "{DATE} {TIME} ERROR db connect failed: Server=sql01;Database=crm;User Id=svc_crm;Password={PWD};\n"),
    ("log", "{DATE} {TIME} INFO  slack notifier configured with token {SLACK}; openai key {OPENAI}\n"),
    ("log", "{DATE} {TIME} INFO  batch {INVOICE} processed 1,204 rows in 3.2s; next run {DATE} {TIME}; build {VERSION}\n"),
    # invoices
    ("invoice", "INVOICE {INVOICE}\nDate: {DATE}\nBill to: {NAME}\n{ADDR}\nPO number: {ORDER}\nAmount due: {AMOUNT}\nPay to IBAN {IBAN}\nQuestions: {EMAIL} / {PHONE}\n"),
    ("invoice", "Remittance advice {INVOICE}: paid {AMOUNT} on {DATE} from account {BANK} (routing {ABA}). Reference {GUID}.\n"),
    ("invoice", "Statement for card {CARD} — period ending {DATE}. Minimum payment {AMOUNT}. Customer service: {PHONE}.\n"),
    ("invoice", "Credit note {INVOICE} for order {ORDER}, SKU {SKU}, shipped via {TRACKING}. Amount {AMOUNT}.\n"),
    # e-mails
    ("email", "From: {EMAIL}\nTo: {EMAIL}\nSubject: Re: contract renewal\n\nDear {NAME},\n\nplease find the signed contract attached. Our new office is at {ADDR}. Call me on {PHONE} if anything is unclear.\n\nBest regards,\n{NAME}\n"),
    ("email", "Hi {FIRST},\n\nthe API key for the staging tenant is {OPENAI} — please rotate it after the demo on {DATE}.\nThe dashboard is at {URL}.\n\nThanks,\n{FIRST}\n"),
    ("email", "Hello team,\n\nMr. {NAME} from the Berlin office will visit on {DATE}. His mobile is {IPHONE}. He asked for the invoice {INVOICE} to be reissued.\n\nCheers\n"),
    ("email", "Dr. {NAME} asked us to update the payroll record: SSN {SSN}, bank account {BANK}, routing {ABA}. The old record still shows {BADSSN}, which is invalid.\n"),
    ("email", "Reminder: version {VERSION} ships on {DATE}. Release notes at {URL}. No customer data in this mail; ticket {TICKET}.\n"),
    ("email", "Please send the replacement card to {NAME}, {EUADDR}. Her phone is {NPHONE}.\n"),
    # HR / misc
    ("hr", "Employee: {NAME}\nSSN: {SSN}\nHome address: {ADDR}\nEmergency contact: {NAME}, {PHONE}\nStart date: {DATE}\n"),
    ("hr", "Background check for applicant {NAME} ({EMAIL}): social security number {SSN}; previous employer phone {PHONE}.\n"),
    ("misc", "Meeting notes {DATE}: {FIRST} and {FIRST} reviewed the Q3 numbers ({AMOUNT}), version {VERSION} rollout, and ticket {TICKET}. Action: {NAME} to follow up.\n"),
    ("misc", "Config diff:\n- api_key = \"{PWD}{PWD}\"\n+ endpoint = {URL}\n  request_id = {GUID}\n  build = {VERSION}\n"),
    ("misc", "The package was delivered to {ADDR} on {DATE} at {TIME}. Signed for by {NAME}. Tracking {TRACKING}.\n"),
]

def render(template):
    text, entities = "", []
    for part in re.split(r"(\{[A-Z0-9_]+\})", template):
        m = re.fullmatch(r"\{([A-Z0-9_]+)\}", part)
        if not m:
            text += part; continue
        gen, label = KINDS[m.group(1)]
        value = gen()
        if m.group(1) == "PWD" and text.endswith("\"") is False and "api_key" in text[-20:]:
            pass
        start = len(text)
        text += value
        if label:
            entities.append({"type": label, "start": start, "end": len(text)})
    # "{PWD}{PWD}" is one secret, not two
    merged = []
    for e in entities:
        if merged and merged[-1]["type"] == e["type"] == "SECRET" and merged[-1]["end"] == e["start"]:
            merged[-1]["end"] = e["end"]
        else:
            merged.append(e)
    return text, merged

def main():
    records, n = [], 0
    for repeat in range(4):
        for kind, template in TEMPLATES:
            text, entities = render(template)
            n += 1
            records.append({"id": f"{kind}-{n:03d}", "kind": kind, "text": text, "entities": entities})
    with open("labelled.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    c = Counter(e["type"] for r in records for e in r["entities"])
    print(len(records), "records,", sum(c.values()), "entities:", dict(sorted(c.items())))

if __name__ == "__main__":
    main()
