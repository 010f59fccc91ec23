#!/usr/bin/env python3
"""Write a synthetic, national-size site for measuring the build.

    python benchmarks/generate.py DIR [--provinces N] [--programs N] [--facts N]
                                      [--sources N] [--scale K] [--seed S]

DIR gets the real layout — site.yaml, content/, seeds/ — plus copies of this repository's
templates/, static/ and locale/, so that `python build.py --root DIR` builds it. Every document,
name and figure is invented (the site and every document say so), but each fact is real in the
sense the build checks: its quote is a sentence of its document, and its value is the number that
sentence states, written the ways the real seeds write numbers (Persian and ASCII digits, Persian
words, mixed forms such as «یک میلیون و ۶۷۳ هزار», hedges such as «بیش از» and "about", and
ranges such as "70 to 95 percent").

The same arguments always give byte-identical files: all randomness comes from one
random.Random(seed), and nothing depends on the clock, the machine or hash order.
"""
from __future__ import annotations

import argparse
import datetime
import json
import math
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import jdatetime
import yaml

REPO = Path(__file__).resolve().parent.parent
COPIED = ("templates", "static", "locale")
GENERATED = ("site.yaml", "content", "seeds")
YAML_LIMIT = 1_000_000          # factsite/yamlfile.py refuses larger YAML files

DEFAULT_FACTS = 6000
# 300 documents was the brief's minimum; 700 brings the default site past 1,500 pages
# (pages ≈ 2 per source, scope and program, plus a few index pages per language).
DEFAULT_SOURCES = 700
DERIVED_SCOPES = 12             # scopes with a derived population estimate
PARTS_SCOPES = 6                # scopes whose insured population lists parts (sum_at_most)

ZWNJ = "\u200c"

# ---------------------------------------------------------------------------------------------
# Places, programs, people and outlets
# ---------------------------------------------------------------------------------------------

# slug, Persian name, English name, capital (fa), capital (en)
PROVINCES = (
    ("tehran", "تهران", "Tehran", "تهران", "Tehran"),
    ("isfahan", "اصفهان", "Isfahan", "اصفهان", "Isfahan"),
    ("fars", "فارس", "Fars", "شیراز", "Shiraz"),
    ("khorasan-razavi", "خراسان رضوی", "Khorasan Razavi", "مشهد", "Mashhad"),
    ("east-azerbaijan", "آذربایجان شرقی", "East Azerbaijan", "تبریز", "Tabriz"),
    ("west-azerbaijan", "آذربایجان غربی", "West Azerbaijan", "ارومیه", "Urmia"),
    ("ardabil", "اردبیل", "Ardabil", "اردبیل", "Ardabil"),
    ("alborz", "البرز", "Alborz", "کرج", "Karaj"),
    ("ilam", "ایلام", "Ilam", "ایلام", "Ilam"),
    ("bushehr", "بوشهر", "Bushehr", "بوشهر", "Bushehr"),
    ("chaharmahal-and-bakhtiari", "چهارمحال و بختیاری", "Chaharmahal and Bakhtiari", "شهرکرد", "Shahrekord"),
    ("south-khorasan", "خراسان جنوبی", "South Khorasan", "بیرجند", "Birjand"),
    ("north-khorasan", "خراسان شمالی", "North Khorasan", "بجنورد", "Bojnurd"),
    ("khuzestan", "خوزستان", "Khuzestan", "اهواز", "Ahvaz"),
    ("zanjan", "زنجان", "Zanjan", "زنجان", "Zanjan"),
    ("semnan", "سمنان", "Semnan", "سمنان", "Semnan"),
    ("sistan-and-baluchestan", "سیستان و بلوچستان", "Sistan and Baluchestan", "زاهدان", "Zahedan"),
    ("qazvin", "قزوین", "Qazvin", "قزوین", "Qazvin"),
    ("qom", "قم", "Qom", "قم", "Qom"),
    ("kurdistan", "کردستان", "Kurdistan", "سنندج", "Sanandaj"),
    ("kerman", "کرمان", "Kerman", "کرمان", "Kerman"),
    ("kermanshah", "کرمانشاه", "Kermanshah", "کرمانشاه", "Kermanshah"),
    ("kohgiluyeh-and-boyer-ahmad", "کهگیلویه و بویراحمد", "Kohgiluyeh and Boyer-Ahmad", "یاسوج", "Yasuj"),
    ("golestan", "گلستان", "Golestan", "گرگان", "Gorgan"),
    ("gilan", "گیلان", "Gilan", "رشت", "Rasht"),
    ("lorestan", "لرستان", "Lorestan", "خرم‌آباد", "Khorramabad"),
    ("mazandaran", "مازندران", "Mazandaran", "ساری", "Sari"),
    ("markazi", "مرکزی", "Markazi", "اراک", "Arak"),
    ("hormozgan", "هرمزگان", "Hormozgan", "بندرعباس", "Bandar Abbas"),
    ("hamadan", "همدان", "Hamadan", "همدان", "Hamadan"),
    ("yazd", "یزد", "Yazd", "یزد", "Yazd"),
)

