"""The languages members can say they work in (ISO 639-1)."""

from django.db import migrations

LANGUAGES = [
    ("ar", "Arabic", "العربية"), ("en", "English", "English"), ("fr", "French", "Français"),
    ("pt", "Portuguese", "Português"), ("de", "German", "Deutsch"), ("es", "Spanish", "Español"),
    ("sw", "Swahili", "Kiswahili"), ("am", "Amharic", "አማርኛ"), ("ha", "Hausa", "Hausa"),
    ("yo", "Yoruba", "Yorùbá"), ("zu", "Zulu", "isiZulu"), ("so", "Somali", "Soomaali"),
    ("wo", "Wolof", "Wolof"), ("rw", "Kinyarwanda", "Ikinyarwanda"), ("tr", "Turkish", "Türkçe"),
    ("fa", "Persian", "فارسی"), ("he", "Hebrew", "עברית"), ("ku", "Kurdish", "Kurdî"),
    ("sq", "Albanian", "Shqip"), ("bs", "Bosnian", "Bosanski"), ("hr", "Croatian", "Hrvatski"),
    ("sr", "Serbian", "Српски"), ("mk", "Macedonian", "Македонски"), ("bg", "Bulgarian", "Български"),
    ("ro", "Romanian", "Română"), ("el", "Greek", "Ελληνικά"), ("sl", "Slovenian", "Slovenščina"),
    ("uk", "Ukrainian", "Українська"), ("ru", "Russian", "Русский"), ("ka", "Georgian", "ქართული"),
    ("hy", "Armenian", "Հայերեն"), ("az", "Azerbaijani", "Azərbaycanca"), ("it", "Italian", "Italiano"),
    ("nl", "Dutch", "Nederlands"), ("pl", "Polish", "Polski"), ("zh", "Chinese", "中文"),
    ("hi", "Hindi", "हिन्दी"), ("bn", "Bengali", "বাংলা"), ("ur", "Urdu", "اردو"), ("id", "Indonesian", "Bahasa Indonesia"),
    ("vi", "Vietnamese", "Tiếng Việt"), ("th", "Thai", "ไทย"), ("tl", "Filipino", "Filipino"), ("ja", "Japanese", "日本語"),
    ("ms", "Malay", "Bahasa Melayu"), ("ne", "Nepali", "नेपाली"), ("mg", "Malagasy", "Malagasy"), ("ln", "Lingala", "Lingála"),
]


def create(apps, schema_editor):
    Language = apps.get_model("members", "Language")
    for code, name, native in LANGUAGES:
        Language.objects.update_or_create(code=code, defaults={"name": name, "native_name": native})


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
