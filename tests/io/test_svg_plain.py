"""Plain SVG: Qt's scaled groups with non-scaling strokes become geometry in user units."""

from workbench.io.svg_plain import plain_svg, transform_path

QT_LIKE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="100mm" height="50mm" viewBox="0 0 400 200" xmlns="http://www.w3.org/2000/svg"
 version="1.2" baseProfile="tiny">
<g fill="none" stroke="#000000" stroke-width="1" transform="matrix(0,19,-50,0,300,10)">
<polyline fill="none" vector-effect="non-scaling-stroke" points="-0.5,0 2.5,0 " />
<path vector-effect="none" fill-rule="evenodd" d="M0,0 L1,1 C1,2 2,2 2,1 Z"/>
<text x="0" y="0">Favours</text>
</g>
<g fill="none" stroke="#000000" stroke-width="1" transform="matrix(1,0,0,1,5,5)">
<rect x="0" y="0" width="10" height="10"/>
</g>
</svg>"""


def test_path_data_is_mapped_point_by_point():
    assert transform_path("M0,0 L1,2 Z", (2, 0, 0, 3, 10, 20)) == "M 10,20 L 12,26 Z"
    assert transform_path("m0,0 l1,2", (2, 0, 0, 3, 10, 20)) is None  # relative: kept as is


def test_scaled_groups_lose_their_transform_and_vector_effect():
    out = plain_svg(QT_LIKE)
    assert "vector-effect" not in out and "matrix(0,19,-50,0" not in out.split("<text")[0]
    # (-0.5, 0) -> (0·-0.5 - 50·0 + 300, 19·-0.5 + 0 + 10) = (300, 0.5)
    assert 'points="300,0.5 300,57.5"' in out
    # a scaling pen of width 1 in units scaled by sqrt(19·50): now ~30.82 user units wide
    assert 'stroke-width="30.8221"' in out
    assert "<text" in out and 'transform="matrix(0,19,-50,0,300,10)"' in out  # text as text
    assert 'transform="matrix(1,0,0,1,5,5)"' in out  # a plain translation stays
