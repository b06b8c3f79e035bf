#!/usr/bin/env python3
"""Generates the bundled recorded tweets: one X API v2 stream envelope per line.

    python3 samples/tweets/generate.py > samples/tweets/recorded-tweets.jsonl
    python3 samples/tweets/generate.py --small > samples/tweets/small.jsonl
    python3 samples/tweets/generate.py --check samples/tweets/recorded-tweets.jsonl

Everything here is invented: three fictional searches (a phone launch, an airline, a football
match), hand-written phrases combined with fills, fictional users and brands, and links on the
reserved .example domain. Python 3 standard library only and a fixed seed, so the output is
byte-for-byte reproducible.

The file is built to exercise the pipeline: created_at spread over 15 minutes, lines mostly in
arrival order (slightly shuffled), tweets late by 3-8 minutes, a few later than a 10 minute allowed
lateness, exact duplicate lines and malformed lines. Statistics go to stderr; they are computed
by re-reading the emitted lines, not from the generator's own bookkeeping, so they double as the
validation of the file (--check runs only that part on any file).
"""

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

SEED = 20261124
T0 = datetime(2026, 11, 24, 18, 0, 0, tzinfo=timezone.utc)
SPAN_SECONDS = 900
TWITTER_EPOCH_MS = 1288834974657

# Lateness of a line = latest created_at among earlier lines minus its own created_at.
LATE_MIN_S, LATE_MAX_S = 180, 480
VERY_LATE_MIN_S = 720  # beyond a 10 minute allowed lateness with margin

# --------------------------------------------------------------------------------------------
# Searches (matching rules). The tag is the search query that found the tweet.
# --------------------------------------------------------------------------------------------

QUERIES = {
    "phone": {"tag": "Nimbus X2 phone", "rule_created": datetime(2026, 11, 20, 9, 12, 5, tzinfo=timezone.utc)},
    "airline": {"tag": "Aerolux airline", "rule_created": datetime(2026, 11, 20, 9, 12, 7, tzinfo=timezone.utc)},
    "football": {"tag": "Rivertown FC", "rule_created": datetime(2026, 11, 20, 9, 12, 9, tzinfo=timezone.utc)},
}

# --------------------------------------------------------------------------------------------
# Users (all fictional).
# --------------------------------------------------------------------------------------------

BRANDS = {
    "NimbusMobile": ("Nimbus Mobile", "phone"),
    "AeroluxAir": ("Aerolux", "airline"),
    "RivertownFC": ("Rivertown FC", "football"),
    "MillbrookAFC": ("Millbrook Athletic", "football"),
}

FIRST = [
    "Maya", "Jordan", "Priya", "Sam", "Alex", "Chris", "Taylor", "Jamie", "Morgan", "Lena", "Omar",
    "Grace", "Ethan", "Chloe", "Marcus", "Aisha", "Ben", "Hannah", "Tom", "Zoe", "Daniel", "Ruth",
    "Kofi", "Nadia", "Liam", "Sophie", "Ravi", "Ellie", "Joel", "Tasha", "Dev", "Megan", "Connor",
    "Imani", "Luke", "Freya", "Owen", "Jess", "Tariq", "Holly", "Callum", "Amara", "Nick", "Bea",
    "Dylan", "Keisha", "Rory", "Mei", "Sean", "Fatima", "Gus", "Iris", "Wes", "Noor",
]
LAST = [
    "Patel", "Nguyen", "Brooks", "Reyes", "Campbell", "Hughes", "Walsh", "Kim", "Osei", "Bennett",
    "Fraser", "Lindqvist", "Chen", "Doyle", "Mitchell", "Shah", "Harper", "Quinn", "Ellison",
    "Foster", "Baptiste", "Sutton", "Garrido", "Murphy", "Okoro", "Varga", "Holt", "Price",
]
# Hand-written handles that fit one topic: (username, display name, topic).
THEMED = [
    ("gadgetgremlin", "Gadget Gremlin", "phone"),
    ("specsheet_sam", "Sam | specs nerd", "phone"),
    ("unboxing_ursula", "Ursula Unboxes", "phone"),
    ("pixelpusher_88", "Pixel Pusher", "phone"),
    ("latte_and_lag", "Lattes & Lag", "phone"),
    ("techtuesdaytom", "Tom (Tech Tuesday)", "phone"),
    ("batterypct", "battery at 3%", "phone"),
    ("windowseat_wen", "Wen ✈️", "airline"),
    ("jetlagjules", "Jules", "airline"),
    ("carryon_only", "Carry-On Only", "airline"),
    ("gate_b12_again", "stuck at B12", "airline"),
    ("tarmac_tales", "Tarmac Tales", "airline"),
    ("milesandmore_m", "Mo | points collector", "airline"),
    ("delayed_dana", "Dana", "airline"),
    ("rtfc_til_i_die", "Riverside Lifer 🔴", "football"),
    ("boxtoboxben", "Ben | RTFC 🔴", "football"),
    ("zonal_marking_", "Zonal Marking", "football"),
    ("benchwarmer_fc", "Bench Warmer", "football"),
    ("riverside_ultra", "Riverside Ultra", "football"),
    ("millbrook_mad", "Millbrook Mad 🟡⚫", "football"),
    ("northstand_nat", "Nat in the North Stand", "football"),
]
FOREIGN_USERS = {
    "es": [("luciafdez", "Lucía Fernández"), ("javi_morales", "Javier Morales"), ("camirojas_", "Camila Rojas")],
    "fr": [("camilledbs", "Camille Dubois"), ("theo_mrtn", "Théo Martin"), ("ines_lrnt", "Inès Laurent")],
    "pt": [("joaocarv", "João Carvalho"), ("bia_souza", "Beatriz Souza"), ("rafalima_", "Rafael Lima")],
    "de": [("lukas_bckr", "Lukas Becker"), ("anna_schn", "Anna Schneider"), ("jonasweber91", "Jonas Weber")],
    "ja": [("sakura_0314", "さくら"), ("ken_tanaka_jp", "田中 健"), ("yui_tabi", "ゆい✈️"), ("haruto_fc", "はると")],
    "und": [("emoji_only_em", "em"), ("vibes_checker", "vibes")],
}

# --------------------------------------------------------------------------------------------
# Text. Tones: pos, negpos (negation that reads positive: "not bad at all"), neg, negneg
# (negation that reads negative: "not happy"), sarc (sarcasm, reads positive, means negative),
# neu. Slots in {braces}; a slot written with a capital ({Feature}) is capitalised.
# --------------------------------------------------------------------------------------------

TONE_WEIGHTS = [("pos", 24), ("negpos", 8), ("neg", 21), ("negneg", 7), ("sarc", 8), ("neu", 32)]
SENTIMENT = {"pos": "positive", "negpos": "positive", "neg": "negative", "negneg": "negative",
             "sarc": "negative", "neu": "neutral"}

FILLS = {
    "feature": ["the camera", "the 5x zoom", "battery life", "the 120Hz display", "the new haptics",
                "the matte glass back", "the titanium frame", "the low-light mode", "the speakers",
                "the satellite SOS", "fast charging", "the always-on display",
                "the video stabilisation", "the selfie camera"],
    "colour": ["glacier blue", "graphite", "sunset orange", "moss green"],
    "old": ["my X1", "my old X1 Lite", "my 4 year old phone", "my cracked X1", "the X1 Pro",
            "my current phone", "my 2022 phone"],
    "price": ["$899"],
    "storage": ["128GB", "256GB", "512GB"],
    "missing": ["a headphone jack", "expandable storage", "a charger in the box",
                "reverse wireless charging", "a proper telephoto on the base model"],
    "city": ["Lisbon", "Denver", "Toronto", "Dublin", "Madrid", "Chicago", "Boston", "Edinburgh",
             "Seattle", "Porto", "Montreal", "Austin", "Nice", "Vienna"],
    "airport": ["DEN", "ORD", "LIS", "DUB", "YYZ", "BOS", "MAD", "EDI", "SEA"],
    "gate": ["B12", "C4", "A21", "D7", "B3", "C17", "A9", "D22", "B30"],
    "time": ["7:40pm", "8:15pm", "9:05pm", "18:55", "19:30", "20:10", "10:20pm"],
    "hours": ["2", "3", "4", "5"],
    "poss": [str(p) for p in range(52, 65)],
    "shots": [str(s) for s in range(6, 15)],
}

