/**
 * Line breaking for the PDF that never breaks inside a Korean word (the CSS `word-break: keep-all`
 * rule): pdfkit's own wrapper follows Unicode line breaking, which allows a break between any two
 * Hangul syllables ("연/결/됨"). Lines break at spaces; only a single word wider than the whole
 * line is cut, and then between characters.
 */
export function wrapKeepAll(text: string, width: number, measure: (s: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const words = paragraph.split(/ +/).filter((w) => w !== '');
    let line = '';
    for (const word of words) {
      const candidate = line === '' ? word : `${line} ${word}`;
      if (measure(candidate) <= width) {
        line = candidate;
        continue;
      }
      if (line !== '') lines.push(line);
      if (measure(word) <= width) {
        line = word;
        continue;
      }
      // One word longer than the line (a long id or address): cut it where it must be cut.
      let part = '';
      for (const ch of word) {
        if (part !== '' && measure(part + ch) > width) {
          lines.push(part);
          part = '';
        }
        part += ch;
      }
      line = part;
    }
    lines.push(line);
  }
  return lines;
}

/** Draws text at (x, y) within `width`, wrapped with {@link wrapKeepAll}; returns the y after the last line. */
export function drawWrapped(doc: PDFKit.PDFDocument, text: string, x: number, y: number, width: number, lineGap = 2): number {
  const lines = wrapKeepAll(text, width, (s) => doc.widthOfString(s));
  const lineHeight = doc.currentLineHeight(true) + lineGap;
  let cursor = y;
  for (const line of lines) {
    doc.text(line, x, cursor, { width, lineBreak: false });
    cursor += lineHeight;
  }
  return cursor;
}

export function wrappedHeight(doc: PDFKit.PDFDocument, text: string, width: number, lineGap = 2): number {
  return wrapKeepAll(text, width, (s) => doc.widthOfString(s)).length * (doc.currentLineHeight(true) + lineGap);
}