# slug, name fa, name en, phrase fa, phrase en (as sentences name it), aim fa, aim en
PROGRAMS = (
    ("coverage", "پوشش جمعیت", "Population coverage",
     "برنامه پوشش همگانی بیمه سلامت", "the universal coverage program",
     "می‌کوشد همه ساکنان کشور، از جمله روستاییان و کارکنان دولت، زیر پوشش بیمه پایه باشند",
     "aims to bring every resident, including rural residents and government employees, under basic insurance"),
    ("special-diseases", "بیماری‌های خاص و صعب‌العلاج", "Special and hard-to-treat diseases",
     "برنامه حمایت از بیماران خاص و صعب‌العلاج", "the special and hard-to-treat diseases program",
     "بخش بزرگی از هزینه درمان بیماران خاص و صعب‌العلاج را می‌پردازد",
     "pays a large part of the cost of treating patients with special and hard-to-treat diseases"),
    ("free-insurance", "بیمه رایگان برای گروه‌های کم‌درآمد و مناطق کم‌برخوردار",
     "Free insurance for low-income groups and deprived areas",
     "طرح بیمه رایگان خانوارهای کم‌درآمد", "the free insurance scheme for low-income households",
     "خانوارهای کم‌درآمد و ساکنان مناطق کم‌برخوردار را بدون حق بیمه زیر پوشش می‌برد",
     "covers low-income households and residents of deprived areas without a premium"),
    ("rural-insurance", "بیمه روستایی", "Rural insurance",
     "صندوق بیمه روستاییان و عشایر", "the rural and nomadic insurance fund",
     "روستاییان، عشایر و ساکنان شهرهای کوچک را بیمه می‌کند",
     "insures rural residents, nomads and residents of small towns"),
    ("infertility", "درمان ناباروری", "Infertility treatment",
     "برنامه حمایت از درمان ناباروری", "the infertility treatment support program",
     "بخشی از هزینه درمان زوج‌های نابارور را می‌پردازد",
     "pays part of the cost of treating infertile couples"),
    ("addiction-treatment", "درمان اعتیاد", "Addiction treatment",
     "برنامه درمان سرپایی اعتیاد", "the outpatient addiction treatment program",
     "هزینه درمان سرپایی اعتیاد را در مراکز طرف قرارداد پوشش می‌دهد",
     "covers outpatient addiction treatment in contracted centers"),
    ("disabilities", "خدمات به افراد دارای معلولیت", "Services for people with disabilities",
     "برنامه حمایت از افراد دارای معلولیت", "the disability support program",
     "خدمات درمانی و توان‌بخشی افراد دارای معلولیت را پوشش می‌دهد",
     "covers medical and rehabilitation services for people with disabilities"),
    ("foreign-nationals", "بیمه اتباع خارجی", "Insurance for foreign nationals",
     "طرح بیمه سلامت اتباع خارجی", "the foreign nationals health insurance scheme",
     "اتباع خارجی ساکن کشور را زیر پوشش بیمه سلامت می‌برد",
     "brings foreign nationals living in the country under health insurance"),
    ("contracted-providers", "مراکز طرف قرارداد", "Contracted providers",
     "شبکه مراکز طرف قرارداد", "the contracted provider network",
     "با بیمارستان‌ها، داروخانه‌ها، مطب‌ها و آزمایشگاه‌ها قرارداد می‌بندد",
     "signs contracts with hospitals, pharmacies, doctors' offices and laboratories"),
    ("cost-sharing", "سهم پرداخت بیمه", "Cost sharing",
     "برنامه کاهش پرداخت از جیب بیماران", "the out-of-pocket reduction program",
     "سهم بیماران از هزینه‌های بستری و سرپایی را کاهش می‌دهد",
     "lowers the share of inpatient and outpatient costs that patients pay"),
    ("insurance-funds", "صندوق‌های بیمه‌ای", "Insurance funds",
     "صندوق بیمه کارکنان دولت", "the government employees' insurance fund",
     "منابع صندوق‌های بیمه‌ای سازمان را مدیریت می‌کند",
     "manages the resources of the organization's insurance funds"),
    ("international-cooperation", "همکاری‌های بین‌المللی", "International cooperation",
     "برنامه همکاری‌های بین‌المللی بیمه سلامت", "the international cooperation program",
     "تجربه‌های بیمه سلامت را با کشورهای دیگر در میان می‌گذارد",
     "shares health insurance experience with other countries"),
    ("family-physician", "پزشک خانواده", "Family physician",
     "برنامه پزشک خانواده", "the family physician program",
     "برای هر خانوار پزشکی را مسئول مراقبت‌های اولیه می‌کند",
     "makes a doctor responsible for each household's primary care"),
    ("referral-system", "نظام ارجاع", "Referral system",
     "نظام ارجاع الکترونیک", "the electronic referral system",
     "بیماران را از سطح اول خدمات به سطوح تخصصی ارجاع می‌دهد",
     "refers patients from primary care to specialist levels"),
    ("e-prescription", "نسخه الکترونیک", "Electronic prescriptions",
     "طرح نسخه‌نویسی الکترونیک", "the electronic prescription scheme",
     "نسخه‌های کاغذی را با نسخه‌های الکترونیک جایگزین می‌کند",
     "replaces paper prescriptions with electronic ones"),
    ("drug-coverage", "پوشش دارویی", "Drug coverage",
     "برنامه پوشش دارویی", "the drug coverage program",
     "داروهای تازه را به فهرست داروهای زیر پوشش بیمه می‌افزاید",
     "adds new medicines to the list of drugs insurance covers"),
    ("dialysis", "دیالیز", "Dialysis",
     "برنامه حمایت از بیماران دیالیزی", "the dialysis patients support program",
     "هزینه دیالیز بیماران کلیوی را می‌پردازد",
     "pays for dialysis for kidney patients"),
    ("cancer-care", "درمان سرطان", "Cancer care",
     "برنامه ملی کنترل سرطان", "the national cancer control program",
     "هزینه داروها و درمان بیماران سرطانی را پوشش می‌دهد",
     "covers medicines and treatment for cancer patients"),
    ("maternal-health", "زایمان طبیعی و سلامت مادران", "Natural childbirth and maternal health",
     "طرح ترویج زایمان طبیعی", "the natural childbirth scheme",
     "زایمان طبیعی را در بیمارستان‌های دولتی رایگان می‌کند",
     "makes natural childbirth free in public hospitals"),
    ("elderly-care", "مراقبت از سالمندان", "Elderly care",
     "برنامه مراقبت از سالمندان", "the elderly care program",
     "خدمات درمانی و مراقبتی سالمندان را پوشش می‌دهد",
     "covers medical and care services for older people"),
    ("dental-care", "خدمات دندان‌پزشکی", "Dental care",
     "طرح پوشش خدمات دندان‌پزشکی", "the dental services scheme",
     "خدمات پایه دندان‌پزشکی کودکان و بزرگسالان را پوشش می‌دهد",
     "covers basic dental services for children and adults"),
    ("rehabilitation", "توان‌بخشی", "Rehabilitation",
     "برنامه خدمات توان‌بخشی", "the rehabilitation services program",
     "هزینه خدمات توان‌بخشی و وسایل کمکی را می‌پردازد",
     "pays for rehabilitation services and assistive devices"),
    ("home-care", "مراقبت در منزل", "Home care",
     "طرح مراقبت در منزل", "the home care scheme",
     "خدمات پرستاری و مراقبتی را در منزل بیماران ارائه می‌کند",
     "provides nursing and care services in patients' homes"),
    ("mental-health", "سلامت روان", "Mental health",
     "برنامه خدمات سلامت روان", "the mental health services program",
     "هزینه مشاوره و درمان بیماران روان‌پزشکی را پوشش می‌دهد",
     "covers counselling and treatment for psychiatric patients"),
    ("organ-transplant", "پیوند اعضا", "Organ transplants",
     "برنامه حمایت از پیوند اعضا", "the organ transplant support program",
     "هزینه پیوند اعضا و داروهای پس از پیوند را پوشش می‌دهد",
     "covers organ transplants and post-transplant medicines"),
)
ORDINALS = (("دوم", "second"), ("سوم", "third"), ("چهارم", "fourth"), ("پنجم", "fifth"),
            ("ششم", "sixth"), ("هفتم", "seventh"), ("هشتم", "eighth"))

FIRST_NAMES = (("محمد", "Mohammad"), ("علی", "Ali"), ("حسین", "Hossein"), ("رضا", "Reza"),
               ("مهدی", "Mehdi"), ("حمید", "Hamid"), ("مجید", "Majid"), ("سعید", "Saeed"),
               ("احمد", "Ahmad"), ("مرتضی", "Morteza"), ("فاطمه", "Fatemeh"), ("زهرا", "Zahra"),
               ("مریم", "Maryam"), ("سارا", "Sara"), ("نرگس", "Narges"), ("لیلا", "Leila"),
               ("کاظم", "Kazem"), ("جواد", "Javad"), ("امیر", "Amir"), ("بهروز", "Behrouz"))
