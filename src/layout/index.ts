/**
 * Paragraph layout for Chinese (issue 3, W3C clreq): pure, no pdfkit. The PDF writer supplies FontMetrics
 * and draws each Glyphs item with
 *   doc.font(fontKey).fontSize(size).text(text, x0 + x, y, { lineBreak: false, characterSpacing })
 * checkLayout re-measures a result against the rules (tests, benchmarks, debugging).
 */
export type { FontMetrics, StyledRun, ParagraphStyle, Glyphs, Line, RubyAnnotation, RubyGlyphs, RubyText } from './types.ts';
export { layoutParagraph } from './paragraph.ts';
export { checkLayout, lineEdges, type LayoutReport, type Violation } from './check.ts';
