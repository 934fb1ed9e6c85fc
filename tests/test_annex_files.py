"""Which files a report accepts as annexes, decided by their content (reports/annex_files.py):
a real small file of every accepted type, every refusal the issue lists, and images stored
without their metadata but with their pixels, upright."""

import hashlib
import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.utils import translation
from PIL import ExifTags, Image, ImageChops, ImageStat, PngImagePlugin
from weasyprint import HTML

from reports import annex_files
from reports.annex_files import ACCEPTED, AnnexRefused, display_name, inspect_upload, storage_key

MB = 1024 * 1024
LIMIT = 20 * MB
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
POWERPOINT_MAIN = (
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
)


# Real small files of each kind, made the way their programs lay them out.


def zip_of(members, *, odf_mimetype=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if odf_mimetype:
            # ODF: `mimetype` first, stored uncompressed, so its type is readable at offset 38.
            archive.writestr("mimetype", odf_mimetype, compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def content_types(main_part, main_type):
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        "</Types>"
    )


def ooxml(main_part, main_type, *, parts=None):
    relationships = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="{main_part}" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    members = {
        "[Content_Types].xml": content_types(main_part, main_type),
        "_rels/.rels": relationships,
    }
    members.update(parts if parts is not None else {main_part: "<document/>"})
    return zip_of(members)


def docx():
    return ooxml("word/document.xml", WORD_MAIN)


def pptx():
    return ooxml("ppt/presentation.xml", POWERPOINT_MAIN)


def xlsx():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Mapping results"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def odf(media_type):
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'
    )
    return zip_of(
        {"content.xml": "<office:document-content/>", "META-INF/manifest.xml": manifest},
        odf_mimetype=media_type,
    )


def pdf():
    return HTML(string="<p>Agenda of the partnership meeting</p>").write_pdf()