TEXTS = {
    "phone": {
        "pos": [
            "Just watched the #NimbusX2 keynote and {feature} looks unreal",
            "ok the {colour} Nimbus X2 is gorgeous. preordered before they even got to the next slide",
            "{Feature} on the Nimbus X2 is a genuine upgrade over {old}. very impressed",
            "Nimbus X2 from {price} with 7 years of updates? that's honestly fair for once",
            "Hands-on with the Nimbus X2: {feature} is the star of the show. first impressions here {link}",
            "Preorder done ✅ {colour}, {storage}. Goodbye {old}",
            "the Nimbus X2 {feature} demo gave me actual chills",
            "Finally a phone launch that wasn't boring. {feature} plus {feature2} on the X2 is a killer combo",
            "The X2 feels so light compared to {old}. Nimbus nailed the in-hand feel",
            "My dad who hates new tech just asked me to preorder him a Nimbus X2. that says everything",
            "Been testing the Nimbus X2 for a week: {feature} is the best I've used on any phone, full stop",
            "Nimbus listened. USB-C, no notch, {feature}. The X2 is the phone I wanted last year",
            "The {colour} X2 in person is even better than the renders",
            "Nimbus X2 low light shots from the demo area are ridiculous. that new sensor is carrying hard",
            "Switching back to Nimbus after 3 years just for the X2. {feature} sold me",
            "The X2 Pro's {feature} alone is worth the upgrade from {old} imo",
            "Whoever designed the Nimbus X2 haptics deserves a raise",
            "Nimbus X2 just made my Christmas list very short",
            "The X2 keynote was tight, no filler, straight to {feature}. more launches like this please",
        ],
        "negpos": [
            "not bad at all, the Nimbus X2 {feature} actually holds up in low light",
            "Can't complain about {feature} on the X2. it's not overhyped this time",
            "I wasn't expecting much from Nimbus, but the X2 is no joke",
            "Not gonna pretend I'm not tempted by the {colour} X2",
            "the X2 isn't perfect but {feature} is not something I'd ever give back",
            "Never thought I'd say this but the Nimbus X2 isn't overpriced",
            "No complaints so far with the Nimbus X2. {feature} just works",
            "Didn't think Nimbus could top {old}. glad I was wrong, the X2 is lovely",
        ],
        "neg": [
            "{price} for the Nimbus X2 and no charger in the box. hard pass",
            "The #NimbusX2 livestream has buffered four times already. great start",
            "So the X2 is basically {old} in a new colour. we waited a year for this?",
            "Preorder page crashed twice and now the {colour} X2 says January",
            "The Nimbus X2 still doesn't have {missing}. in 2026. come on",
            "@NimbusMobile why does the X2 Pro get {feature} and the regular one doesn't? feels like a cash grab",
            "'All day battery' on the Nimbus X2 is doing a lot of heavy lifting. their own chart says 19 hours of video, {old} did 22",
            "The X2 camera bump is massive. it's going to wobble on every table I own",
            "Nimbus dropped {missing} on the X2 and hoped nobody would notice",
            "Watched the whole Nimbus X2 keynote and I still don't know why I'd upgrade from {old}",
            "{price} base price and the X2 starts at 128GB. Nimbus are having a laugh",
            "The X2 trade-in offer for {old} is insulting. $60?",
            "Early Nimbus X2 reviews say the thermals are rough. pass",
            "Waited 40 minutes in the Nimbus X2 preorder queue and it kicked me out",
            "Can someone explain why the X2 Pro is $200 more for a slightly better zoom",
        ],
        "negneg": [
            "not happy with the X2 price at all. {price} is not a mid-range phone",
            "I'm not upgrading. the Nimbus X2 doesn't do anything {old} can't",
            "Nope. No headphone jack, no charger, no expandable storage. Not buying the X2",
            "not impressed with the Nimbus X2 battery numbers tbh",
            "Never preordering from Nimbus again, the X1 launch mess was enough and the X2 page is already down",
            "The X2 keynote wasn't exciting, wasn't surprising, and definitely wasn't worth staying up for",
            "Nobody asked for a {price} phone without {missing}",
        ],
        "sarc": [
            "wow a phone that's slightly thinner than last year, truly revolutionary #NimbusX2",
            "love paying {price} for a camera bump that rocks on the table. thanks Nimbus",
            "oh great, another AI assistant nobody asked for. exactly what the X2 needed",
            "can't wait to buy the X2 and then the X2s six months later. totally not annoying",
            "Yay, the X2 charger is sold separately. my favourite feature",
            "Nimbus X2 keynote: 40 minutes of 'magical' and 2 minutes of specs. riveting stuff",
            "Oh good, the Nimbus preorder site is down. very premium experience already",
            "So brave of Nimbus to remove {missing} again. truly courageous",
            "Amazing how the X2 'reinvents the smartphone' by moving the camera 3mm to the left",
            "Really love how every Nimbus launch the price goes up and the box gets emptier",
        ],
        "neu": [
            "Nimbus X2 specs: 6.3\" 120Hz OLED, 50MP main + 5x periscope, 4,900 mAh, from {price}. Preorders open today {link}",
            "Nimbus X2 launch stream is live {link}",
            "Does the X1 case fit the Nimbus X2? asking before I order",
            "Nimbus X2 vs X1, what actually changed? putting together a list",
            "Nimbus X2 ships December 5 in {colour}, graphite and moss green according to the press page",
            "Is the Nimbus X2 worth it if I'm still on {old}? honest opinions please",
            "watching the Nimbus X2 keynote with a coffee. let's see what they've got",
            "Nimbus X2 trade-in values are up on the site now {link}",
            "Nimbus X2 vs X2 Pro: the Pro gets the bigger sensor and titanium, the X2 gets aluminium. same chip",
            "Which storage are people getting on the Nimbus X2, {storage} or {storage2}?",
            "Anyone know if the Nimbus X2 is eSIM only or still has a SIM tray?",
            "Nimbus X2 review embargo lifts Thursday apparently",
            "Reminder: Nimbus X2 preorders open at 10am Pacific",
            "First Nimbus X2 benchmark numbers are out {link}",
            "Is the Nimbus X2 available in {colour} in Canada?",
            "Nimbus X2 announced: {price}, X2 Pro $1,099, both ship Dec 5",
            "Nimbus X2 comparison chart vs last year's flagship {link}",
        ],
    },
    "airline": {
        "pos": [
            "Shoutout to the Aerolux crew on AX {flight} to {city}, full flight and zero drama",
            "Aerolux rebooked me in under 5 minutes through the app after the cancellation. did not expect that",
            "Upgraded to the front on @AeroluxAir for free. best Tuesday ever",
            "Landed in {city} {n} minutes early on Aerolux. smooth flight, lovely crew",
            "The new Aerolux lounge at {airport} is really nice, quiet, and the coffee is actually good",
            "@AeroluxAir thanks for finding my bag overnight and sending it to the hotel",
            "The Aerolux pilot on AX {flight} narrated the whole descent into {city}. the kids loved it",
            "Aerolux gate agent at {airport} just walked an elderly man all the way to the plane. class act",
            "Honestly the Aerolux app is great now. live bag tracking, gate alerts, everything",
            "Flew Aerolux {city} to {city2} today: on time, free snacks, decent legroom. more of this please",
            "Cabin crew on AX {flight} noticed it was my birthday and brought me a cupcake. Aerolux you've won me over",
            "Aerolux customer service sorted my refund in one call. 10/10",
            "The views from my Aerolux window seat coming into {city} this evening were unreal",
            "AX {flight} delayed but Aerolux gave everyone meal vouchers and updates every 15 minutes. that's how it should be done",
        ],
        "negpos": [
            "not bad at all, Aerolux. on time, decent legroom and my bag came out first",
            "Can't fault Aerolux today, boarding was quick and nobody fought over the overhead bins",
            "Never had an issue with Aerolux on the {city} route. not once",
            "No delays, no drama, no lost bags. Aerolux, who are you and what have you done with my usual airline",
            "The Aerolux seat wasn't cramped at all, didn't expect that on a basic fare",
            "I wasn't going to tweet but the Aerolux agent at gate {gate} didn't have to help me that much and she did. thank you",
        ],
        "neg": [
            "AX {flight} delayed again. third time this month with @AeroluxAir",
            "Aerolux lost my bag in {city} and the chat keeps disconnecting me",
            "Sat on the tarmac at {airport} for {n} minutes with no AC and no update. @AeroluxAir what is going on",
            "Aerolux gate agent just told 40 of us the flight is oversold and nobody is volunteering. this will be fun",
            "Aerolux wifi: $19 for 'high speed' that can't load a text message",
            "Aerolux cancelled AX {flight} by text at 5am and rebooked me for Thursday. it's Monday",
            "{hours} hours in the Aerolux customer service queue. still nobody",
            "The Aerolux app shows my flight as on time. the board at {airport} says delayed {hours}h. which one do I trust",
            "Aerolux charged me $65 for a bag that fit in the sizer. absolute joke",
            "Missed my connection in {city} because AX {flight} left {n} minutes late and Aerolux says it's 'within policy'",
            "Aerolux seat 32B: no recline, broken tray table, and a lovely view of the toilet door",
            "Gate changed to {gate}, then back, then to {gate2}. @AeroluxAir pick one please",
            "My Aerolux refund has been 'processing' since September",
        ],
        "negneg": [
            "not happy with @AeroluxAir. no updates, no vouchers, no apology",
            "Not once has Aerolux left {airport} on time for me this year",
            "Never flying Aerolux again. never",
            "Don't book Aerolux if you have a connection. just don't",
            "The Aerolux crew weren't rude, they just weren't there. nobody came down the aisle for 4 hours",
            "No, @AeroluxAir, a $10 voucher does not make up for missing my sister's wedding",
        ],
        "sarc": [
            "great, another 3 hour delay, love that for me",
            "Thanks @AeroluxAir for the scenic tour of {airport}. third gate change in an hour",
            "Oh perfect, AX {flight} cancelled at midnight. what a wonderful airline",
            "Nothing says premium like a broken seat and a 'sorry for the inconvenience' card. cheers Aerolux",
            "The Aerolux hold music is really growing on me after {n} minutes",
            "So glad Aerolux sent my bag to {city2} without me. at least one of us is on holiday",
            "Love how Aerolux calls it a 'slight delay' when we've been at the gate since lunch",
            "Aerolux boarding by zone is so organised, especially when all 9 zones board at once",
            "Wow Aerolux, $12 for a sandwich that's still frozen in the middle. gourmet",
        ],
        "neu": [
            "Anyone flying Aerolux {city} to {city2} tonight? is AX {flight} showing delayed for you?",
            "Aerolux carry-on rules change from December 1, details here {link}",
            "At {airport} waiting for Aerolux AX {flight} to {city}. boarding at {time}",
            "Does Aerolux let you pick a seat for free on the basic fare?",
            "Aerolux status page says AX {flight} now departs {time} from gate {gate} {link}",
            "Aerolux is adding routes to {city} from March {link}",
            "Aerolux winter sale is on apparently, {city} from $79 one way",
            "Is the Aerolux lounge at {airport} open this late?",
            "PSA for anyone on Aerolux AX {flight}: boarding moved to gate {gate}",
            "How strict is Aerolux with the personal item size?",
            "Aerolux or the train to {city}? trying to decide for next week",
            "Aerolux AX {flight} to {city} is boarding now at {airport}",
        ],
    },
    # Football phases: 0 = 0-0 (before Millbrook score), 1 = 0-1, 2 = 1-1 (after Okafor's header).
    "football": {
        "any": {
            "pos": [
                "Riverside Park is rocking tonight. best atmosphere all season #RTFC",
                "Mensah is having the game of his life down that left wing",
                "Delgado has been unreal in goal tonight",
                "Love how this Rivertown side never gives up",
                "Hale running the midfield like it's his living room. what a captain",
                "Proud of this Rivertown team whatever happens tonight",
                "This is the Rivertown I fell in love with. pressing, running, fighting",
            ],
            "negpos": [
                "not bad at all from Rivertown so far, much better than Saturday",
                "Can't say I'm not enjoying this second half",
                "Nobody's giving Delgado enough credit tonight. not one mistake",
                "Rivertown aren't playing badly at all, just need that final ball",
            ],
            "neg": [
                "Why is Byrne still on the pitch. he's lost the ball every time #RTFC",
                "Our set pieces are an embarrassment, Rivertown. every corner straight to their keeper",
                "The ref has given Millbrook every 50/50 tonight",
                "Rivertown passing it sideways for 10 minutes again. painful to watch",
                "Hale is a walking yellow card tonight",
                "That's {shots} shots and none on target. sort it out Rivertown",
            ],
            "negneg": [
                "Not a penalty. never a penalty. not in a million years",
                "Not good enough Rivertown. not even close",
                "No movement, no ideas, no shots. what is the plan #RTFC",
                "I don't know what Ellis is doing with these subs, they're not working",
            ],
            "sarc": [
                "love watching us pass it backwards for 10 minutes, really thrilling stuff #RTFC",
                "great, another corner straight into the keeper's hands, love that for me",
                "Brilliant refereeing tonight, truly world class",
                "Oh good, Byrne's trying a shot from 40 yards again. that always works",
                "Delighted to pay £8 for a pie and watch Rivertown forget how to pass",
            ],
            "neu": [
                "Rivertown {score} Millbrook, {minute}'. {poss}% possession for the home side",
                "Where can I stream Rivertown FC v Millbrook tonight?",
                "Team news: Okafor starts up front, Mensah on the left #RTFC {link}",
                "Attendance at Riverside Park tonight: 31,402",
                "{minute}' Rivertown {score} Millbrook #RIVMIL",
                "Is the Rivertown game on the radio anywhere? stuck in traffic",
                "Rivertown need a win to go 3rd. Millbrook are 2 points behind them",
                "Live blog for Rivertown v Millbrook here {link}",
                "Corner to Rivertown, {minute}'",
                "Yellow card for Millbrook's Kowalczyk on {minute}' #RIVMIL",
            ],
        },
        0: {
            "pos": [
                "Rivertown all over Millbrook early in this second half. goal coming",
                "Okafor just turned his man inside out, what a player",
            ],
            "neg": [
                "0-0 just before the hour and Rivertown look half asleep",
                "Millbrook time-wasting already and it's only the {minute}th minute",
            ],
            "neu": ["Second half under way at Riverside Park, still 0-0 #RIVMIL"],
        },
        1: {
            "pos": [
                "BRANDT!!! what a finish, get in Millbrook",
                "Away end going mental, brilliant goal from Brandt #MillbrookAthletic",
                "Come on Rivertown, still plenty of time, heads up",
            ],
            "negpos": ["Not panicking. we've come back from worse than 0-1 at home"],
            "neg": [
                "Of course Millbrook score from their only shot. typical Rivertown",
                "That defending was shocking. Brandt walked through three of ours",
                "0-1. Byrne lost him completely. not good enough",
                "Can't believe Rivertown are losing to Millbrook at home. again",
            ],
            "sarc": [
                "Lovely marking there lads, really lovely. 0-1",
                "Great time for Byrne to take a nap #RTFC",
            ],
            "neu": [
                "GOAL Millbrook. Brandt, 59'. Rivertown 0-1 Millbrook",
                "Millbrook lead at Riverside Park {link}",
            ],
        },
        2: {
            "pos": [
                "OKAFOR!!! 1-1!!!",
                "What a header from Okafor, the whole ground is shaking",
                "told you Okafor would score #RTFC",
                "Equaliser! Rivertown back in it, now go and win it",
                "Mensah's delivery for that goal was perfect. what a corner",
                "Riverside Park absolutely bouncing after that Okafor header",
                "Young Adeyemi looks so confident on the ball since he came on, what a talent",
            ],
            "negpos": ["That's not a bad header from Okafor, that's a perfect one"],
            "neg": [
                "How do you leave Okafor free at a corner. zonal marking strikes again #MillbrookAthletic",
                "Millbrook throw away another lead. same old story",
            ],
            "sarc": ["Amazing how Millbrook defend corners like they've never seen one before"],
            "neu": [
                "1-1 at Riverside Park. Okafor with the equaliser on 65'",
                "Rivertown 1-1 Millbrook ({minute}') {link}",
            ],
        },
    },
}