LAST_NAMES = (("احمدی", "Ahmadi"), ("رضایی", "Rezaei"), ("کریمی", "Karimi"), ("حسینی", "Hosseini"),
              ("موسوی", "Mousavi"), ("جعفری", "Jafari"), ("نوری", "Nouri"), ("صادقی", "Sadeghi"),
              ("رحیمی", "Rahimi"), ("کاظمی", "Kazemi"), ("هاشمی", "Hashemi"), ("قاسمی", "Ghasemi"),
              ("محمدی", "Mohammadi"), ("یزدانی", "Yazdani"), ("شریفی", "Sharifi"), ("نظری", "Nazari"),
              ("طاهری", "Taheri"), ("عباسی", "Abbasi"), ("اکبری", "Akbari"), ("زارعی", "Zarei"),
              ("فرهادی", "Farhadi"), ("ملکی", "Maleki"), ("بهرامی", "Bahrami"), ("سلیمانی", "Soleimani"))
PROVINCE_ROLES = (
    ("مدیرکل بیمه سلامت استان {fa}", "Director-General of Health Insurance, {en} province"),
    ("معاون درمان اداره کل بیمه سلامت استان {fa}", "Deputy for Treatment, Health Insurance, {en} province"),
    ("معاون اداری و مالی بیمه سلامت استان {fa}", "Deputy for Administration and Finance, Health Insurance, {en} province"),
)
NATIONAL_ROLES = (
    ("مدیرعامل سازمان بیمه سلامت ایران", "Head of the Iran Health Insurance Organization"),
    ("معاون درمان سازمان بیمه سلامت ایران", "Deputy for Treatment, Iran Health Insurance Organization"),
    ("مدیرکل دفتر گسترش بیمه سلامت", "Director-General of the Insurance Expansion Office, Iran Health Insurance Organization"),
    ("سخنگوی سازمان بیمه سلامت ایران", "Spokesperson of the Iran Health Insurance Organization"),
)
# text in the document, name fa, name en, dateline word (IRNA datelines: «شیراز - ایرنا -»)
FA_OUTLETS = (
    ("به گزارش ایرنا", "ایرنا", "IRNA", "ایرنا"),
    ("به گزارش خبرنگار مهر", "خبرگزاری مهر", "Mehr News Agency", None),
    ("به گزارش خبرگزاری تسنیم", "خبرگزاری تسنیم", "Tasnim News Agency", None),
    ("به گزارش ایسنا", "ایسنا", "ISNA", None),
    ("به گزارش ایلنا", "ایلنا", "ILNA", None),
    ("به گزارش وبدا", "وبدا", "Webda", None),
    ("به گزارش روابط عمومی بیمه سلامت", "روابط عمومی بیمه سلامت", "Health Insurance public relations", None),
)
EN_OUTLETS = (
    ("IRNA reported", "ایرنا", "IRNA"),
    ("Mehr News Agency reported", "خبرگزاری مهر", "Mehr News Agency"),
    ("the Tehran Times reported", "تهران تایمز", "Tehran Times"),
    ("IRIB News reported", "خبرگزاری صداوسیما", "IRIB News"),
    ("ISNA reported", "ایسنا", "ISNA"),
)
WHEN = (("صبح امروز", "this morning"), ("ظهر امروز", "at noon today"), ("روز دوشنبه", "on Monday"),
        ("عصر سه‌شنبه", "on Tuesday afternoon"), ("صبح چهارشنبه", "on Wednesday morning"),
        ("روز یکشنبه", "on Sunday"))
PERIODS = (("در سال گذشته", "last year"), ("از ابتدای امسال", "since the start of this year"),
           ("در نیمه نخست امسال", "in the first half of this year"),
           ("طی سال جاری", "during the current year"), ("در ماه‌های اخیر", "in recent months"))
JALALI_MONTHS = ("فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر",
                 "دی", "بهمن", "اسفند")
EN_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")

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

# ---------------------------------------------------------------------------------------------
# Writing numbers the ways the seeds do
# ---------------------------------------------------------------------------------------------

FA_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
FA_UNITS = ("", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه")
FA_TEENS = ("ده", "یازده", "دوازده", "سیزده", "چهارده", "پانزده", "شانزده", "هفده", "هجده", "نوزده")
FA_TENS = ("", "", "بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود")
FA_HUNDREDS = ("", "یکصد", "دویست", "سیصد", "چهارصد", "پانصد", "ششصد", "هفتصد", "هشتصد", "نهصد")
FA_SCALES = ((10 ** 9, "میلیارد"), (10 ** 6, "میلیون"), (10 ** 3, "هزار"))
EN_UNITS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
EN_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
            "eighteen", "nineteen")
EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
EN_SCALES = ((10 ** 12, "trillion"), (10 ** 9, "billion"), (10 ** 6, "million"))


def script(text: str, persian: bool) -> str:
    return text.translate(FA_DIGITS) if persian else text


def grouped(n: int, sep: str) -> str:
    return f"{n:,}".replace(",", sep)


def fa_words(n: int) -> str:
    """Persian words for 0 < n < 10^12: «یکصد و بیست و پنج», «دو هزار و پانصد»."""
    parts = []
    for scale, word in FA_SCALES:
        group, n = divmod(n, scale)
        if group:
            parts.append(word if group == 1 and scale == 1000 else f"{fa_words_below_1000(group)} {word}")
    if n:
        parts.append(fa_words_below_1000(n))
    return " و ".join(parts)


def fa_words_below_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = [FA_HUNDREDS[hundreds]] if hundreds else []
    if 10 <= rest < 20:
        parts.append(FA_TEENS[rest - 10])
    elif rest:
        tens, units = divmod(rest, 10)
        parts += [w for w in (FA_TENS[tens], FA_UNITS[units]) if w]
    return " و ".join(parts)


def en_words(n: int) -> str:
    """English words for 0 < n < 100: "seven", "twenty-five"."""
    if n < 10:
        return EN_UNITS[n]
    if n < 20:
        return EN_TEENS[n - 10]
    tens, units = divmod(n, 10)
    return EN_TENS[tens] + (f"-{EN_UNITS[units]}" if units else "")


def fa_mixed(n: int, persian: bool, rng: random.Random) -> str:
    """Digit groups joined by scale words: «یک میلیون و ۶۷۳ هزار», «۵۵۷ هزار و ۲۷۶», «هزار و 600»."""
    billions, rest = divmod(n, 10 ** 9)
    parts = []
    if billions:
        if billions >= 1000 and billions % 1000 == 0 and not rest:
            return f"{script(str(billions // 1000), persian)} هزار میلیارد"     # «۱۲ هزار میلیارد»
        parts.append(("یک" if billions == 1 else script(grouped(billions, "٬" if persian else ","), persian))
                     + " میلیارد")
    for scale, word in FA_SCALES[1:]:
        group, rest = divmod(rest, scale)
        if group == 1:
            parts.append(word if scale == 1000 and rng.random() < 0.7 else f"یک {word}")
        elif group:
            parts.append(f"{script(str(group), persian)} {word}")
    if rest:
        parts.append(script(str(rest), persian))
    return " و ".join(parts)


