from netpolarna.netwalk.connectors.html_text import html_to_text


def test_paragraphs_and_line_breaks_are_kept() -> None:
    html = "<p>Hej &amp; välkommen!<br>Rad två</p>\n\n  <p>Nytt  stycke</p>"
    assert html_to_text(html) == "Hej & välkommen!\nRad två\n\nNytt stycke"


def test_scripts_styles_and_tags_are_dropped() -> None:
    html = '<style>p{}</style><p>Se <a href="x">länken</a></p><script>alert("hej")</script>'
    assert html_to_text(html) == "Se länken"


def test_list_items_are_lines_and_pre_keeps_layout() -> None:
    html = "<ul><li>ett</li><li>två</li></ul><pre>a\n   b</pre>"
    assert html_to_text(html) == "ett\ntvå\n\na\n   b"


def test_mastodon_link_spans_join_into_the_full_url() -> None:
    html = (
        '<p>Läs <a href="https://www.natpolarna.example/anmal"><span class="invisible">'
        'https://www.</span><span class="">natpolarna.example/anmal</span>'
        '<span class="invisible"></span></a></p>'
    )
    assert html_to_text(html) == "Läs https://www.natpolarna.example/anmal"


def test_emoji_images_keep_their_alt_text_and_entities_are_unescaped() -> None:
    html = '<p>Tack &#8221;alla&#8221; <img class="emoji" alt=":heart:" src="/e.png"> &lt;3</p>'
    assert html_to_text(html) == "Tack ”alla” :heart: <3"


def test_empty_input() -> None:
    assert html_to_text(None) == ""
    assert html_to_text("") == ""
    assert html_to_text("<p> </p>") == ""
