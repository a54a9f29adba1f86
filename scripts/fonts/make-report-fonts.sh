#!/usr/bin/env bash
# Makes the fonts the PDF reports embed (assets/fonts/) from Debian's fonts-noto-cjk, with
# fontTools from Debian (python3-fonttools). Run once when the character set below changes; the
# outputs are committed, so building the app needs neither package.
#
# Why a subset: Noto Sans CJK is 16-20 MB per weight because it carries Chinese and Japanese too.
# A report needs Latin, every modern Hangul syllable (all 11,172, not only the 2,350 of KS X 1001:
# customers' and shops' names use rare syllables), Hangul jamo, CJK punctuation, full-width forms
# and the technical symbols we print (° ± µ Δ ≤ ≥ ℃ arrows, circled numbers). That is about 1.2 MB
# per weight. Hanja are left out (about 3 MB more); a name written in Hanja prints as boxes, and
# the PDF generator warns when it meets a character the font lacks.
set -euo pipefail
cd "$(dirname "$0")/../.."
src=/usr/share/fonts/opentype/noto
out=assets/fonts
unicodes="U+0020-007E,U+00A0-017F,U+0391-03C9,U+2010-2027,U+2030-203A,U+20A9,U+20AC,U+2103,U+2109,U+2116,U+2122,U+2190-2199,U+2212,U+2248,U+2260,U+2264-2265,U+2460-2473,U+25A0-25FF,U+3000-303F,U+3131-318E,U+AC00-D7A3,U+FF01-FF5E"
mkdir -p "$out"
for weight in Regular Bold; do
  # Font number 1 in the collection is Noto Sans CJK KR (Korean glyph forms).
  /usr/bin/python3 -m fontTools.subset "$src/NotoSansCJK-$weight.ttc" --font-number=1 \
    --unicodes="$unicodes" --layout-features='kern,liga,ccmp,locl,ljmo,vjmo,tjmo' --no-hinting \
    --output-file="$out/NotoSansKR-Subset-$weight.otf"
done
ls -l "$out"
