"""What the synthetic site's figures count, and the sentences that state them (benchmarks/generate.py)."""
from __future__ import annotations

from dataclasses import dataclass


# ---------------------------------------------------------------------------------------------
# Measures: what a figure counts. A metric key is a measure of one program, so the same key
# recurs in every scope that reports it (the compare page needs that) and no scope reports a
# key twice (so no accidental "sources differ").
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    unit: str
    label_fa: str
    label_en: str
    low: float                  # a province's typical range
    high: float
    national: float = 20.0      # the nation's multiplier
    fa: tuple[str, ...] = ()    # sentence templates: {n} the number with its hedge, {prog}, {place}, {period}
    en: tuple[str, ...] = ()    # the same sentences in English, index for index
    ranges: bool = False        # may be stated as a range ("70 to 95 percent")
    decimals: bool = False      # percent with one decimal place
    bare_key: str | None = None  # the key for the first program (coverage), as the real site names it
    note: tuple[str, str] | None = None


MEASURES = (
    Measure("people_served", "people", "بهره‌مندان", "People served", 2e3, 8e5, 25,
            ("{n} نفر در {place} از خدمات {prog} بهره‌مند شده‌اند",
             "شمار بهره‌مندان {prog} در {place} به {n} نفر رسیده است"),
            ("{n} people in {place} have received services under {prog}",
             "the number of people served by {prog} in {place} has reached {n} people"), ranges=True),
    Measure("new_members", "people", "افراد تازه پیوسته", "Newly enrolled people", 5e2, 2e5, 25,
            ("{n} نفر {period} به {prog} در {place} پیوسته‌اند",),
            ("{n} people in {place} joined {prog} {period}",)),
    Measure("covered_population", "people", "جمعیت بیمه‌شده", "Insured population", 2e4, 3e6, 20,
            ("{prog} در {place} {n} نفر را زیر پوشش دارد",
             "{n} نفر در {place} زیر پوشش {prog} قرار دارند"),
            ("{prog} covers {n} people in {place}",
             "{n} people in {place} are covered by {prog}"), bare_key="insured_population"),
    Measure("waiting_list", "people", "نوبت‌گیرندگان در فهرست انتظار", "People on the waiting list",
            50, 2e4, 15,
            ("نام {n} نفر در فهرست انتظار {prog} در {place} ثبت شده است",),
            ("{n} people in {place} are on the waiting list for {prog}",)),
    Measure("rural_users", "people", "روستاییان بهره‌مند", "Rural residents served", 1e3, 5e5, 20,
            ("{n} نفر از روستاییان {place} از {prog} استفاده کرده‌اند",),
            ("{n} rural residents of {place} have used {prog}",)),
    Measure("people_screened", "people", "افراد غربالگری‌شده", "People screened", 1e3, 4e5, 25,
            ("{n} نفر در {place} در قالب {prog} غربالگری شده‌اند",),
            ("{n} people in {place} have been screened under {prog}",), ranges=True),
    Measure("contracted_centers", "count", "مراکز طرف قرارداد", "Contracted centers", 20, 3e3, 20,
            ("{n} مرکز درمانی در {place} برای اجرای {prog} با بیمه سلامت قرارداد دارند",
             "بیمه سلامت در {place} برای اجرای {prog} با {n} مرکز درمانی قرارداد دارد"),
            ("{n} health centers in {place} have contracts with health insurance for {prog}",
             "health insurance in {place} has contracts with {n} health centers for {prog}"),
            bare_key="contracted_providers"),
    Measure("pharmacies", "count", "داروخانه‌ها", "Pharmacies", 10, 1.5e3, 20,
            ("{n} داروخانه در {place} خدمات {prog} را ارائه می‌کنند",),
            ("{n} pharmacies in {place} provide services under {prog}",)),
    Measure("doctors", "count", "پزشکان", "Doctors", 20, 5e3, 20,
            ("{n} پزشک در {place} در {prog} فعال هستند",),
            ("{n} doctors in {place} work within {prog}",)),
    Measure("hospitals", "count", "بیمارستان‌ها", "Hospitals", 3, 120, 15,
            ("{n} بیمارستان در {place} طرف قرارداد {prog} هستند",),
            ("{n} hospitals in {place} are contracted under {prog}",)),
    Measure("services", "count", "خدمات ارائه‌شده", "Services delivered", 5e3, 5e6, 25,
            ("{n} خدمت در قالب {prog} در {place} ارائه شده است",),
            ("{n} services have been delivered under {prog} in {place}",)),
    Measure("prescriptions", "count", "نسخه‌های ثبت‌شده", "Prescriptions registered", 1e4, 8e6, 25,
            ("{n} نسخه در {prog} در {place} ثبت شده است",),
            ("{n} prescriptions have been registered under {prog} in {place}",)),
    Measure("claims", "count", "پرونده‌های رسیدگی‌شده", "Claim files processed", 500, 5e5, 25,
            ("{n} پرونده {prog} در {place} رسیدگی شده است",),
            ("{n} claim files under {prog} in {place} have been processed",)),
    Measure("counties", "count", "شهرستان‌ها", "Counties", 3, 30, 14,
            ("{prog} در {n} شهرستان {place} اجرا می‌شود",),
            ("{prog} runs in {n} counties of {place}",)),
    Measure("drugs", "count", "داروهای زیر پوشش", "Drugs covered", 5, 400, 1.5,
            ("{n} قلم دارو در {prog} در {place} زیر پوشش بیمه قرار دارد",),
            ("{n} drugs are covered under {prog} in {place}",)),
    Measure("inspections", "count", "بازرسی‌ها", "Inspections", 20, 3e3, 20,
            ("{n} مورد بازرسی از مراکز طرف قرارداد {prog} در {place} انجام شده است",),
            ("{n} inspections of centers contracted under {prog} in {place} have been carried out",)),
    Measure("complaints", "count", "شکایت‌های رسیدگی‌شده", "Complaints resolved", 10, 2e3, 20,
            ("{n} شکایت مربوط به {prog} در {place} بررسی و رسیدگی شده است",),
            ("{n} complaints about {prog} in {place} have been reviewed and resolved",)),
    Measure("new_contracts", "count", "قراردادهای تازه", "New contracts", 5, 600, 20,
            ("{n} قرارداد تازه برای {prog} در {place} منعقد شده است",),
            ("{n} new contracts have been signed for {prog} in {place}",)),
    Measure("mobile_teams", "count", "تیم‌های سیار", "Mobile teams", 3, 150, 20,
            ("{n} تیم سیار خدمات {prog} را در روستاهای {place} ارائه می‌کنند",),
            ("{n} mobile teams deliver services under {prog} in the villages of {place}",)),
    Measure("health_records", "count", "پرونده‌های الکترونیک سلامت", "Electronic health records",
            5e3, 2e6, 25,
            ("{n} پرونده الکترونیک سلامت برای بیمه‌شدگان {prog} در {place} تشکیل شده است",),
            ("{n} electronic health records have been created for people insured under {prog} in {place}",)),
    Measure("cost_share", "percent", "سهم بیمه از هزینه‌ها", "Insurance share of costs", 50, 95, 1,
            ("بیمه سلامت {n} درصد هزینه‌های {prog} را در {place} پرداخت می‌کند",),
            ("health insurance pays {n} percent of the costs of {prog} in {place}",), ranges=True),
    Measure("population_share", "percent", "سهم جمعیت زیر پوشش", "Share of the population covered",
            5, 98, 1,
            ("{n} درصد جمعیت {place} زیر پوشش {prog} قرار دارند",),
            ("{n} percent of the population of {place} are covered by {prog}",),
            bare_key="population_share_covered"),
    Measure("growth", "percent", "رشد خدمات", "Growth in services", 1, 60, 1,
            ("شمار خدمات {prog} در {place} {period} {n} درصد رشد داشته است",),
            ("services under {prog} in {place} grew by {n} percent {period}",), decimals=True),
    Measure("satisfaction", "percent", "رضایت بیمه‌شدگان", "Satisfaction of insured people", 50, 95, 1,
            ("میزان رضایت بیمه‌شدگان {place} از {prog} {n} درصد برآورد شده است",),
            ("satisfaction with {prog} among insured people in {place} is estimated at {n} percent",),
            ranges=True),
    Measure("electronic_share", "percent", "سهم نسخه‌های الکترونیک", "Share of electronic prescriptions",
            30, 99, 1,
            ("{n} درصد نسخه‌های {prog} در {place} به صورت الکترونیک ثبت می‌شود",),
            ("{n} percent of prescriptions under {prog} in {place} are issued electronically",)),
    Measure("out_of_pocket", "percent", "سهم پرداخت از جیب", "Out-of-pocket share", 3, 40, 1,
            ("سهم پرداخت از جیب بیماران در {prog} در {place} به {n} درصد رسیده است",),
            ("the out-of-pocket share paid by patients under {prog} in {place} has fallen to {n} percent",),
            decimals=True),
    Measure("budget_spent", "percent", "سهم اعتبارات جذب‌شده", "Share of funds spent", 20, 99, 1,
            ("{n} درصد اعتبارات {prog} در {place} {period} جذب شده است",),
            ("{n} percent of the funds for {prog} in {place} were spent {period}",)),
    Measure("spending", "toman", "هزینه‌ها", "Spending", 1e9, 5e12, 20,
            ("{n} تومان {period} برای {prog} در {place} هزینه شده است",),
            ("{n} tomans were spent on {prog} in {place} {period}",), ranges=True),
    Measure("monthly_payments", "toman", "پرداخت ماهانه", "Monthly payments", 1e9, 5e11, 20,
            ("بیمه سلامت در {place} ماهانه {n} تومان بابت {prog} پرداخت می‌کند",),
            ("health insurance in {place} pays {n} tomans a month for {prog}",),
            note=("این رقم ماهانه است، نه سالانه.", "This is a monthly figure, not a yearly one.")),
    Measure("claims_paid", "toman", "مطالبات پرداخت‌شده", "Claims paid", 1e9, 3e12, 20,
            ("{n} تومان از مطالبات مراکز طرف قرارداد {prog} در {place} پرداخت شده است",),
            ("{n} tomans owed to centers contracted under {prog} in {place} have been paid",)),
    Measure("budget", "toman", "اعتبار پیش‌بینی‌شده", "Budget set aside", 5e9, 5e12, 20,
            ("اعتبار پیش‌بینی‌شده برای {prog} در {place} {n} تومان است",),
            ("the budget set aside for {prog} in {place} is {n} tomans",)),
    Measure("per_capita", "toman", "سرانه", "Per-capita rate", 5e4, 5e6, 1,
            ("سرانه {prog} در {place} {n} تومان تعیین شده است",),
            ("the per-capita rate for {prog} in {place} has been set at {n} tomans",)),
    Measure("target_year", "iranian_year", "سال هدف", "Target year", 1404, 1410, 1,
            ("افق اجرای کامل {prog} در {place} سال {n} تعیین شده است",),
            ("full implementation of {prog} in {place} is targeted for the Iranian year {n}",)),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}