# Replies: prefixed with "@parent ". (tone, text)
REPLIES = {
    "any": [
        ("neu", "same here"), ("pos", "100% agree"), ("neu", "lol no way"), ("neu", "honestly same"),
        ("neg", "hard disagree"), ("pos", "this is the way"), ("neu", "wait really?"),
        ("neg", "nope, not for me"), ("pos", "love this 😂"),
    ],
    "phone": [
        ("pos", "the {colour} one looks best imo"), ("neu", "mine's arriving the 5th, will report back"),
        ("neu", "did you go for {storage}?"), ("pos", "the zoom samples convinced me too"),
        ("negpos", "nah the X1 is still not bad at all for me, skipping this one"),
        ("neu", "wait for reviews before preordering!"), ("neg", "that trade-in value is robbery"),
        ("sarc", "yeah because what we all needed was a bigger camera bump"),
    ],
    "airline": [
        ("neg", "same thing happened to me on AX {flight} last week"),
        ("neu", "did they at least give you a voucher?"), ("neu", "which gate? we're stuck at {gate} too"),
        ("pos", "try the callback option, it worked for me"), ("neg", "ugh I'm so sorry, that's awful"),
        ("negpos", "Aerolux hasn't been bad for me lately tbh"), ("pos", "glad you got home ok!"),
        ("sarc", "ah the classic Aerolux experience, cherish it"),
    ],
    "football": [
        ("pos", "Okafor has been class tonight"), ("neg", "Byrne needs to be dropped"),
        ("pos", "what a header though"), ("neu", "ref was dreadful both ways tbh"),
        ("pos", "we go again Saturday"), ("neg", "still think Ellis got the subs wrong"),
        ("negneg", "not a chance that was offside"),
    ],
}