def picture(size=(40, 30)):
    """Left half red, right half blue: which way up it is shows in the pixels."""
    image = Image.new("RGB", size, "red")
    image.paste("blue", (size[0] // 2, 0, size[0], size[1]))
    return image


def png(**save_options):
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", **save_options)
    return buffer.getvalue()


def jpeg(**save_options):
    buffer = io.BytesIO()
    picture().save(buffer, "JPEG", quality=95, **save_options)
    return buffer.getvalue()


def exif_with_gps(orientation=1):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (42.0, 41.0, 51.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (23.0, 19.0, 18.0)
    return exif


def refusal(name, content, *, max_bytes=LIMIT):
    with pytest.raises(AnnexRefused) as refused:
        inspect_upload(name, content, max_bytes=max_bytes)
    return refused.value


ACCEPTED_SAMPLES = {
    "pdf": ("Agenda.pdf", pdf),
    "docx": ("Minutes.docx", docx),
    "xlsx": ("Mapping results.xlsx", xlsx),
    "pptx": ("Poster.pptx", pptx),
    "odt": ("Minutes.odt", lambda: odf("application/vnd.oasis.opendocument.text")),
    "ods": ("Budget.ods", lambda: odf("application/vnd.oasis.opendocument.spreadsheet")),
    "odp": ("Slides.odp", lambda: odf("application/vnd.oasis.opendocument.presentation")),
    "png": ("Chart.png", png),
    "jpeg": ("Photo.jpg", jpeg),
    "csv": ("Regions.csv", lambda: "region;score\nЮгозападен;4\n".encode()),
    "txt": ("Notes.txt", lambda: b"Partners met in Sofia.\n"),
}


@pytest.mark.parametrize("code", ACCEPTED_SAMPLES)
def test_each_accepted_type_is_recognised_by_its_content(code):
    name, make = ACCEPTED_SAMPLES[code]
    content = make()

    accepted = inspect_upload(name, content, max_bytes=LIMIT)

    assert accepted.kind == ACCEPTED[code]
    assert accepted.display_name == name
    assert accepted.size == len(accepted.content)
    assert accepted.sha256 == hashlib.sha256(accepted.content).hexdigest()


@pytest.mark.parametrize("code", ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "csv"])
def test_documents_are_stored_byte_for_byte(code):
    name, make = ACCEPTED_SAMPLES[code]
    content = make()

    assert inspect_upload(name, content, max_bytes=LIMIT).content == content


@pytest.mark.parametrize("code", ["pdf", "docx", "png"])
def test_a_misleading_name_does_not_change_the_type(code):
    _, make = ACCEPTED_SAMPLES[code]

    assert inspect_upload("file.txt", make(), max_bytes=LIMIT).kind.code == code


def test_text_with_a_byte_order_mark_is_accepted():
    assert inspect_upload("Export.csv", "\ufeffa;b\n1;2\n".encode(), max_bytes=LIMIT).kind.code == (
        "csv"
    )


def test_only_pdf_and_images_are_served_inline():
    assert {code for code, kind in ACCEPTED.items() if kind.inline} == {"pdf", "png", "jpeg"}


# Images: metadata gone, pixels and size kept, upright.


def test_gps_and_other_metadata_are_stripped_from_a_jpeg():
    content = jpeg(exif=exif_with_gps(), comment=b"taken at home", xmp=b"<x:xmpmeta>me</x:xmpmeta>")
    assert b"PhoneMaker" in content and b"taken at home" in content  # the sample carries them

    stored = inspect_upload("Photo.jpg", content, max_bytes=LIMIT).content

    image = Image.open(io.BytesIO(stored))
    assert not image.getexif()
    assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    for trace in (b"Exif", b"PhoneMaker", b"taken at home", b"xmpmeta"):
        assert trace not in stored
    assert image.size == (40, 30)
    original = Image.open(io.BytesIO(content)).convert("RGB")
    # Re-encoded at quality 95 (its luminance table starts at 2; quality 75 at 8): the same
    # picture, within JPEG's rounding at the red-blue edge.
    assert image.quantization[0][0] <= 2
    assert max(ImageStat.Stat(ImageChops.difference(original, image.convert("RGB"))).mean) < 4


def test_a_jpeg_turned_by_its_exif_orientation_is_stored_upright():
    # Orientation 6: the camera held sideways; viewers turn it 90° clockwise.
    stored = inspect_upload(
        "Sideways.jpg", jpeg(exif=exif_with_gps(orientation=6)), max_bytes=LIMIT
    ).content

    image = Image.open(io.BytesIO(stored)).convert("RGB")
    assert image.size == (30, 40)
    assert ExifTags.Base.Orientation not in image.getexif()
    red, _, blue = image.getpixel((15, 5))
    assert red > 200 and blue < 60  # the left half (red) is now on top
    red, _, blue = image.getpixel((15, 35))
    assert blue > 200 and red < 60


def test_text_chunks_and_exif_are_stripped_from_a_png_and_pixels_kept_exactly():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Ivana Petrova")
    text.add_itxt("Comment", "made on the office scanner")
    content = png(pnginfo=text, exif=exif_with_gps())

    stored = inspect_upload("Chart.png", content, max_bytes=LIMIT).content

    for trace in (b"Ivana Petrova", b"office scanner", b"PhoneMaker", b"eXIf", b"tEXt", b"iTXt"):
        assert trace not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.size == (40, 30)
    assert ImageChops.difference(picture(), image.convert("RGB")).getbbox() is None


def test_a_transparent_palette_png_keeps_its_transparency():
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 255, 255, 0, 0, 0])
    image.paste(1, (0, 0, 4, 8))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", transparency=0)

    stored = Image.open(
        io.BytesIO(inspect_upload("Logo.png", buffer.getvalue(), max_bytes=LIMIT).content)
    )

    assert stored.convert("RGBA").getpixel((6, 4))[3] == 0
    assert stored.convert("RGBA").getpixel((1, 4)) == (0, 0, 0, 255)


# Refusals: each names the file and the reason.