HEDGES = {
    "fa": {"more_than": ("بیش از", "بیش از", "بالغ بر", "افزون بر", "بیشتر از"),
           "about": ("حدود", "حدود", "نزدیک به", "قریب به")},
    "en": {"more_than": ("more than", "more than", "over"),
           "about": ("about", "around", "nearly", "approximately", "roughly", "some", "almost")},
}

# Sentences without numbers that make a document read like a news report.
FILLER = {
    "fa": (
        "سازمان بیمه سلامت بزرگ‌ترین سازمان بیمه‌گر کشور است و می‌کوشد همه اقشار جامعه را زیر پوشش قرار دهد.",
        "سامانه استعلام وضعیت بیمه برای دسترسی آسان مردم راه‌اندازی شده است تا همگان از وضعیت بیمه خود مطلع شوند.",
        "وی با اشاره به نقش رسانه‌ها گفت: اصحاب رسانه با اطلاع‌رسانی دقیق به بیمه‌شدگان کمک می‌کنند تا از حقوق خود آگاه شوند.",
        "تمدید اعتبار بیمه اکنون به صورت برخط و بدون مراجعه حضوری انجام می‌شود.",
        "بیمه‌شدگان برای دریافت خدمات تنها به کد ملی خود نیاز دارند.",
        "همکاری با دانشگاه علوم پزشکی برای بهبود کیفیت خدمات درمانی در {place} ادامه دارد.",
        "نظارت بر عملکرد مراکز طرف قرارداد با جدیت دنبال می‌شود تا حقوق بیمه‌شدگان حفظ شود.",
        "پرداخت به‌موقع مطالبات مراکز درمانی از اولویت‌های بیمه سلامت در {place} است.",
        "وی از مردم خواست برای آگاهی از خدمات بیمه سلامت به دفاتر پیشخوان مراجعه کنند.",
        "کاهش پرداخت از جیب بیماران هدف اصلی برنامه‌های بیمه سلامت است.",
        "نسخه‌نویسی الکترونیک باعث شفافیت بیشتر و کاهش هزینه‌های اداری شده است.",
        "بیمه سلامت در تلاش است با بهبود فرایندها، خدمات بهتری به بیماران ارائه کند.",
        "وی افزود: هیچ فردی نباید به دلیل ناتوانی مالی از دریافت خدمات درمانی محروم بماند.",
        "گسترش پوشش بیمه در مناطق کم‌برخوردار با همکاری دستگاه‌های اجرایی دنبال می‌شود.",
        "بیمه‌شدگان می‌توانند شکایات خود را از طریق سامانه پاسخگویی ثبت کنند.",
        "این مقام مسئول بر لزوم هماهنگی میان دستگاه‌های متولی سلامت در {place} تأکید کرد.",
        "خدمات بیمه سلامت به صورت یکسان در شهرها و روستاهای {place} ارائه می‌شود.",
        "ارتقای کیفیت خدمات و رضایت بیمه‌شدگان از مهم‌ترین اهداف این سازمان است.",
        "وی سپس به تشریح برنامه‌های پیش روی بیمه سلامت در {place} پرداخت.",
        "اطلاعات بیمه‌شدگان در سامانه‌های یکپارچه نگهداری می‌شود و از حریم خصوصی آنان محافظت می‌شود.",
        "مدیران بیمه سلامت با حضور در مراکز درمانی از نزدیک در جریان مشکلات بیماران قرار می‌گیرند.",
        "تأمین منابع پایدار برای صندوق‌های بیمه‌ای از دغدغه‌های اصلی نظام سلامت است.",
        "آموزش کارکنان مراکز طرف قرارداد برای استفاده از سامانه‌های جدید ادامه دارد.",
        "وی تصریح کرد: پاسخگویی به مردم وظیفه همه کارکنان بیمه سلامت است.",
        "بیمه‌شدگان روستایی نیز می‌توانند از خدمات سطح‌بندی‌شده نظام ارجاع استفاده کنند.",
        "به گفته وی، کاغذی کردن نسخه‌ها به‌زودی به طور کامل کنار گذاشته می‌شود.",
        "وی همچنین از همکاری خیرین سلامت در {place} قدردانی کرد.",
        "این نشست با حضور جمعی از مدیران و کارشناسان بیمه سلامت برگزار شد.",
    ),
    "en": (
        "The Health Insurance Organization is the country's largest insurer and seeks to cover all groups in society.",
        "An online inquiry system lets people check their insurance status and register without visiting an office.",
        "He said the media play an important role in informing insured people of their rights.",
        "Insurance is now renewed online, and insured people need only their national identity code to receive services.",
        "Cooperation with the university of medical sciences in {place} to improve the quality of care continues.",
        "Monitoring of contracted centers is being pursued seriously to protect the rights of insured people.",
        "Paying the claims of medical centers on time is a priority for health insurance in {place}.",
        "He urged people to visit health insurance service offices to learn about the services available to them.",
        "Reducing out-of-pocket payments is the main goal of the organization's programs.",
        "Electronic prescribing has made the system more transparent and reduced administrative costs.",
        "No patient should be deprived of medical care because they cannot afford it, he added.",
        "Insurance coverage in deprived areas is being expanded together with other government bodies.",
        "Insured people can file complaints through the organization's response system.",
        "The official stressed the need for coordination among the bodies responsible for health in {place}.",
        "Health insurance services are provided equally in the cities and villages of {place}.",
        "Improving the quality of services and the satisfaction of insured people are among the organization's main goals.",
        "He went on to outline the organization's plans for the coming months in {place}.",
        "Insured people's data are kept in integrated systems that protect their privacy.",
        "Managers visit medical centers to learn first-hand about the problems patients face.",
        "Securing stable resources for the insurance funds is a main concern of the health system.",
        "Training for staff at contracted centers on the new systems continues.",
        "Responding to the public is the duty of every health insurance employee, he said.",
        "Rural insured people can also use the tiered services of the referral system.",
        "The organization is working to improve its procedures so that patients receive better services.",
        "Paper prescriptions will soon be phased out completely, he said.",
        "He also thanked health charities in {place} for their cooperation.",
        "The meeting was attended by managers and experts of the health insurance organization.",
        "Officials said the figures would be updated as new data become available.",
    ),
}
# Sentences that mention a program without a figure: the program page lists them.
MENTIONS = {
    "fa": ("{prog} با هدف کاهش هزینه‌های درمان بیماران در {place} اجرا می‌شود",
           "اجرای {prog} در {place} با همکاری دانشگاه علوم پزشکی ادامه دارد",
           "بیمه‌شدگان می‌توانند برای استفاده از {prog} به دفاتر پیشخوان بیمه سلامت مراجعه کنند",
           "{prog} از اولویت‌های بیمه سلامت در {place} است"),
    "en": ("{prog} aims to reduce patients' treatment costs in {place}",
           "work on {prog} in {place} continues in cooperation with the university of medical sciences",
           "insured people can visit health insurance service offices to use {prog}",
           "{prog} is among the priorities of health insurance in {place}"),
}
