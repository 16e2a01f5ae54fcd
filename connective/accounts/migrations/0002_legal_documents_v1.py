"""Publish version 1 of the network guidelines and of the privacy notice.

Every declaration of membership accepts both, so they must exist from the first day. Later
versions are published by staff on the site, never by editing these rows.
"""

from django.db import migrations

GUIDELINES_TITLE = "Connective Cities network guidelines"
GUIDELINES = """\
Connective Cities is a community of practice: urban practitioners from municipalities, city
associations, civil society and research who learn from each other and advise each other as
peers. These guidelines say how we work together. By declaring your membership you agree to
follow them.

## 1. Who can be a member

Anyone who works on sustainable urban development: staff of municipalities and local
governments, of national or international city associations, of citizens' groups and NGOs, and
of research and education. You join as a person, with your real name and the organisation you
work for. Your membership is approved by the coordinators of your regional network (or
automatically, where a network has chosen so).

## 2. Collegial advice, free of charge

- Peer advice in the network is **collegial and free of charge**. Nobody asks for or accepts
  money, gifts or contracts in return for advice given through Connective.
- Saying that you are **willing to advise peers** is your own choice. You can withdraw it at
  any time in your profile or on the page listing your consents; from that moment nobody is
  matched to you.
- Advice is shared experience, not a binding expert opinion. Each municipality stays
  responsible for its own decisions.
- The platform must not be used to sell services, to advertise or to recruit for commercial
  work.

## 3. Confidentiality

- What participants share in a consultation, in a closed discussion or in an event
  registration is **confidential**. Do not pass it on outside the people it was shared with
  without their agreement.
- Personal data of other members (names, addresses, phone numbers, organisations, positions)
  is shared with you so that you can work together within the network. Do not copy it into
  other lists, do not use it for mailings or advertising, and do not hand it to third parties.
- Good practices are published for everyone to learn from. Before you publish one, make sure
  that it contains no personal data of people who did not agree to it, and that your
  organisation agrees to its publication.

## 4. Respect

- Treat every member with respect, whatever their country, language, religion, gender,
  origin, position or opinion. Harassment, discrimination and personal attacks are not
  tolerated.
- Write so that others can understand: many of us work in a second or third language. Be
  patient with each other.
- Disagree on substance, not on persons. Political campaigning has no place in the network.

## 5. Moderation

Coordinators and programme staff may hide contributions that break these guidelines and, after
a warning, suspend a membership. If you see something that breaks them, tell the coordinators
of your network.

## 6. Changes

When these guidelines change, you are asked to read and accept the new version the next time
you sign in. Every version stays readable on the site.
"""

PRIVACY_TITLE = "Privacy notice"
PRIVACY = """\
This notice explains what personal data the Connective platform processes about you, why, who
sees it, how long it is kept, and what rights you have under the EU General Data Protection
Regulation (GDPR).

## 1. Who is responsible

The platform is run by the Connective Cities programme. Questions about your data and requests
to exercise your rights go to the programme's data protection contact, reachable through the
contact address on the site. You may also contact the data protection officer of the programme
or lodge a complaint with a data protection supervisory authority.

## 2. What data we process

- **Account data**: your email address, your name, a password (stored only as a one-way hash),
  your preferred language and time zone, and, if you activate it, the secret of your
  two-factor authenticator.
- **Membership data**: member type, organisation, position, city, country (from which your
  regional network follows), the languages you speak, your themes of expertise, a short bio,
  and whether you are willing to advise peers.
- **Consent records**: which version of these documents and of the network guidelines you
  accepted, when and how, and when you gave or withdrew your willingness to advise.
- **Your contributions**: good practices, consultation requests and answers, discussion posts,
  event registrations and project participation.
- **Technical data**: the date of your last sign-in and, for a short time, the data needed to
  protect the sign-in against abuse (such as the number of failed attempts from an address).

## 3. Why we process it (purposes and legal basis)

- To run your membership and let members of the network find and advise each other
  (performance of the membership you declared, Art. 6(1)(b) GDPR).
- To match consultation requests with members willing to advise, **only while you have
  consented to advise** (consent, Art. 6(1)(a) GDPR).
- To send you the emails you need (confirmation of your address, decisions on your
  membership, replies to your requests) and the newsletters you chose.
- To keep the platform secure and to be able to show what was agreed (legitimate interest,
  Art. 6(1)(f) GDPR).

## 4. Who sees your data

- **Visitors without an account never see personal data.**
- Members see your name, member type, country, languages, expertise and willingness to advise.
  You choose who sees your email address, organisation, position, city and bio: all members,
  the members of your network, or only coordinators.
- The coordinators of your regional network and programme staff see your membership data to
  decide on your declaration and to support the network.
- Confidential records (consultations, registrations) are seen only by their participants and
  the coordinators of the network.
- Our hosting provider processes the data on our behalf under a data processing agreement. We
  do not sell data and do not pass it on for advertising.

## 5. How long we keep it

- Your profile and contributions are kept while you are a member.
- If you end your membership, your account and profile are erased within 30 days. Public good
  practices you published stay available without your name unless you ask for their removal.
- A declined declaration of membership is erased 90 days after the decision.
- Consent records are kept for three years after the end of the membership, to be able to show
  what was agreed.

## 6. Your rights

You have the right to access your data, to receive it in a portable format, to have it
corrected or erased, to restrict or object to its processing, and to complain to a supervisory
authority. You can download your data and correct most of it yourself in your profile.

## 7. Withdrawing consent

You can withdraw your willingness to advise at any time, in your profile or on the page listing
your consents. Withdrawal does not affect what was done before it. You can end your membership
at any time; you then can no longer use the platform.

## 8. Changes

When this notice changes, you are asked to read and accept the new version the next time you
sign in. Every version stays readable on the site.
"""


def publish(apps, schema_editor):
    LegalDocument = apps.get_model("accounts", "LegalDocument")
    for kind, title, body in (("guidelines", GUIDELINES_TITLE, GUIDELINES), ("privacy", PRIVACY_TITLE, PRIVACY)):
        LegalDocument.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"title": title, "body": body, "summary_of_changes": "First version."},
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
