/**
 * Types of the paragraph layout stage (issue 3). Pure data: no pdfkit, no fontkit here.
 * The PDF writer supplies FontMetrics (wrapping pdfkit's font.widthOfString or fontkit) and draws
 * every Glyphs item with
 *   doc.font(fontKey).fontSize(size).text(text, x0 + x, y, { lineBreak: false, characterSpacing })
 */

export interface FontMetrics {
  /** advance width of `text` at `size` pt, in pt, with no extra spacing (kerning included, as pdfkit draws it) */
  advance(text: string, size: number): number;
}

/** A piece of a ruby reading in one font (readings go through the font chain like the base). */
export interface RubyText {
  text: string;
  font: FontMetrics;
  fontKey: string;
}

/**
 * The reading of a ruby base. The runs of one base (a base may need more than one font) share the same
 * object: they make one atom, never broken and never stretched inside.
 */
export interface RubyAnnotation {
  /** one reading for the whole base (group ruby), or one per base character (mono ruby); each in pieces of one font */
  readings: RubyText[][];
  /** mono ruby: `readings[i]` goes over the i-th character of the base (code point with its marks) */
  mono: boolean;
  /** size of the reading, pt (half the base's) */
  size: number;
}

export interface StyledRun {
  text: string;
  font: FontMetrics;
  /** the name the PDF writer registered the font under (doc.font(fontKey)) */
  fontKey: string;
  size: number;
  link?: string;
  /**
   * The run sticks to the text before it (a footnote or link number set as a superscript): no line break
   * before its first character and no CJK–Western ¼ em gap in front of it.
   */
  attach?: boolean;
  /** the run is (part of) a ruby base with this reading */
  ruby?: RubyAnnotation;
}

export interface ParagraphStyle {
  /** measure, pt */
  width: number;
  /** pt (2em for body, 0 for headings); applied to the first line only */
  firstIndent: number;
  /** headings: false (lines set flush left, nothing stretched) */
  justify: boolean;
  /**
   * Largest extra space between two characters (pt) a justified line may get before the breaker
   * prefers other breaks. Default: 0.2 em of the first run's size.
   */
  maxStretchPerGap?: number;
  /**
   * 'keep-all' (CSS word-break): no break between two CJK letters, so lines break at spaces and justify by
   * word spacing — Korean, whose words are set apart by spaces. Default 'normal' (Chinese, Japanese).
   */
  wordBreak?: 'normal' | 'keep-all';
  /**
   * false: a full-width closing mark at a line's end stays full width (Japanese books, JLREQ: its ink ends
   * ½ em inside the measure, its box on it), rather than being set half width with its box ½ em outside
   * (clreq, the default). Marks inside the line are squeezed either way.
   */
  endSqueeze?: boolean;
}

export interface Glyphs {
  text: string;
  /** from the left edge of the measure (the first line's indent is included), pt */
  x: number;
  fontKey: string;
  size: number;
  /** pdfkit characterSpacing: added after every glyph of `text`, the last one included */
  charSpacing: number;
  link?: string;
  /** advance of the drawn string: advance(text) + charSpacing × code points, pt */
  width: number;
  /**
   * The readings of the ruby base this item ends (drawn after it, above the base): x from the left edge of
   * the measure like the item's, `size` the reading's; the writer sets them above the base's em box.
   */
  ruby?: RubyGlyphs[];
}

export interface RubyGlyphs {
  text: string;
  x: number;
  fontKey: string;
  size: number;
  width: number;
}

export interface Line {
  items: Glyphs[];
  /**
   * Right edge of the last item's advance box, measured from the left edge of the measure, pt.
   * For a justified line this is exactly style.width, or style.width + endOverhang when the line
   * ends in a full-width closing mark set half width (its box sticks out, its ink stays inside).
   */
  width: number;
  /** last line of the paragraph (set flush left, not stretched) */
  last: boolean;
  /** the line was justified (stretched or squeezed to the measure) */
  justified: boolean;
  /** 0, or ½ em when the line ends in a full-width closing mark set half width */
  endOverhang: number;
  /** extra space given to each stretchable gap between characters, pt (0 when squeezed) */
  stretch: number;
  /** pt removed by squeezing (line-internal punctuation, CJK–Western gaps), end squeeze not counted */
  squeeze: number;
}