def test_a_program_renamed_pdf_is_refused():
    program = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"PE\x00\x00" + b"\x00" * 200

    refused = refusal("Invoice.pdf", program)

    assert refused.message.startswith("“Invoice.pdf” is a Windows program, which is not accepted.")
    assert "Accepted: PDF document, Word document, Excel workbook" in refused.message


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("Page.txt", b"\n  <!DOCTYPE html><html><script>alert(1)</script>", "a web page (HTML)"),
        ("Page.csv", b"<html><body>x</body></html>", "a web page (HTML)"),
        (
            "Logo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "an SVG image",
        ),
        ("Data.csv", b'<?xml version="1.0"?><rows/>', "an XML file"),
        ("Notes.txt", b"#!/bin/sh\nrm -rf ~\n", "a script"),
    ],
)
def test_markup_and_scripts_are_refused_whatever_their_name(name, content, what):
    assert refusal(name, content).message.startswith(f"“{name}” is {what}, which is not accepted.")


def test_a_plain_zip_named_docx_is_refused():
    refused = refusal("Minutes.docx", zip_of({"minutes.txt": "Partners met."}))

    assert refused.message.startswith("“Minutes.docx” is a ZIP archive, which is not accepted.")


def test_a_zip_that_only_mentions_word_parts_is_refused():
    # Folder names as filetype looks for them, but no [Content_Types].xml.
    content = zip_of({"word/document.xml": "<document/>"})

    assert "is a ZIP archive" in refusal("Minutes.docx", content).message


def test_a_zip_whose_content_types_lie_about_its_main_part_is_refused():
    content = ooxml("word/document.xml", WORD_MAIN, parts={"notes.txt": "no Word part here"})

    refused = refusal("Minutes.docx", content)

    assert refused.message == "“Minutes.docx” cannot be read (Word document); it may be damaged."


def test_an_odf_zip_naming_another_type_is_refused():
    content = odf("application/vnd.oasis.opendocument.graphics")

    assert "is a ZIP archive" in refusal("Drawing.odt", content).message


def test_an_office_document_with_macros_is_refused_even_named_docx():
    content = ooxml(
        "word/document.xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        parts={"word/document.xml": "<document/>", "word/vbaProject.bin": "Sub AutoOpen()"},
    )

    assert "is an Office document with macros" in refusal("Minutes.docx", content).message


def test_a_zip_bomb_is_refused_without_being_inflated():
    # [Content_Types].xml that inflates to 100 MB from about 100 kB.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("[Content_Types].xml", "w", force_zip64=True) as member:
            for _ in range(100):
                member.write(b" " * MB)
        archive.writestr("word/document.xml", "<document/>")
    content = buffer.getvalue()
    assert len(content) < MB

    tracemalloc.start()
    try:
        refused = refusal("Minutes.docx", content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "is a ZIP archive" in refused.message
    assert peak < 5 * MB


def test_an_old_format_office_document_is_refused_by_name():
    old_word = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 600
    )

    refused = refusal("Minutes.docx", old_word)

    assert "is an old-format Office document (.doc, .xls, .ppt)" in refused.message


def test_another_known_type_is_refused_by_its_name():
    gif = io.BytesIO()
    Image.new("RGB", (2, 2)).save(gif, "GIF")

    assert refusal("Chart.png", gif.getvalue()).message.startswith(
        "“Chart.png” is a file of type GIF,"
    )


def test_binary_without_known_magic_is_refused():
    assert "a file of a type we do not know" in refusal("Data.csv", b"\x01\x02\x00\x03").message


def test_text_in_another_encoding_is_refused_with_a_hint():
    windows_1251 = "регион;оценка\nЮгозападен;4\n".encode("cp1251")

    refused = refusal("Regions.csv", windows_1251)

    assert refused.code == "encoding"
    assert refused.message.startswith("“Regions.csv” is text in an encoding other than UTF-8.")


@pytest.mark.parametrize(
    "content",
    [png()[:80], png()[:8] + b"not a picture" * 10],
    ids=["cut short", "garbage after the signature"],
)
def test_a_damaged_png_is_refused(content):
    refused = refusal("Chart.png", content)

    assert refused.message == "“Chart.png” cannot be read (PNG image); it may be damaged."


def test_an_animated_png_is_refused_rather_than_cut_to_one_frame():
    buffer = io.BytesIO()
    picture().save(buffer, "PNG", save_all=True, append_images=[Image.new("RGB", (40, 30))])

    assert "is an animated image" in refusal("Animation.png", buffer.getvalue()).message