# Quote tweets: a reaction and the link to the quoted tweet. (tone, text)
QUOTES = {
    "any": [
        ("neu", "this 👇"), ("pos", "can confirm"), ("pos", "exactly this"), ("neu", "lol accurate"),
        ("neg", "hard disagree"), ("neu", "mood"), ("neg", "same experience today, unbelievable"),
    ],
    "phone": [
        ("sarc", "Nimbus really said 'no charger' with a straight face"),
        ("pos", "the camera samples in here are nuts"), ("neu", "good breakdown of X2 vs X2 Pro"),
    ],
    "airline": [
        ("neg", "@AeroluxAir please read this"), ("negneg", "happened to me last month too and nobody ever replied"),
        ("pos", "this is why I keep flying Aerolux"),
    ],
    "football": [
        ("pos", "watch this header on repeat"), ("neg", "the ref needs to explain this one"),
        ("neu", "angle from the other side"),
    ],
}

PREFIXES = {
    "pos": ["Honestly?", "Ok.", "Wow.", "Real talk:", "Day 1 thoughts:", "Update:", "Not gonna lie."],
    "negpos": ["Honestly?", "Ok.", "Update:", "Real talk:"],
    "neg": ["Ugh.", "Seriously?", "Update:", "Real talk:", "Unreal.", "Come on.", "Rant:"],
    "negneg": ["Ugh.", "Update:", "Seriously.", "Rant:"],
    "sarc": ["Ah yes.", "Brilliant.", "Well.", "Cool cool cool."],
    "neu": ["PSA:", "FYI", "Update:", "Heads up:"],
    "question": ["Quick q:", "Question:", "Genuine question:", "Help:"],
}
CLOSERS = {
    "pos": ["that's it, that's the tweet", "10/10", "no notes", "made my day"],
    "negpos": ["genuinely surprised", "credit where it's due", "fair play"],
    "neg": ["rant over", "thoughts?", "unbelievable", "do better"],
    "negneg": ["rant over", "that's all", "done"],
    "sarc": ["truly living the dream", "10/10 would suffer again", "what a time to be alive"],
    "neu": ["thoughts?", "anyone know more?", "more soon"],
}
EMOJI = {
    "pos": ["😍", "🔥", "🙌", "👏", "✨", "💯", "😊", "🥳", "❤️", "👌", "🤩", "💙"],
    "negpos": ["👌", "😮", "👍", "🙂", "😅"],
    "neg": ["😤", "😡", "🤬", "😩", "😒", "👎", "💀", "😞", "🫠"],
    "negneg": ["😤", "😒", "👎", "😞", "😠"],
    "sarc": ["🙃", "🙄", "😂", "🤡", "👏"],
    "neu": ["🤔", "👀", "⏰", "📝", "🧐"],
}
TOPIC_EMOJI = {"phone": ["📱", "📸"], "airline": ["✈️", "🧳"], "football": ["⚽", "🔴"]}
HASHTAGS = {
    "phone": ["#NimbusX2", "#NimbusLaunch", "#X2Pro", "#smartphones", "#tech"],
    "airline": ["#Aerolux", "#travel", "#delayed", "#flying", "#avgeek"],
    "football": ["#RTFC", "#RivertownFC", "#RIVMIL", "#COYR", "#matchday"],
}
BRAND_HANDLE = {"phone": "@NimbusMobile", "airline": "@AeroluxAir", "football": "@RivertownFC"}

LINKS = {
    "phone": ["https://nimbus-mobile.example/x2", "https://nimbus-mobile.example/x2/preorder",
              "https://gadgetdesk.example/reviews/nimbus-x2-hands-on",
              "https://techwire.example/2026/11/24/nimbus-x2-launch-live",
              "https://benchlab.example/devices/nimbus-x2"],
    "airline": ["https://aerolux.example/flight-status", "https://aerolux.example/news/carry-on-2026",
                "https://travelwire.example/aerolux-winter-sale", "https://aerolux.example/routes/new"],
    "football": ["https://rivertownfc.example/live", "https://rivertownfc.example/news/team-news-millbrook",
                 "https://sportsline.example/match/riv-mil-2026-11-24", "https://rivertownfc.example/tv"],
}

# Scheduled posts by the brand accounts: (seconds after T0, username, topic, tone, text).
BRAND_POSTS = [
    (41, "NimbusMobile", "phone", "pos", "The wait is over. Meet Nimbus X2 📱✨ Preorders open now: {link} #NimbusX2"),
    (18, "RivertownFC", "football", "neu", "56' | Still goalless at Riverside Park. Come on you Reds! 🔴 #RTFC #RIVMIL"),
    (283, "MillbrookAFC", "football", "pos", "GOAL! BRANDT! Millbrook lead at Riverside Park! 0-1 🟡⚫ #RIVMIL"),
    (297, "RivertownFC", "football", "neu", "59' | Millbrook take the lead. Brandt finishes low into the bottom corner. 0-1 #RIVMIL"),
    (334, "NimbusMobile", "phone", "pos", "X2 Pro: 5x periscope zoom, a titanium frame and the biggest battery we've ever put in a phone. {link} #NimbusX2"),
    (431, "RivertownFC", "football", "neu", "62' | Double change for Rivertown: Adeyemi and Costa on, Ward and Lund off. #RTFC"),
    (502, "AeroluxAir", "airline", "neu", "Fog at {airport} is delaying some evening departures. Please check your flight status before heading to the airport: {link}"),
    (627, "RivertownFC", "football", "pos", "GOAL!!! ⚽ OKAFOR! A towering header from Mensah's corner! 1-1 (65') #RTFC #RIVMIL"),
    (706, "NimbusMobile", "phone", "neu", "Lots of you on the preorder page right now! If you're in the queue, please don't refresh, your place is saved 🙏 #NimbusX2"),
]
SMALL_BRAND_POSTS = {41, 627}

# Brand replies: (parent sentiment, text). {user} is filled with the parent's first name.
BRAND_REPLIES = {
    "airline": [
        ("negative", "Hi {first}, we're sorry about this. Please DM us your booking reference and we'll look into it right away. ^KL"),
        ("negative", "We're really sorry, {first}. Can you send us your bag file reference by DM? We'll chase it with the team at {airport}. ^MR"),
        ("negative", "Hi {first}, we understand how frustrating this is. Our team at {airport} is working to get everyone moving as soon as possible. ^JS"),
        ("positive", "Thanks so much for flying with us, {first}! We'll pass your kind words on to the crew 💙 ^KL"),
        ("neutral", "Hi {first}! You can check live departure times here: {link} ^MR"),
    ],
    "phone": [
        ("neutral", "Hi {first}! The X2 ships from Dec 5. You can follow your order here: {link}"),
        ("negative", "Sorry about that, {first}. The preorder page is back up and your basket should be saved. DM us if it isn't."),
        ("positive", "Thanks {first}! We can't wait for you to try it 📱"),
    ],
}

