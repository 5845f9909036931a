export type { FontMetrics, StyledRun, ParagraphStyle, Glyphs, Line } from './types.ts';
export { layoutParagraph } from './paragraph.ts';