def test_an_image_of_too_many_pixels_is_refused(monkeypatch):
    monkeypatch.setattr(annex_files, "MAX_IMAGE_PIXELS", 1000)

    refused = refusal("Chart.png", png())

    assert refused.code == "too_large"
    assert refused.message.startswith("“Chart.png” has more than")


def test_an_empty_file_is_refused():
    refused = refusal("Agenda.pdf", b"")

    assert refused.code == "empty"
    assert refused.message == "“Agenda.pdf” is empty."


def test_a_file_over_the_limit_is_refused_with_both_sizes():
    content = b"%PDF-1.7\n" + b"0" * int(23.4 * MB)

    refused = refusal("Scan.pdf", content, max_bytes=20 * MB)

    assert refused.code == "too_large"
    assert refused.message == "“Scan.pdf” is 23.4\xa0MB; at most 20.0\xa0MB a file."


def test_a_file_at_the_limit_is_accepted():
    content = b"%PDF-1.7\n" + b"0" * 991

    assert inspect_upload("Agenda.pdf", content, max_bytes=1000).size == 1000


# Names: kept for display only, refused when they could be mistaken for a path or hide text.


def test_a_name_of_1000_characters_is_refused_and_shown_shortened():
    refused = refusal("a" * 996 + ".pdf", pdf())

    assert refused.code == "bad_name"
    shown = refused.message.split("“")[1].split("”")[0]
    assert len(shown) == 60 and "…" in shown and shown.endswith("aa.pdf")
    assert refused.message.endswith("is 1000 characters long; at most 255.")


def test_a_long_name_is_quoted_shortened_in_any_refusal():
    name = "Results of the mapping of cybersecurity capacities in the regions " * 3 + ".pdf"

    refused = refusal(name, b"")

    assert refused.message == (
        "“Results of the mapping of cybersecurity… in the regions .pdf” is empty."
    )


def test_a_name_of_255_characters_is_kept():
    name = "a" * 251 + ".pdf"

    assert inspect_upload(name, pdf(), max_bytes=LIMIT).display_name == name


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("reports/Agenda.pdf", "holds a folder separator (/ or \\)"),
        ("..\\..\\Agenda.pdf", "holds a folder separator (/ or \\)"),
        ("../Agenda.pdf", "holds a folder separator (/ or \\)"),
        ("..", "starts with a dot"),
        ("..pdf", "starts with a dot"),
        ("Agenda\x00.pdf", "holds control or invisible characters"),
        ("Agenda\n.pdf", "holds control or invisible characters"),
        ("Agenda\x1b[31m.pdf", "holds control or invisible characters"),
        # A right-to-left override makes "Invoice\u202efdp.exe" display as "Invoiceexe.pdf".
        ("Invoice\u202efdp.exe", "holds control or invisible characters"),
    ],
)
def test_names_that_look_like_paths_or_hide_characters_are_refused(name, reason):
    refused = refusal(name, pdf())

    assert refused.code == "bad_name"
    assert refused.message.endswith(f"{reason}.")
    assert "\x00" not in refused.message and "\n" not in refused.message


def test_a_blank_name_is_refused():
    assert refusal("   ", pdf()).message == "A file has no name."


def test_a_display_name_is_trimmed_and_normalised():
    decomposed = "Re\u0301sultats  de la cartographie.pdf "  # "é" typed as e + accent

    assert display_name(decomposed) == "Résultats  de la cartographie.pdf"


def test_dots_inside_a_name_are_harmless_and_kept():
    assert display_name("Minutes... final.v2.pdf") == "Minutes... final.v2.pdf"


def test_storage_keys_are_fresh_and_say_nothing_of_the_file():
    keys = {storage_key() for _ in range(100)}

    assert len(keys) == 100
    assert all(key.startswith("annexes/") and len(key) == len("annexes/") + 32 for key in keys)


def test_messages_are_in_the_readers_language():
    with translation.override("bg"):
        refused = refusal("Invoice.pdf", b"MZ" + b"\x00" * 300)
        label = str(ACCEPTED["docx"].label)

    assert refused.message.startswith("Файлът „Invoice.pdf“ е")
    assert "Приемат се:" in refused.message
    assert label == "Документ на Word"