FOREIGN = [
    # (lang, topic, phase or None, tone, text)
    ("es", "phone", None, "pos", "El Nimbus X2 tiene una cámara increíble, ya hice la reserva 😍 #NimbusX2"),
    ("es", "phone", None, "neg", "899 dólares por el Nimbus X2 y sin cargador en la caja. No, gracias."),
    ("es", "airline", None, "neg", "Otra vez retraso con Aerolux. Tres horas en el aeropuerto de Madrid y nadie nos dice nada 😤"),
    ("es", "airline", None, "sarc", "Qué maravilla, Aerolux perdió mi maleta otra vez. Me encanta 🙃 #Aerolux"),
    ("es", "airline", None, "pos", "Muy buen servicio de Aerolux hoy, puntuales y la tripulación muy amable 👏"),
    ("es", "football", 2, "pos", "¡GOLAZO de Okafor! 1-1 y a por el segundo 🔥 #RivertownFC"),
    ("es", "football", None, "neu", "¿Alguien sabe dónde ver el partido del Rivertown FC hoy?"),
    ("es", "phone", None, "negpos", "No está nada mal el Nimbus X2, la pantalla es preciosa"),
    ("es", "football", 1, "neg", "No puede ser, otra vez perdiendo en casa contra el Millbrook. Qué desastre 😩"),
    ("fr", "phone", None, "negpos", "Le Nimbus X2 est vraiment pas mal du tout, l'écran est superbe 👌"),
    ("fr", "airline", None, "negneg", "Vol Aerolux annulé sans explication. Pas content du tout. #Aerolux"),
    ("fr", "airline", None, "sarc", "Super, encore 2 heures de retard avec Aerolux. Génial. 🙄"),
    ("fr", "phone", None, "neu", "Quelqu'un a déjà testé l'autonomie du Nimbus X2 ?"),
    ("fr", "football", 2, "pos", "Quel match ! Rivertown revient à 1-1 grâce à Okafor 🔥"),
    ("fr", "airline", None, "pos", "L'équipage Aerolux était adorable sur le vol pour Nice, merci ! ✈️"),
    ("fr", "phone", None, "neg", "899 dollars pour un téléphone sans chargeur, Nimbus se moque de nous"),
    ("pt", "phone", None, "pos", "O Nimbus X2 chegou com tudo, a câmera é absurda 🔥 #NimbusX2"),
    ("pt", "airline", None, "neg", "A Aerolux atrasou meu voo de novo, que raiva 😡"),
    ("pt", "phone", None, "neu", "Alguém sabe se o Nimbus X2 vai ser vendido no Brasil?"),
    ("pt", "football", 2, "pos", "Que golaço do Okafor!! Rivertown empata 1-1 ⚽"),
    ("pt", "phone", None, "negneg", "Não gostei do preço do Nimbus X2, caro demais pelo que oferece"),
    ("pt", "airline", None, "pos", "Voo tranquilo com a Aerolux, chegamos antes do horário 👏 @AeroluxAir"),
    ("pt", "airline", None, "neu", "Voo da Aerolux para Lisboa embarcando agora no portão C4"),
    ("de", "phone", None, "negpos", "Das Nimbus X2 ist echt nicht schlecht, die Kamera überzeugt 👍"),
    ("de", "airline", None, "neg", "Aerolux hat schon wieder meinen Koffer verloren. Unglaublich. #Aerolux"),
    ("de", "airline", None, "sarc", "Na toll, schon wieder 3 Stunden Verspätung mit Aerolux. Danke für nichts 🙃"),
    ("de", "phone", None, "neu", "Weiß jemand, wann das Nimbus X2 in Deutschland erscheint?"),
    ("de", "football", 2, "pos", "Was für ein Kopfball von Okafor! 1:1 #RivertownFC"),
    ("de", "phone", None, "neg", "899 Dollar für ein Handy ohne Ladegerät? Nein danke, Nimbus."),
    ("de", "football", None, "neu", "Rivertown gegen Millbrook läuft, zweite Halbzeit. Wer schaut mit?"),
    ("ja", "phone", None, "pos", "Nimbus X2のカメラ、めっちゃ綺麗！予約しちゃった📱✨ #NimbusX2"),
    ("ja", "airline", None, "neg", "Aeroluxの便がまた遅延…3時間待ち。最悪😞"),
    ("ja", "phone", None, "neu", "Nimbus X2って日本でも発売されるのかな？"),
    ("ja", "football", 2, "pos", "オカフォーのヘディング最高！同点！⚽🔥 #RivertownFC"),
    ("ja", "airline", None, "pos", "Aeroluxの客室乗務員さん、とても親切でした。ありがとうございます🙏"),
    ("ja", "phone", None, "neg", "X2の値段高すぎない？899ドルはちょっと…"),
    ("ja", "airline", None, "sarc", "Aeroluxさん、荷物だけ先にリスボン旅行を楽しんでるみたいです。素晴らしいサービスですね🙃"),
    ("und", "football", 2, "pos", "⚽⚽⚽🔥🔥🔥 #RTFC"),
    ("und", "airline", None, "neg", "😭😭😭 #Aerolux"),
    ("und", "phone", None, "neu", "📱👀 {link}"),
]
SMALL_FOREIGN = {("es", "airline", "sarc"), ("fr", "phone", "negpos"), ("de", "airline", "neg"),
                 ("ja", "phone", "pos")}

NOT_JSON_LINE = "2026-11-24T18:07:41.207Z WARN  recorder: stream disconnected (operational-disconnect), reconnecting in 5s"


# --------------------------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------------------------