def decimal_scale(n: int, scales) -> tuple[str, str] | None:
    """(mantissa, scale word) when n is 1.5 million, 12.75 billion…, with at most two decimals."""
    for scale, word in scales:
        if n >= scale and (n * 100) % scale == 0:
            mantissa = Decimal(n) / scale
            return format(mantissa.normalize(), "f"), word
    return None


def fa_number(value, unit: str, rng: random.Random) -> str:
    """One number as a Persian text writes it, in a style that suits the value."""
    persian = rng.random() < 0.75
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return script(str(value).replace(".", "٫"), persian)      # «۲٫۵»
    n = int(value)
    if unit == "iranian_year":
        return script(str(n), persian)
    styles = []
    if unit == "toman" and n >= 10 ** 6:
        styles += ["mixed"] * 4
        scaled = decimal_scale(n, ((10 ** 9, "میلیارد"), (10 ** 6, "میلیون")))
        if scaled and "." in scaled[0]:
            styles.append("decimal")                               # «۱٫۵ میلیارد»
        if n >= 10 ** 9 and n % 10 ** 9 == 0:
            styles.append("billions")                              # «۱٬۲۰۰ میلیارد»
        if n < 10 ** 9 and n % 1000 == 0:
            styles.append("words")
    else:
        styles += ["digits"] * (3 if n < 10 ** 5 else 2)
        if n >= 1000:
            styles += ["mixed"] * 3
        if n < 1000 or (n % 1000 == 0 and n < 10 ** 6) or (n % 10 ** 6 == 0 and n < 10 ** 9):
            styles.append("words")
    style = rng.choice(styles)
    if style == "digits":
        sep = rng.choice(("٬", ",", "")) if n >= 10000 else ""
        return script(grouped(n, sep) if sep else str(n), persian)
    if style == "mixed":
        return fa_mixed(n, persian, rng)
    if style == "billions":
        return script(grouped(n // 10 ** 9, "٬" if persian else ","), persian) + " میلیارد"
    if style == "decimal":
        mantissa, word = decimal_scale(n, ((10 ** 9, "میلیارد"), (10 ** 6, "میلیون")))
        return script(mantissa.replace(".", "٫"), persian) + " " + word
    return fa_words(n)


def en_number(value, unit: str, rng: random.Random) -> str:
    """One number as an English text writes it: "53,000", "1.2 million", "twenty-five"."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return str(value)
    n = int(value)
    if unit == "iranian_year":
        return str(n)
    scaled = decimal_scale(n, EN_SCALES)
    if scaled and (unit == "toman" or rng.random() < 0.5):
        return f"{scaled[0]} {scaled[1]}"
    if n < 100 and unit != "toman" and rng.random() < 0.3:
        return en_words(n)
    return f"{n:,}"


def number_phrase(lang: str, value, value_max, qualifier: str, unit: str, rng: random.Random) -> str:
    """The figure as a sentence states it, with its hedge or as a range."""
    render = fa_number if lang == "fa" else en_number
    if value_max is not None:
        low, high = int(value), int(value_max)
        for scale in (10 ** 9, 10 ** 3):
            # «۳۰ تا ۴۰ هزار نفر», "200 to 300 billion tomans": the scale is written once
            if low % scale == 0 and high % scale == 0 and high // scale < 1000 and low >= scale \
                    and rng.random() < 0.6:
                word = {"fa": {10 ** 9: "میلیارد", 10 ** 3: "هزار"},
                        "en": {10 ** 9: "billion", 10 ** 3: "thousand"}}[lang][scale]
                persian = lang == "fa" and rng.random() < 0.75
                text = f"{script(str(low // scale), persian)} {'تا' if lang == 'fa' else 'to'} " \
                       f"{script(str(high // scale), persian)} {word}"
                break
        else:
            joiner = " تا " if lang == "fa" else " to "
            text = render(low, unit, rng) + joiner + render(high, unit, rng)
        if rng.random() < 0.3:
            text = ("بین " if lang == "fa" else "from ") + text
        return text
    text = render(value, unit, rng)
    if qualifier != "exact":
        text = rng.choice(HEDGES[lang][qualifier]) + " " + text
    return text


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


def round_sig(x: float, digits: int, down: bool = False) -> int:
    """x rounded to a number of significant digits (down if asked)."""
    if x < 1:
        return 1
    scale = 10 ** max(0, int(math.floor(math.log10(x))) - digits + 1)
    return max(scale, (int(x // scale) if down else int(round(x / scale))) * scale)


def make_value(measure: Measure, national: bool, rng: random.Random, allow_range: bool = True):
    """(value, value_max, qualifier) for one figure of a measure."""
    if measure.unit == "iranian_year":
        return rng.randint(int(measure.low), int(measure.high)), None, "exact"
    if measure.unit == "percent":
        if measure.ranges and allow_range and rng.random() < 0.2:
            low = rng.randint(int(measure.low), int(measure.high) - 10)
            return low, rng.randint(low + 5, min(100, low + 30)), "exact"
        value = rng.randint(int(measure.low), int(measure.high))
        if measure.decimals and rng.random() < 0.35:
            value = Decimal(value) + Decimal(rng.randint(1, 9)) / 10
        return value, None, rng.choices(("exact", "more_than", "about"), (5, 2, 3))[0]
    low, high = measure.low, measure.high
    if national:
        low, high = low * measure.national, high * measure.national
    x = math.exp(rng.uniform(math.log(low), math.log(high)))
    if measure.ranges and allow_range and rng.random() < 0.12:
        start = round_sig(x, 1)
        step = start // max(1, int(str(start)[0])) if start >= 10 else 1
        return start, start + step * rng.randint(1, 4), "exact"
    roundness = rng.random()
    if measure.unit == "toman":
        value = round_sig(x, rng.choice((1, 2, 2, 3)))
        if value >= 10 ** 6:
            value -= value % 10 ** 6 if value >= 10 ** 9 else value % 1000
        return value, None, rng.choices(("exact", "more_than", "about"), (3, 4, 3))[0]
    if roundness < 0.35 and x >= 100:
        return int(x), None, rng.choices(("exact", "about"), (9, 1))[0]
    value = round_sig(x, rng.choice((1, 2, 2, 3, 3, 4)))
    return value, None, rng.choices(("exact", "more_than", "about"), (4, 4, 3))[0]


# ---------------------------------------------------------------------------------------------
# The plan: scopes, programs, metric keys, facts, documents
# ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Scope:
    slug: str
    kind: str
    fa: str
    en: str
    place_fa: str       # as sentences name it: «استان فارس», «کشور»
    place_en: str
    city_fa: str
    city_en: str
    officials: list = field(default_factory=list)   # (name fa, name en, role fa, role en)


@dataclass(eq=False)
class Program:
    slug: str
    fa: str
    en: str
    phrase_fa: str
    phrase_en: str
    aim_fa: str
    aim_en: str


@dataclass(eq=False)
class Fact:
    id: str
    scope: Scope
    program: Program
    measure: Measure
    metric: str
    value: object
    value_max: object
    qualifier: str
    extra_program: Program | None = None
    seed: str = ""
    quote: str = ""
    translation: str = ""
    speaker: tuple | None = None
    when: tuple | None = None
    parts: list | None = None
    period: tuple | None = None


@dataclass(eq=False)
class Document:
    index: int
    file: str
    lang: str
    scope: Scope
    facts: list
    speaker: tuple = ()
    when: tuple | None = None
    outlet: tuple | None = None      # (text, fa, en)
    dateline: str | None = None
    date: datetime.date | None = None
    text: str = ""
    mentions: list = field(default_factory=list)   # (program, quote, translation)


def make_scopes(count: int, rng: random.Random) -> list[Scope]:
    if not 0 <= count <= len(PROVINCES):
        raise SystemExit(f"--provinces must lie in 0–{len(PROVINCES)}")
    scopes = [Scope("national", "national", "سراسر کشور", "Nationwide", "کشور", "the country", "تهران", "Tehran")]
    scopes += [Scope(slug, "province", fa, en, f"استان {fa}", f"{en} province", cfa, cen)
               for slug, fa, en, cfa, cen in PROVINCES[:count]]
    used = set()
    for scope in scopes:
        roles = NATIONAL_ROLES if scope.kind == "national" else PROVINCE_ROLES
        for role_fa, role_en in roles:
            while True:
                first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
                if (first, last) not in used:
                    used.add((first, last))
                    break
            scope.officials.append((f"{first[0]} {last[0]}", f"{first[1]} {last[1]}",
                                    role_fa.format(fa=scope.fa), role_en.format(en=scope.en)))
    return scopes


def make_programs(count: int) -> list[Program]:
    if count < 1:
        raise SystemExit("--programs must be at least 1")
    programs = []
    for i in range(count):
        slug, fa, en, pfa, pen, afa, aen = PROGRAMS[i % len(PROGRAMS)]
        phase = i // len(PROGRAMS)
        if phase:
            if phase > len(ORDINALS):
                raise SystemExit(f"--programs must be at most {len(PROGRAMS) * (len(ORDINALS) + 1)}")
            ofa, oen = ORDINALS[phase - 1]
            slug, fa, en = f"{slug}-phase-{phase + 1}", f"{fa} (مرحله {ofa})", f"{en} ({oen} phase)"
            pfa, pen = f"مرحله {ofa} {pfa}", f"the {oen} phase of {pen[4:] if pen.startswith('the ') else pen}"
        programs.append(Program(slug, fa, en, pfa, pen, afa, aen))
    return programs


def metric_key(program: Program, measure: Measure, first: Program) -> str:
    if program is first and measure.bare_key:
        return measure.bare_key
    return f"{program.slug.replace('-', '_')}_{measure.key}"


def split(total: int, weights: list[float], caps: list[int]) -> list[int]:
    """total split in proportion to weights, no part above its cap."""
    counts = [0] * len(weights)
    remaining, open_ = total, list(range(len(weights)))
    while remaining > 0 and open_:
        weight = sum(weights[i] for i in open_)
        share = {i: remaining * weights[i] / weight for i in open_}
        for i in open_:
            counts[i] += min(caps[i] - counts[i], int(share[i]))
        remaining = total - sum(counts)
        open_ = [i for i in open_ if counts[i] < caps[i]]
        if remaining and open_ and all(int(share[i]) == 0 for i in open_):
            for i in open_[:remaining]:
                counts[i] += 1
            remaining = total - sum(counts)
    if remaining > 0:
        raise SystemExit(f"{total} facts do not fit: each scope reports each metric at most once, "
                         f"so at most {sum(caps)} facts fit — raise --programs or --provinces")
    return counts


def plan_facts(scopes, programs, total: int, rng: random.Random) -> list[Fact]:
    """Choose which scope reports which metric, with what value; most keys recur across scopes."""
    first = programs[0]
    keys = [(p, m) for p in programs for m in MEASURES]
    order = keys[:]
    rng.shuffle(order)
    weights = [2.0 if s.kind == "national" else rng.uniform(0.8, 1.2) for s in scopes]
    counts = split(total, weights, [len(keys)] * len(scopes))
    cover, share = MEASURE_BY_KEY["covered_population"], MEASURE_BY_KEY["population_share"]
    part_programs = [p for p in programs if p.slug in ("rural-insurance", "free-insurance")] or programs[1:3]
    facts = []
    for index, (scope, count) in enumerate(zip(scopes, counts)):
        national = scope.kind == "national"
        forced = {}
        if count >= 2:
            # every scope states its insured population and its share of the population (home page,
            # compare page, share chart); the first few also get a derived estimate and parts
            population = (85e6 if national else math.exp(rng.uniform(math.log(6e5), math.log(1.4e7))))
            percent = rng.randint(35, 60) if national else rng.randint(45, 96)
            insured = round_sig(population * percent / 100, rng.choice((2, 3, 4)))
            forced[(first, share)] = (percent, None, rng.choice(("exact", "about", "about")))
            forced[(first, cover)] = (insured, None, rng.choice(("exact", "more_than", "about")))
            if index < PARTS_SCOPES and count >= 2 + len(part_programs):
                left = insured * rng.uniform(0.4, 0.9)
                for program in part_programs:
                    part = round_sig(left * rng.uniform(0.3, 0.7), 2, down=True)
                    left -= part
                    forced[(program, cover)] = (part, None, rng.choice(("exact", "about", "more_than")))
        # each scope draws its keys from the front of one shared order, so keys recur across scopes
        need = count - len(forced)
        candidates = [k for k in order if k not in forced]
        chosen = list(forced) + rng.sample(candidates[:max(need, need * 5 // 4 + 1)], need)
        for program, measure in sorted(chosen, key=lambda k: (programs.index(k[0]), MEASURES.index(k[1]))):
            if (program, measure) in forced:
                value, value_max, qualifier = forced[(program, measure)]
            else:
                value, value_max, qualifier = make_value(measure, national, rng)
            key = metric_key(program, measure, first)
            fact = Fact(f"{scope.slug}-{program.slug}-{measure.key.replace('_', '-')}", scope, program,
                        measure, key, value, value_max, qualifier)
            if len(programs) > 1 and rng.random() < 0.2:
                other = rng.choice(programs)
                fact.extra_program = other if other is not program else None
            facts.append(fact)
        if (first, cover) in forced and index < PARTS_SCOPES:
            whole = next(f for f in facts if f.scope is scope and f.program is first and f.measure is cover)
            whole.parts = [f"{scope.slug}-{p.slug}-covered-population" for p in part_programs
                           if (p, cover) in forced]
            if not whole.parts:
                whole.parts = None
    return facts


def plan_documents(scopes, facts, total: int, rng: random.Random) -> list[Document]:
    """Give each scope documents in proportion to its facts, and deal its facts into them."""
    by_scope = {s.slug: [f for f in facts if f.scope is s] for s in scopes}
    active = [s for s in scopes if by_scope[s.slug]]
    if total < len(active):
        raise SystemExit(f"--sources must be at least {len(active)}, one per scope with facts")
    weights = [len(by_scope[s.slug]) for s in active]
    counts = [1 + c for c in split(total - len(active), weights, [total] * len(active))]
    width = max(3, len(str(total - 1)))
    docs, dealt = [], []
    for scope, count in zip(active, counts):
        pool = by_scope[scope.slug][:]
        rng.shuffle(pool)
        for k in range(count):
            dealt.append((scope, pool[k::count]))
    rng.shuffle(dealt)
    for index, (scope, doc_facts) in enumerate(dealt):
        lang = "en" if rng.random() < 1 / 3 else "fa"
        name = f"{index:0{width}d}_{rng.getrandbits(64):016x}.txt"
        docs.append(Document(index, name, lang, scope, doc_facts))
    return docs


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------


def capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


def sentence(fact: Fact, lang: str, template_index: int, rng: random.Random) -> str:
    """The fact's sentence in one language, with its figure written as that language would."""
    templates = fact.measure.fa if lang == "fa" else fact.measure.en
    template = templates[template_index % len(templates)]
    period = fact.period[0 if lang == "fa" else 1]
    number = number_phrase(lang, fact.value, fact.value_max, fact.qualifier, fact.measure.unit, rng)
    prog = fact.program.phrase_fa if lang == "fa" else fact.program.phrase_en
    place = fact.scope.place_fa if lang == "fa" else fact.scope.place_en
    text = template.format(n=number, prog=prog, place=place, period=period)
    return capitalize(text) if lang == "en" else text


def degrade(text: str, zwnj: str, arabic: bool) -> str:
    """How a seed arrives: ZWNJs lost (dropped or turned into spaces), sometimes Arabic letter forms."""
    text = text.replace(ZWNJ, "" if zwnj == "drop" else " " if zwnj == "space" else ZWNJ)
    if arabic:
        text = text.replace("ی", "ي").replace("ک", "ك")
    return text


def swap_digits(text: str) -> str:
    """Persian digits to ASCII and back: an editor may write a quote in the other digit script."""
    if any("۰" <= c <= "۹" for c in text):
        return text.translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789"))
    return text.translate(FA_DIGITS)


def write_document(doc: Document, programs: list[Program], rng: random.Random) -> None:
    """Compose the document's text and fill in each of its facts' quote and translation."""
    scope, lang = doc.scope, doc.lang
    doc.speaker = rng.choice(scope.officials)
    name_fa, name_en, role_fa, role_en = doc.speaker
    surname_fa, surname_en = name_fa.split()[-1], name_en.split()[-1]
    doc.when = rng.choice(WHEN) if rng.random() < 0.5 else None
    if rng.random() < 0.6:
        doc.date = datetime.date(2023, 3, 21) + datetime.timedelta(days=rng.randrange(1000))
    if lang == "fa":
        outlet = rng.choice(FA_OUTLETS) if rng.random() < 0.9 else None
        doc.outlet = outlet[:3] if outlet else None
        if outlet and outlet[3] and rng.random() < 0.6:
            doc.dateline = f"{scope.city_fa} - {outlet[3]} -"
    else:
        doc.outlet = rng.choice(EN_OUTLETS) if rng.random() < 0.9 else None
        if rng.random() < 0.5:
            doc.dateline = f"{scope.city_en.upper()} –"
    zwnj = rng.choices(("drop", "space", "keep"), (6, 3, 1))[0]
    arabic = lang == "fa" and rng.random() < 0.1
    place = scope.place_fa if lang == "fa" else scope.place_en

    body = []          # sentences as they appear in the document, in order
    for fact in doc.facts:
        fact.period = rng.choice(PERIODS)
        index = rng.randrange(4)
        text = sentence(fact, lang, index, rng)
        other = sentence(fact, "en" if lang == "fa" else "fa", index, rng)
        if lang == "fa":
            lead = rng.choice(("", "", "وی افزود: ", f"{surname_fa} گفت: ", "وی اظهار کرد: ",
                               "این مقام مسئول ادامه داد: "))
            fact.quote = text if rng.random() < 0.8 else swap_digits(text)
            body.append(f"{lead}{text}.")
        else:
            form = rng.randrange(4)
            if form == 0:
                body.append(f"{text}.")
            elif form == 1:
                body.append(f"“{text},” {surname_en} said.")
            elif form == 2:
                text = text[0].lower() + text[1:] if not text.startswith(("IRNA", "ISNA")) else text
                body.append(f"{surname_en} said {text}.")
            else:
                text = text[0].lower() + text[1:]
                body.append(f"According to {surname_en}, {text}.")
            fact.quote = text
        fact.translation = other
        fact.seed = doc.file
        fact.speaker = doc.speaker
        fact.when = doc.when
    programs_here = []
    for fact in doc.facts:
        if fact.program not in programs_here:
            programs_here.append(fact.program)
    for program in programs_here[:rng.randint(1, 2)]:
        index = rng.randrange(len(MENTIONS["fa"]))
        texts = {}
        for side in ("fa", "en"):
            prog = program.phrase_fa if side == "fa" else program.phrase_en
            where = scope.place_fa if side == "fa" else scope.place_en
            texts[side] = capitalize(MENTIONS[side][index].format(prog=prog, place=where))
        doc.mentions.append((program, texts[lang], texts["en" if lang == "fa" else "fa"]))
        body.append(texts[lang] + ".")
    fillers = list(FILLER[lang])
    rng.shuffle(fillers)
    target = rng.randint(3000, 4000)
    size = sum(len(s.encode()) for s in body) + 300
    while fillers and (size < target or len(body) < 22):
        text = fillers.pop().format(place=place)
        body.insert(rng.randint(0, len(body)), text)
        size += len(text.encode()) + 1

    if lang == "fa":
        intro = (f"{doc.outlet[0]} از {scope.city_fa}، " if doc.outlet else "") + \
            f"{name_fa} {role_fa}{' ' + doc.when[0] if doc.when else ''} در نشستی با خبرنگاران " \
            "به تشریح عملکرد بیمه سلامت پرداخت."
    else:
        when = f" {doc.when[1]}" if doc.when else ""
        intro = f"{name_en}, {role_en}, briefed reporters{when}" + \
            (f", {doc.outlet[0]}." if doc.outlet else ".")
    head = []
    if doc.date:
        if lang == "fa":
            j = jdatetime.date.fromgregorian(date=doc.date)
            head.append(f"{script(str(j.day), True)} {JALALI_MONTHS[j.month - 1]} {script(str(j.year), True)}")
        else:
            head.append(f"{EN_MONTHS[doc.date.month - 1]} {doc.date.day}, {doc.date.year}")
    paragraphs = [(doc.dateline + " " if doc.dateline else "") + intro]
    i = 0
    while i < len(body):
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(body[i:i + take]))
        i += take
    text = "\n\n".join(head + paragraphs) + "\n"
    doc.text = degrade(text, zwnj, arabic) if lang == "fa" else text.replace("'", "’")


# ---------------------------------------------------------------------------------------------
# YAML and Markdown
# ---------------------------------------------------------------------------------------------


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def bi(fa: str, en: str) -> str:
    return f"{{fa: {q(fa)}, en: {q(en)}}}"


def number_text(value) -> str:
    return str(value)


def site_yaml() -> str:
    """The repository's site.yaml (so new settings such as the license carry over), retitled."""
    config = yaml.safe_load((REPO / "site.yaml").read_text("utf-8"))
    config["title"] = {"fa": "بیمه سلامت ایران به روایت اعداد — داده‌های مصنوعی محک",
                       "en": "Iran Health Insurance in Figures — synthetic benchmark data"}
    config["description"] = {
        "fa": "وبگاهی مصنوعی برای سنجش سرعت ساخت: همه اسناد، نام‌ها و ارقام آن ساختگی‌اند و گفته‌های "
              "واقعی سازمان بیمه سلامت نیستند.",
        "en": "A synthetic site for measuring the build: every document, name and figure in it is invented "
              "and none is a real statement of the Health Insurance Organization.",
    }
    return ("# A SYNTHETIC benchmark site written by benchmarks/generate.py: every document, name and figure\n"
            "# is invented. It has the real site's layout and size, for measuring the build.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000))


def seeds_yaml(docs: list[Document]) -> str:
    # Compact (flow-style) entries with short titles: at --scale 4 the index holds 2,800 entries and
    # must stay under the build's 1,000,000-byte YAML limit.
    lines = ["# Source documents: synthetic benchmark documents, one entry per file in seeds/", "seeds:"]
    for doc in docs:
        number = str(doc.index + 1).zfill(3)
        lines += [f"  - file: {doc.file}", f"    lang: {doc.lang}"]
        if doc.outlet:
            lines.append(f"    outlet: {{text: {q(doc.outlet[0])}, name: {bi(doc.outlet[1], doc.outlet[2])}}}")
        else:
            lines.append("    outlet: not stated")
        if doc.dateline:
            lines.append(f"    dateline: {q(doc.dateline)}")
        lines.append(f"    date: {doc.date.isoformat() if doc.date else 'not stated'}")
        lines.append(f"    title: {bi(f'سند مصنوعی محک {script(number, True)}: {doc.scope.fa}', f'Synthetic benchmark document {number}: {doc.scope.en}')}")
    return "\n".join(lines) + "\n"


def scopes_yaml(scopes: list[Scope]) -> str:
    lines = ["# Scopes: the whole country and the provinces of the synthetic benchmark", "scopes:"]
    for s in scopes:
        lines += [f"  - slug: {s.slug}", f"    kind: {s.kind}", f"    name: {bi(s.fa, s.en)}"]
    return "\n".join(lines) + "\n"


def programs_yaml(programs: list[Program], docs: list[Document]) -> str:
    mentions = {p.slug: [] for p in programs}
    for doc in docs:
        for program, quote, translation in doc.mentions:
            if len(mentions[program.slug]) < 3:
                mentions[program.slug].append((doc.file, quote, translation))
    lines = ["# Programs of the synthetic benchmark, with sentences of its documents that mention them",
             "programs:"]
    for p in programs:
        lines += [f"  - slug: {p.slug}", f"    name: {bi(p.fa, p.en)}"]
        if mentions[p.slug]:
            lines.append("    mentions:")
            for seed, quote, translation in mentions[p.slug]:
                lines += [f"      - seed: {seed}", f"        quote: {q(quote)}",
                          f"        translation: {q(translation)}"]
    return "\n".join(lines) + "\n"


def metrics_yaml(programs: list[Program]) -> str:
    first = programs[0]
    headline = {"insured_population", "population_share_covered", "contracted_providers"}
    lines = ["# Metrics: each measure of each program; a key recurs in every scope that reports it",
             "metrics:"]
    for p in programs:
        for m in MEASURES:
            key = metric_key(p, m, first)
            lines += [f"  - key: {key}", f"    unit: {m.unit}"]
            if key in headline:
                lines.append("    headline: true")
            lines.append(f"    label: {bi(f'{m.label_fa} — {p.fa}', f'{m.label_en} — {p.en}')}")
            lines.append(f"    counts: {bi(UNIT_COUNTS[m.unit][0], UNIT_COUNTS[m.unit][1])}")
            lines.append(f"    definition: {bi(f'{m.label_fa} در {p.fa}، به گفتهٔ منبع (ساختگی).', f'{m.label_en} in {p.en}, as the (invented) source says.')}")
    lines += ["  - key: population_estimate", "    unit: people", "    headline: true",
              f"    label: {bi('جمعیتی که از ارقام اعلام‌شده برمی‌آید', 'Population implied by the officials’ figures')}",
              f"    counts: {bi('نفر', 'people')}",
              f"    definition: {bi('افراد زیر پوشش تقسیم بر سهم آن از جمعیت؛ محاسبهٔ این وبگاه.', 'People covered divided by their share of the population; computed by this site.')}"]
    return "\n".join(lines) + "\n"


UNIT_COUNTS = {"people": ("نفر", "people"), "percent": ("درصد", "percent"), "toman": ("تومان", "toman"),
               "count": ("مورد", "items"), "iranian_year": ("سال", "year")}


def fact_yaml(f: Fact) -> list[str]:
    scope_fa = f.scope.place_fa if f.scope.kind == "province" else "سراسر کشور"
    scope_en = f.scope.place_en if f.scope.kind == "province" else "nationwide"
    programs = [f.program.slug] + ([f.extra_program.slug] if f.extra_program else [])
    lines = [f"  - id: {f.id}", f"    scope: {f.scope.slug}", f"    programs: [{', '.join(programs)}]",
             f"    metric: {f.metric}", f"    value: {number_text(f.value)}"]
    if f.value_max is not None:
        lines.append(f"    value_max: {number_text(f.value_max)}")
    lines += [f"    qualifier: {f.qualifier}", f"    unit: {f.measure.unit}",
              f"    label: {bi(f'{f.measure.label_fa} — {f.program.fa}، {scope_fa}', f'{f.measure.label_en} — {f.program.en}, {scope_en}')}",
              "    source:", f"      seed: {f.seed}", f"      quote: {q(f.quote)}",
              f"      translation: {q(f.translation)}",
              f"    speaker: {{name: {bi(f.speaker[0], f.speaker[1])}, role: {bi(f.speaker[2], f.speaker[3])}}}"]
    if f.when:
        lines.append(f"    when: {bi(f.when[0], f.when[1])}")
    if f.measure.note:
        lines.append(f"    note: {bi(*f.measure.note)}")
    if f.parts:
        lines.append(f"    parts: {{ids: [{', '.join(f.parts)}], rule: sum_at_most}}")
    return lines


def derived_yaml(scope: Scope, first: Program) -> list[str]:
    insured = f"{scope.slug}-{first.slug}-covered-population"
    share = f"{scope.slug}-{first.slug}-population-share"
    where_fa = scope.place_fa if scope.kind == "province" else "کشور"
    where_en = scope.place_en if scope.kind == "province" else "the country"
    return [f"  - id: {scope.slug}-population-estimate", f"    scope: {scope.slug}",
            f"    programs: [{first.slug}]", "    metric: population_estimate", "    qualifier: about",
            "    unit: people", f"    derived: {{formula: {q('{' + insured + '} / {' + share + '} * 100')}, round: 0}}",
            f"    label: {bi(f'برآورد جمعیت {where_fa}، محاسبه‌شده از جمعیت بیمه‌شده و سهم آن از جمعیت', f'Estimated population of {where_en}, computed from the insured population and its share of the population')}"]


def facts_yaml(scope: Scope, facts: list[Fact], derived: bool, first: Program) -> str:
    lines = [f"# Facts: synthetic benchmark figures for {scope.place_en if scope.kind == 'province' else 'the whole country'}",
             "facts:"]
    for f in facts:
        lines += fact_yaml(f)
    if derived:
        lines += derived_yaml(scope, first)
    return "\n".join(lines) + "\n"


def program_markdown(p: Program) -> dict[str, str]:
    return {
        "fa": f"{p.fa} در این وبگاه مصنوعی یکی از برنامه‌های سازمان بیمه سلامت است که {p.aim_fa}. "
              "ارقام این صفحه ساختگی‌اند و برای سنجش سرعت ساخت وبگاه تولید شده‌اند. "
              "هر رقم به جمله‌ای از یک سند مصنوعی پیوند دارد که آن را بیان می‌کند.\n",
        "en": f"In this synthetic site, {p.en} is a Health Insurance Organization program that {p.aim_en}. "
              "The figures on this page are invented, generated to measure how fast the site builds. "
              "Each figure links to the sentence of a synthetic document that states it.\n",
    }


ABOUT = {
    "fa": "## این وبگاه چیست\n\n"
          "این یک وبگاه **مصنوعی** برای سنجش سرعت ساخت است که `benchmarks/generate.py` آن را نوشته است. "
          "ساختار و اندازه آن مانند وبگاه واقعی است، اما همه اسناد، نام‌ها، گوینده‌ها و ارقام آن ساختگی‌اند "
          "و هیچ‌کدام گفته واقعی سازمان بیمه سلامت نیست.\n\n"
          "## چگونه بررسی می‌شود\n\n"
          "هر رقم، مانند وبگاه واقعی، با جمله‌ای از سند منبعش سنجیده می‌شود: جمله باید در سند باشد و رقم "
          "باید در جمله گفته شده باشد. برخی ارقام، مانند برآورد جمعیت، از ارقام دیگر محاسبه شده‌اند.\n",
    "en": "## What this site is\n\n"
          "This is a **synthetic** site for measuring how fast the site builds, written by "
          "`benchmarks/generate.py`. It has the real site's structure and size, but every document, "
          "name, speaker and figure in it is invented; none is a real statement of the Health Insurance "
          "Organization.\n\n"
          "## How it is checked\n\n"
          "As on the real site, every figure is proved against a sentence of its source document: the "
          "sentence must occur in the document and must state the figure. Some figures, such as population "
          "estimates, are computed from others.\n",
}


# ---------------------------------------------------------------------------------------------
# Putting it together
# ---------------------------------------------------------------------------------------------


@dataclass
class Summary:
    provinces: int
    programs: int
    facts: int
    derived: int
    sources: int
    bytes: int
    seconds: float
    files: dict = field(default_factory=dict, repr=False)

    def line(self, out: Path) -> str:
        return (f"generated {out}: {self.provinces} provinces, {self.programs} programs, {self.facts} facts "
                f"({self.derived} derived), {self.sources} sources, {self.bytes:,} bytes written "
                f"in {self.seconds:.2f} s")


def build_files(provinces: int, programs_count: int, facts_count: int, sources: int,
                seed: int) -> tuple[dict[str, bytes], dict]:
    """Every generated file (path → bytes) and counts, from one random.Random(seed)."""
    rng = random.Random(seed)
    scopes = make_scopes(provinces, rng)
    programs = make_programs(programs_count)
    facts = plan_facts(scopes, programs, facts_count, rng)
    docs = plan_documents(scopes, facts, sources, rng)
    for doc in docs:
        write_document(doc, programs, rng)
    files: dict[str, bytes] = {}

    def put(path: str, text: str) -> None:
        files[path] = text.encode("utf-8")

    put("site.yaml", site_yaml())
    put("content/seeds.yaml", seeds_yaml(docs))
    put("content/scopes.yaml", scopes_yaml(scopes))
    put("content/programs.yaml", programs_yaml(programs, docs))
    put("content/metrics.yaml", metrics_yaml(programs))
    derived = 0
    first = programs[0]
    for index, scope in enumerate(scopes):
        mine = [f for f in facts if f.scope is scope]
        ids = {f.id for f in mine}
        has_inputs = {f"{scope.slug}-{first.slug}-covered-population",
                      f"{scope.slug}-{first.slug}-population-share"} <= ids
        with_derived = index < DERIVED_SCOPES and has_inputs
        derived += with_derived
        put(f"content/facts/{scope.slug}.yaml", facts_yaml(scope, mine, with_derived, first))
    for p in programs:
        for lang, text in program_markdown(p).items():
            put(f"content/programs/{p.slug}.{lang}.md", text)
    for lang, text in ABOUT.items():
        put(f"content/pages/about.{lang}.md", text)
    for doc in docs:
        put(f"seeds/{doc.file}", doc.text)
    too_big = [p for p, data in files.items() if p.endswith(".yaml") and len(data) > YAML_LIMIT]
    if too_big:
        raise SystemExit(f"{', '.join(too_big)} would exceed the build's {YAML_LIMIT:,}-byte YAML limit — "
                         "lower --facts/--scale or raise --programs")
    counts = {"provinces": provinces, "programs": programs_count, "facts": len(facts) + derived,
              "derived": derived, "sources": len(docs)}
    return files, counts


def generate(out: Path, provinces: int = len(PROVINCES), programs: int = len(PROGRAMS),
             facts: int = DEFAULT_FACTS, sources: int = DEFAULT_SOURCES, scale: int = 1,
             seed: int = 0) -> Summary:
    """Write the synthetic site into out (replacing what an earlier run wrote) and summarize it."""
    started = time.perf_counter()
    if scale < 1:
        raise SystemExit("--scale must be at least 1")
    files, counts = build_files(provinces, programs, facts * scale, sources * scale, seed)
    out.mkdir(parents=True, exist_ok=True)
    for name in GENERATED + COPIED:
        target = out / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
    written = 0
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written += len(data)
    for name in COPIED:
        shutil.copytree(REPO / name, out / name)
        written += sum(p.stat().st_size for p in (out / name).rglob("*") if p.is_file())
    return Summary(files=files, bytes=written, seconds=time.perf_counter() - started, **counts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="generate.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="folder to write the site into")
    parser.add_argument("--provinces", type=int, default=len(PROVINCES),
                        help=f"provinces besides the nation, in a fixed order (default {len(PROVINCES)})")
    parser.add_argument("--programs", type=int, default=len(PROGRAMS),
                        help=f"programs (default {len(PROGRAMS)})")
    parser.add_argument("--facts", type=int, default=DEFAULT_FACTS,
                        help=f"stated facts, before --scale (default {DEFAULT_FACTS}); a few derived facts are added")
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES,
                        help=f"source documents, before --scale (default {DEFAULT_SOURCES})")
    parser.add_argument("--scale", type=int, default=1, help="multiply facts and sources (default 1)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    summary = generate(args.dir, args.provinces, args.programs, args.facts, args.sources, args.scale, args.seed)
    print(summary.line(args.dir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