def iso(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def snowflake(rng, dt, used):
    """A snowflake id whose timestamp is dt plus up to 999 ms (created_at drops the millis)."""
    while True:
        ms = int(dt.timestamp() * 1000) + rng.randint(0, 999)
        value = ((ms - TWITTER_EPOCH_MS) << 22) | (rng.randint(0, 1023) << 12) | rng.randint(0, 4095)
        if str(value) not in used:
            used.add(str(value))
            return str(value)


class Generator:
    def __init__(self, small):
        self.small = small
        self.rng = random.Random(SEED)
        self.used_ids = set()
        self.texts_seen = set()
        self.template_uses = Counter()
        self.tco = {}  # t.co url -> (expanded, display)
        self.rules = {}
        for key, q in QUERIES.items():
            self.rules[key] = {"id": snowflake(self.rng, q["rule_created"], self.used_ids), "tag": q["tag"]}
        self._build_users()

    # ---- users ---------------------------------------------------------------------------

    def _user_id(self):
        rng = self.rng
        if rng.random() < 0.45:  # older accounts have short numeric ids
            return str(rng.randint(10 ** 6, 4 * 10 ** 9))
        joined = datetime(2015, 1, 1, tzinfo=timezone.utc) + timedelta(days=rng.randint(0, 3900))
        return snowflake(rng, joined, self.used_ids)

    def _build_users(self):
        rng = self.rng
        self.users = {}
        for username, (name, topic) in BRANDS.items():
            self.users[username] = {"id": str(rng.randint(10 ** 7, 9 * 10 ** 8)), "name": name,
                                    "username": username, "topic": topic, "brand": True}
        general = []
        names = [(f, l) for f in FIRST for l in LAST]
        rng.shuffle(names)
        for first, last in names[:150]:
            style = rng.randrange(6)
            if style == 0:
                username = f"{first}{last[0]}".lower()
            elif style == 1:
                username = f"{first}_{last}".lower()
            elif style == 2:
                username = f"{first}{last}{rng.randint(1, 99)}".lower()
            elif style == 3:
                username = f"the{last}{first[0]}".lower()
            elif style == 4:
                username = f"{first}{rng.randint(80, 2005)}".lower()
            else:
                username = f"{first[0]}{last}".lower() + "_"
            username = username[:15]
            if username in self.users:
                continue
            self.users[username] = {"id": self._user_id(), "name": f"{first} {last}",
                                    "username": username, "topic": None, "brand": False}
            general.append(username)
        self.general = general
        self.themed = {t: [] for t in QUERIES}
        for username, name, topic in THEMED:
            self.users[username] = {"id": self._user_id(), "name": name, "username": username,
                                    "topic": topic, "brand": False}
            self.themed[topic].append(username)
        self.foreign = {}
        for lang, people in FOREIGN_USERS.items():
            self.foreign[lang] = []
            for username, name in people:
                self.users[username] = {"id": self._user_id(), "name": name, "username": username,
                                        "topic": None, "brand": False}
                self.foreign[lang].append(username)

    def pick_author(self, topic):
        if self.rng.random() < 0.3:
            return self.rng.choice(self.themed[topic])
        return self.rng.choice(self.general)

    # ---- text ----------------------------------------------------------------------------

    def link(self, topic, expanded=None):
        rng = self.rng
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
        while True:
            short = "https://t.co/" + "".join(rng.choice(alphabet) for _ in range(10))
            if short not in self.tco:
                break
        expanded = expanded or rng.choice(LINKS[topic])
        bare = re.sub(r"^https?://(www\.)?", "", expanded)
        display = bare if len(bare) <= 26 else bare[:25] + "…"
        self.tco[short] = (expanded, display)
        return short

    def fill(self, template, topic, ctx):
        rng = self.rng

        def slot(match):
            name = match.group(1)
            key = name[0].lower() + name[1:]
            if key == "link":
                value = self.link(topic)
            elif key in ctx:
                value = ctx[key]
            elif key == "flight":
                value = str(rng.randint(101, 989))
            elif key == "n":
                value = str(rng.choice([15, 20, 25, 35, 40, 45, 50, 55, 70, 80, 95]))
            elif key.rstrip("2") in FILLS:
                pool = FILLS[key.rstrip("2")]
                value = rng.choice([v for v in pool if v not in ctx.values()] or pool)
                ctx[key] = value
            else:
                raise KeyError(f"unknown slot {{{name}}} in {template!r}")
            return value[0].upper() + value[1:] if name[0].isupper() else value

        return re.sub(r"\{(\w+)\}", slot, template)

    def choose_template(self, pool):
        """Least-used template first, so the phrases spread evenly over the file."""
        lowest = min(self.template_uses[t] for t in pool)
        candidates = [t for t in pool if self.template_uses[t] == lowest]
        template = self.rng.choice(candidates)
        self.template_uses[template] += 1
        return template

    def decorate(self, text, topic, tone):
        rng = self.rng
        if rng.random() < 0.18:
            question = tone == "neu" and "?" in text
            text = rng.choice(PREFIXES["question" if question else tone]) + " " + text
        if rng.random() < 0.08 and text[-1].isalnum() and "t.co/" not in text:
            text += ", " + rng.choice(CLOSERS[tone])
        if rng.random() < 0.12 and text[0].isupper() and "@" not in text and "#" not in text \
                and not any(w in text for w in ("Nimbus", "Aerolux", "Rivertown", "X2")):
            text = text[0].lower() + text[1:]
        r = rng.random()
        if r < 0.40:
            text += " " + rng.choice(EMOJI[tone])
        elif r < 0.52:
            text += " " + rng.choice(EMOJI[tone]) * rng.randint(2, 3)
        elif r < 0.58:
            text += " " + rng.choice(TOPIC_EMOJI[topic])
        if BRAND_HANDLE[topic] not in text and rng.random() < (0.22 if SENTIMENT[tone] == "negative" else 0.08):
            text = (BRAND_HANDLE[topic] + " " + text) if rng.random() < 0.3 else (text + " " + BRAND_HANDLE[topic])
        if rng.random() < 0.42:
            tags = [t for t in HASHTAGS[topic] if t.lower() not in text.lower()]
            rng.shuffle(tags)
            text += " " + " ".join(tags[: rng.choice([1, 1, 1, 2])])
        if "t.co/" not in text and rng.random() < (0.25 if tone == "neu" else 0.06):
            text += " " + self.link(topic)
        return text

    def match_context(self, seconds):
        phase = 0 if seconds < 283 else (1 if seconds < 627 else 2)
        return phase, {"minute": str(55 + int(seconds // 60)), "score": ["0-0", "0-1", "1-1"][phase]}

    def original_text(self, topic, tone, seconds):
        for _ in range(80):
            ctx = {}
            if topic == "football":
                phase, ctx = self.match_context(seconds)
                pool = TEXTS["football"]["any"].get(tone, []) + TEXTS["football"][phase].get(tone, [])
            else:
                pool = TEXTS[topic][tone]
            text = self.decorate(self.fill(self.choose_template(pool), topic, ctx), topic, tone)
            if len(text) <= 280 and text not in self.texts_seen:
                self.texts_seen.add(text)
                return text
        raise RuntimeError(f"could not make a new {topic}/{tone} text")

    def pick_tone(self):
        return self.rng.choices([t for t, _ in TONE_WEIGHTS], [w for _, w in TONE_WEIGHTS])[0]

    # ---- tweets --------------------------------------------------------------------------

    def metrics(self, author, retweet_of=None):
        rng = self.rng
        if retweet_of is not None:
            return {"retweet_count": retweet_of["data"]["public_metrics"]["retweet_count"], "reply_count": 0,
                    "like_count": 0, "quote_count": 0, "bookmark_count": 0, "impression_count": 0}
        if author["brand"]:
            likes = rng.randint(400, 5200)
        else:
            likes = min(int(rng.paretovariate(1.1)) - 1, 3000)
        return {
            "retweet_count": int(likes * rng.uniform(0.05, 0.35)),
            "reply_count": int(likes * rng.uniform(0.0, 0.2)) + (1 if rng.random() < 0.2 else 0),
            "like_count": likes,
            "quote_count": int(likes * rng.uniform(0.0, 0.05)),
            "bookmark_count": int(likes * rng.uniform(0.0, 0.12)),
            "impression_count": int(likes * rng.uniform(25, 90)) + rng.randint(4, 240),
        }

    def entities(self, text):
        ents = {}
        tags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)}
                for m in re.finditer(r"(?<![\w#&])#(\w*[^\W\d]\w*)", text)]
        mentions = []
        for m in re.finditer(r"(?<![\w@])@(\w{1,15})", text):
            entry = {"start": m.start(), "end": m.end(), "username": m.group(1)}
            user = self.users.get(m.group(1))
            if user:
                entry["id"] = user["id"]
            mentions.append(entry)
        urls = []
        for m in re.finditer(r"https://t\.co/[A-Za-z0-9]{10}", text):
            expanded, display = self.tco[m.group(0)]
            urls.append({"start": m.start(), "end": m.end(), "url": m.group(0), "expanded_url": expanded,
                         "display_url": display})
        if tags:
            ents["hashtags"] = tags
        if mentions:
            ents["mentions"] = mentions
        if urls:
            ents["urls"] = urls
        return ents

    def tweet(self, created, author_name, topic, lang, text, conversation_id=None, refs=None,
              reply_to_user=None, retweet_of=None, tweet_id=None):
        author = self.users[author_name]
        tweet_id = tweet_id or snowflake(self.rng, created, self.used_ids)
        data = {"id": tweet_id, "text": text, "created_at": iso(created), "author_id": author["id"],
                "conversation_id": conversation_id or tweet_id, "lang": lang}
        if refs:
            data["referenced_tweets"] = refs
        if reply_to_user:
            data["in_reply_to_user_id"] = reply_to_user
        data["public_metrics"] = self.metrics(author, retweet_of)
        ents = self.entities(text)
        if ents:
            data["entities"] = ents
        data["edit_history_tweet_ids"] = [tweet_id]
        return {
            "data": data,
            "includes": {"users": [{"id": author["id"], "name": author["name"], "username": author["username"]}]},
            "matching_rules": [dict(self.rules[topic])],
        }

    def external(self, topic, tone, seconds):
        """A tweet from before the recording, only referenced (retweeted, replied to, quoted)."""
        created = T0 - timedelta(minutes=self.rng.randint(20, 600))
        author = self.pick_author(topic)
        text = self.original_text(topic, tone, max(0, seconds - 60))
        env = self.tweet(created, author, topic, "en", text)
        return {"env": env, "tone": tone, "topic": topic, "lang": "en"}

    def generate(self):
        rng = self.rng
        counts = {"phone": 12, "airline": 11, "football": 11} if self.small else \
                 {"phone": 174, "airline": 166, "football": 161}
        # Slots: (seconds after T0, topic, kind, payload).
        slots = []
        for topic, n in counts.items():
            for _ in range(n):
                if topic == "football" and rng.random() < 0.3:
                    # bursts of chatter right after each goal
                    base = rng.choice([283, 627])
                    seconds = base + rng.uniform(8, 75)
                else:
                    seconds = rng.uniform(0, SPAN_SECONDS - 1)
                slots.append([seconds, topic, None, None])
        for post in BRAND_POSTS:
            if not self.small or post[0] in SMALL_BRAND_POSTS:
                slots.append([post[0] + rng.uniform(0, 0.9), post[2], "brand", post])
        slots.sort(key=lambda s: s[0])

        # Foreign-language originals: each hand-written line lands in a slot of its topic and phase.
        foreign = [f for f in FOREIGN if not self.small or (f[0], f[1], f[3]) in SMALL_FOREIGN]
        free = [s for s in slots if s[2] is None]
        for entry in foreign:
            lang, topic, phase = entry[0], entry[1], entry[2]
            fits = [s for s in free if s[1] == topic and s[2] is None
                    and (phase is None or self.match_context(s[0])[0] == phase)]
            slot = rng.choice(fits)
            slot[2], slot[3] = "foreign", entry

        records = []
        for seconds, topic, kind, payload in slots:
            created = T0 + timedelta(seconds=int(seconds))
            if kind == "brand":
                _, username, _, tone, template = payload
                text = self.fill(template, topic, {})
                env = self.tweet(created, username, topic, "en", text)
                records.append({"env": env, "tone": tone, "topic": topic, "lang": "en", "kind": "brand"})
                continue
            if kind == "foreign":
                lang, _, _, tone, template = payload
                text = self.fill(template, topic, {})
                env = self.tweet(created, rng.choice(self.foreign[lang]), topic, lang, text)
                records.append({"env": env, "tone": tone, "topic": topic, "lang": lang, "kind": "original"})
                continue
            r = rng.random()
            kind = "retweet" if r < 0.13 else "reply" if r < 0.24 else "quote" if r < 0.29 else "original"
            earlier = [x for x in records if x["topic"] == topic and x["kind"] not in ("retweet", "reply")
                       and created - datetime.fromisoformat(x["env"]["data"]["created_at"].replace("Z", "+00:00"))
                       >= timedelta(seconds=5)]
            if kind == "retweet":
                if earlier and rng.random() < 0.8:
                    weights = [1 + x["env"]["data"]["public_metrics"]["like_count"] for x in earlier]
                    orig = rng.choices(earlier, weights)[0]
                else:
                    orig = self.external(topic, self.pick_tone(), seconds)
                author = self.pick_author(topic)
                oenv = orig["env"]
                ouser = oenv["includes"]["users"][0]["username"]
                text = f"RT @{ouser}: {oenv['data']['text']}"
                if len(text) > 140:
                    text = text[:139].rsplit(" ", 1)[0] + "…"
                env = self.tweet(created, author, topic, orig["lang"], text,
                                 refs=[{"type": "retweeted", "id": oenv["data"]["id"]}], retweet_of=oenv)
                records.append({"env": env, "tone": orig["tone"], "topic": topic, "lang": orig["lang"],
                                "kind": "retweet"})
            elif kind == "reply":
                english = [x for x in earlier if x["lang"] == "en" and not self.users[
                    x["env"]["includes"]["users"][0]["username"]]["brand"]]
                parent = rng.choice(english) if english and rng.random() < 0.75 else \
                    self.external(topic, self.pick_tone(), seconds)
                penv = parent["env"]
                puser = penv["includes"]["users"][0]
                brand = {"airline": "AeroluxAir", "phone": "NimbusMobile"}.get(topic)
                named = puser["username"] in self.general
                if brand and named and parent in records and rng.random() < 0.35:
                    sentiment = SENTIMENT[parent["tone"]]
                    options = [t for s, t in BRAND_REPLIES[topic] if s == sentiment] or \
                              [t for s, t in BRAND_REPLIES[topic] if s == "neutral"]
                    author, tone = brand, ("pos" if sentiment == "positive" else "neu")
                    body = self.fill(self.choose_template(options), topic,
                                     {"first": puser["name"].split()[0]})
                else:
                    author = self.pick_author(topic)
                    if rng.random() < 0.5:
                        pool = REPLIES["any"] + REPLIES[topic]
                        tone, template = pool[rng.randrange(len(pool))]
                        body = self.fill(template, topic, {})
                        if rng.random() < 0.4:
                            body += " " + rng.choice(EMOJI[tone])
                    else:
                        tone = self.pick_tone()
                        body = self.original_text(topic, tone, seconds)
                text = f"@{puser['username']} {body}"
                if text in self.texts_seen or len(text) > 280:
                    text = f"@{puser['username']} {self.original_text(topic, tone, seconds)}"
                self.texts_seen.add(text)
                env = self.tweet(created, author, topic, "en", text, conversation_id=penv["data"]["conversation_id"],
                                 refs=[{"type": "replied_to", "id": penv["data"]["id"]}],
                                 reply_to_user=puser["id"])
                records.append({"env": env, "tone": tone, "topic": topic, "lang": "en", "kind": "reply"})
            elif kind == "quote":
                quoted = rng.choice(earlier) if earlier and rng.random() < 0.7 else \
                    self.external(topic, self.pick_tone(), seconds)
                qenv = quoted["env"]
                quser = qenv["includes"]["users"][0]["username"]
                if rng.random() < 0.6:
                    pool = QUOTES["any"] + QUOTES[topic]
                    tone, body = pool[rng.randrange(len(pool))]
                else:
                    tone = self.pick_tone()
                    body = self.original_text(topic, tone, seconds)
                url = self.link(topic, f"https://twitter.com/{quser}/status/{qenv['data']['id']}")
                text = f"{body} {url}"
                env = self.tweet(created, self.pick_author(topic), topic, "en", text,
                                 refs=[{"type": "quoted", "id": qenv["data"]["id"]}])
                records.append({"env": env, "tone": tone, "topic": topic, "lang": "en", "kind": "quote"})
            else:
                tone = self.pick_tone()
                text = self.original_text(topic, tone, seconds)
                env = self.tweet(created, self.pick_author(topic), topic, "en", text)
                records.append({"env": env, "tone": tone, "topic": topic, "lang": "en", "kind": "original"})
        return records

    # ---- arrival order -------------------------------------------------------------------

    def arrange(self, records):
        """Assigns arrival times (the order of lines) and adds duplicates and malformed lines."""
        rng = self.rng
        n_late, n_very_late, n_dup = (2, 1, 3) if self.small else (24, 3, 15)

        def created_s(rec):
            return (datetime.fromisoformat(rec["env"]["data"]["created_at"].replace("Z", "+00:00")) - T0) \
                .total_seconds()

        for rec in records:
            # Mostly delivered within a second; some take up to 40 s, which shuffles them a little.
            rec["arrival"] = created_s(rec) + (rng.uniform(0.1, 1.0) if rng.random() < 0.88 else rng.uniform(3, 40))
            rec["late"] = None
        # Extremely late: created in the first 100 s, arriving 12.8-14.5 minutes later.
        early = [r for r in records if created_s(r) < 100 and r["kind"] != "brand"]
        for rec in rng.sample(early, n_very_late):
            delay = rng.uniform(770, min(870, 880 - created_s(rec)))
            rec["arrival"], rec["late"] = created_s(rec) + delay, "very"
        # Late by 3-8 minutes, still arriving before the recording ends.
        for _ in range(n_late):
            delay = rng.uniform(215, 465)
            fits = [r for r in records if r["late"] is None and r["kind"] != "brand"
                    and 60 <= created_s(r) <= SPAN_SECONDS - delay - 30]
            rec = rng.choice(fits)
            rec["arrival"], rec["late"] = created_s(rec) + delay, "late"

        lines = [(r["arrival"], json.dumps(r["env"], ensure_ascii=False, separators=(",", ":"))) for r in records]
        # Exact duplicates: the same line again, 1-90 s after the first copy (redelivery).
        for rec in rng.sample([r for r in records if r["late"] is None], n_dup):
            lines.append((rec["arrival"] + rng.uniform(1, 90),
                          json.dumps(rec["env"], ensure_ascii=False, separators=(",", ":"))))
        for arrival, line in self.malformed():
            lines.append((arrival, line))
        lines.sort(key=lambda x: x[0])
        return [line for _, line in lines]

    def malformed(self):
        rng = self.rng
        kinds = ["truncated", "not_json", "bad_created_at"] if self.small else \
            ["truncated", "not_json", "missing_id", "non_numeric_id", "missing_text", "bad_created_at",
             "missing_created_at", "empty_object"]
        out = []
        for i, kind in enumerate(kinds):
            seconds = (i + 0.5) * SPAN_SECONDS / len(kinds) + rng.uniform(-20, 20)
            topic = rng.choice(list(QUERIES))
            tone = self.pick_tone()
            created = T0 + timedelta(seconds=int(seconds))
            env = self.tweet(created, self.pick_author(topic), topic, "en",
                             self.original_text(topic, tone, seconds))
            data = env["data"]
            if kind == "missing_id":
                del data["id"]
            elif kind == "non_numeric_id":
                data["id"] = "tw_" + data["id"][:12]
            elif kind == "missing_text":
                del data["text"]
                data.pop("entities", None)
            elif kind == "bad_created_at":
                data["created_at"] = "yesterday"
            elif kind == "missing_created_at":
                del data["created_at"]
            line = json.dumps(env, ensure_ascii=False, separators=(",", ":"))
            if kind == "truncated":
                line = line[: int(len(line) * 0.55)]
            elif kind == "not_json":
                line = NOT_JSON_LINE
            elif kind == "empty_object":
                line = "{}"
            out.append((seconds + rng.uniform(0.5, 3), line))
        return out


# --------------------------------------------------------------------------------------------
# Statistics and validation, computed from the lines alone
# --------------------------------------------------------------------------------------------

EMOJI_RE = re.compile("[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]")
KIND_NAMES = {
    "truncated": "truncated JSON", "not_json": "not JSON at all", "empty_object": "empty JSON object {}",
    "no_data": "no data object", "missing_id": "tweet without id", "non_numeric_id": "id not numeric",
    "missing_text": "tweet without text", "bad_created_at": "created_at unparseable",
    "missing_created_at": "created_at missing",
}


def parse_time(value):
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
        raise ValueError(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def classify(line):
    """('valid', envelope, created) or (malformed kind, None, None)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError:
        return ("truncated" if line.lstrip().startswith("{") else "not_json"), None, None
    if obj == {}:
        return "empty_object", None, None
    data = obj.get("data") if isinstance(obj, dict) else None
    if not isinstance(data, dict):
        return "no_data", None, None
    if "id" not in data:
        return "missing_id", None, None
    if not isinstance(data["id"], str) or not re.fullmatch(r"\d{1,19}", data["id"]):
        return "non_numeric_id", None, None
    if not isinstance(data.get("text"), str):
        return "missing_text", None, None
    if "created_at" not in data:
        return "missing_created_at", None, None
    try:
        created = parse_time(data["created_at"])
    except ValueError:
        return "bad_created_at", None, None
    return "valid", obj, created


def check_tweet(obj, created, problems, lineno):
    data = obj["data"]
    text = data["text"]
    if len(data["id"]) != 19:
        problems.append(f"line {lineno}: id {data['id']} is not 19 digits")
    id_ms = (int(data["id"]) >> 22) + TWITTER_EPOCH_MS
    if not 0 <= id_ms - created.timestamp() * 1000 < 1000:
        problems.append(f"line {lineno}: id timestamp does not match created_at")
    for key in ("author_id", "lang", "conversation_id", "public_metrics", "edit_history_tweet_ids"):
        if key not in data:
            problems.append(f"line {lineno}: missing {key}")
    users = obj.get("includes", {}).get("users", [])
    if not users or users[0].get("id") != data.get("author_id") or not {"id", "name", "username"} <= set(users[0]):
        problems.append(f"line {lineno}: includes.users does not carry the author")
    rules = obj.get("matching_rules", [])
    if len(rules) != 1 or not {"id", "tag"} <= set(rules[0]):
        problems.append(f"line {lineno}: expected one matching rule with id and tag")
    metrics = data.get("public_metrics", {})
    for key in ("retweet_count", "reply_count", "like_count", "quote_count", "bookmark_count", "impression_count"):
        if not isinstance(metrics.get(key), int):
            problems.append(f"line {lineno}: public_metrics.{key} missing")
    ents = data.get("entities", {})
    for h in ents.get("hashtags", []):
        if text[h["start"]:h["end"]] != "#" + h["tag"]:
            problems.append(f"line {lineno}: hashtag offsets wrong")
    for m in ents.get("mentions", []):
        if text[m["start"]:m["end"]] != "@" + m["username"]:
            problems.append(f"line {lineno}: mention offsets wrong")
    for u in ents.get("urls", []):
        if text[u["start"]:u["end"]] != u["url"] or not u["expanded_url"].startswith("http"):
            problems.append(f"line {lineno}: url offsets wrong")
    n_links = len(re.findall(r"https://t\.co/", text))
    if n_links != len(ents.get("urls", [])):
        problems.append(f"line {lineno}: a link in the text has no url entity")
    types = [r["type"] for r in data.get("referenced_tweets", [])]
    if text.startswith("RT @") != ("retweeted" in types):
        problems.append(f"line {lineno}: retweet text and referenced_tweets disagree")
    if len(text) > 280:
        problems.append(f"line {lineno}: text longer than 280 characters")


def stats(lines):
    problems = []
    malformed = Counter()
    malformed_at = []
    seen = {}
    dup_lines = 0
    firsts = []  # (lineno, obj, created, lateness seconds)
    max_created = None
    out_of_order_lines = 0
    prev_created = None
    for lineno, line in enumerate(lines, 1):
        kind, obj, created = classify(line)
        if kind != "valid":
            malformed[kind] += 1
            malformed_at.append((lineno, kind))
            continue
        if prev_created is not None and created < prev_created:
            out_of_order_lines += 1
        prev_created = created
        tid = obj["data"]["id"]
        if tid in seen:
            dup_lines += 1
            if lines[seen[tid] - 1] != line:
                problems.append(f"line {lineno}: id {tid} repeats line {seen[tid]} with different content")
            continue
        seen[tid] = lineno
        check_tweet(obj, created, problems, lineno)
        lateness = 0.0 if max_created is None else (max_created - created).total_seconds()
        firsts.append((lineno, obj, created, lateness))
        max_created = created if max_created is None else max(max_created, created)

    late = [f for f in firsts if LATE_MIN_S <= f[3] <= LATE_MAX_S]
    very_late = [f for f in firsts if f[3] > VERY_LATE_MIN_S]
    slightly = [f for f in firsts if 0 < f[3] < LATE_MIN_S]
    limbo = [f for f in firsts if LATE_MAX_S < f[3] <= VERY_LATE_MIN_S]
    if limbo:
        problems.append(f"{len(limbo)} tweets are between {LATE_MAX_S}s and {VERY_LATE_MIN_S}s late")
    if any(f[3] >= 60 for f in slightly):
        problems.append("a tweet that is neither late nor very late lags by 60 s or more")
    times = [f[2] for f in firsts]
    by_query = Counter(f[1]["matching_rules"][0]["tag"] for f in firsts)
    by_lang = Counter(f[1]["data"]["lang"] for f in firsts)
    ref_types = Counter(r["type"] for f in firsts for r in f[1]["data"].get("referenced_tweets", []))
    with_tags = sum(1 for f in firsts if f[1]["data"].get("entities", {}).get("hashtags"))
    with_mentions = sum(1 for f in firsts if f[1]["data"].get("entities", {}).get("mentions"))
    with_urls = sum(1 for f in firsts if f[1]["data"].get("entities", {}).get("urls"))
    with_emoji = sum(1 for f in firsts if EMOJI_RE.search(f[1]["data"]["text"]))
    distinct_texts = len({f[1]["data"]["text"] for f in firsts})
    authors = len({f[1]["data"]["author_id"] for f in firsts})
    very_late_detail = ", ".join(f"line {f[0]} ({f[3] / 60:.1f} min)" for f in very_late)
    n_valid = len(firsts) + dup_lines
    report = [
        f"- Total lines: {len(lines)}",
        f"- Valid envelopes: {n_valid} lines, {len(firsts)} distinct tweet ids",
        f"- Exact duplicate lines (an id seen earlier, identical line): {dup_lines}",
        f"- Malformed lines: {sum(malformed.values())}"
        + "".join(f"\n  - {KIND_NAMES[k]}: {malformed[k]}" for k in KIND_NAMES if malformed[k]),
        f"- Time span of created_at: {iso(min(times))} to {iso(max(times))} "
        f"({(max(times) - min(times)).total_seconds() / 60:.1f} minutes)",
        f"- Lines whose created_at is earlier than the previous valid line's: {out_of_order_lines}",
        f"- Slightly out of order (behind the latest created_at seen so far by under a minute): {len(slightly)}"
        + (f", at most {max(f[3] for f in slightly):.0f} s" if slightly else ""),
        f"- Late by 3-8 minutes (behind the latest created_at seen so far): {len(late)}"
        + (f", {min(f[3] for f in late) / 60:.1f} to {max(f[3] for f in late) / 60:.1f} min" if late else ""),
        f"- Extremely late, more than 12 minutes behind (beyond a 10 minute allowed lateness): {len(very_late)}"
        + (f": {very_late_detail}" if very_late else ""),
        "- Per query (matching rule tag): " + ", ".join(f"\"{k}\" {v}" for k, v in sorted(by_query.items())),
        "- Per language: " + ", ".join(f"{k} {v}" for k, v in by_lang.most_common()),
        "- Per minute of created_at: " + ", ".join(
            f"{k} {v}" for k, v in sorted(Counter(f[2].strftime("%H:%M") for f in firsts).items())),
        "- Malformed line numbers: " + ", ".join(f"{n} ({KIND_NAMES[k]})" for n, k in malformed_at),
        f"- Retweets: {ref_types['retweeted']}, replies: {ref_types['replied_to']}, quotes: {ref_types['quoted']}",
        f"- With hashtags: {with_tags}, mentions: {with_mentions}, links: {with_urls}, emoji: {with_emoji}",
        f"- Distinct texts: {distinct_texts}; distinct authors: {authors}",
    ]
    return report, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", action="store_true", help="about 40 lines for fast end-to-end tests")
    parser.add_argument("--check", metavar="FILE", help="only print statistics and problems of FILE")
    args = parser.parse_args()
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        tones = None
    else:
        gen = Generator(args.small)
        records = gen.generate()
        lines = gen.arrange(records)
        tones = Counter(r["tone"] for r in records)
        sys.stdout.write("".join(line + "\n" for line in lines))
    report, problems = stats(lines)
    print("\n".join(report), file=sys.stderr)
    if tones:
        sentiment = Counter()
        for tone, n in tones.items():
            sentiment[SENTIMENT[tone]] += n
        print(f"- Intended tone (generator bookkeeping, not in the file): positive {sentiment['positive']} "
              f"(negation reading positive {tones['negpos']}), negative {sentiment['negative']} "
              f"(sarcasm {tones['sarc']}, negation reading negative {tones['negneg']}), "
              f"neutral {sentiment['neutral']}", file=sys.stderr)
    for p in problems:
        print("PROBLEM: " + p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
