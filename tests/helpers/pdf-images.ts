// Where a PDF draws its images, read back with pdf.js: the full transformation matrix at each image.
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Every image's drawn box (the unit square through the full CTM) and its CTM, from pdf.js's operator list. */
export async function imageBoxes(bytes: Uint8Array): Promise<{ page: number; w: number; h: number; ctm: number[] }[]> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const out: { page: number; w: number; h: number; ctm: number[] }[] = [];
  const mul = (m: number[], n: number[]): number[] => [
    (n[0] ?? 0) * (m[0] ?? 0) + (n[1] ?? 0) * (m[2] ?? 0),
    (n[0] ?? 0) * (m[1] ?? 0) + (n[1] ?? 0) * (m[3] ?? 0),
    (n[2] ?? 0) * (m[0] ?? 0) + (n[3] ?? 0) * (m[2] ?? 0),
    (n[2] ?? 0) * (m[1] ?? 0) + (n[3] ?? 0) * (m[3] ?? 0),
    (n[4] ?? 0) * (m[0] ?? 0) + (n[5] ?? 0) * (m[2] ?? 0) + (m[4] ?? 0),
    (n[4] ?? 0) * (m[1] ?? 0) + (n[5] ?? 0) * (m[3] ?? 0) + (m[5] ?? 0),
  ];
  for (let p = 1; p <= doc.numPages; p++) {
    const ops = await (await doc.getPage(p)).getOperatorList();
    let ctm = [1, 0, 0, 1, 0, 0];
    const stack: number[][] = [];
    ops.fnArray.forEach((fn, i) => {
      if (fn === OPS.save) stack.push(ctm);
      else if (fn === OPS.restore) ctm = stack.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (fn === OPS.transform) ctm = mul(ctm, ops.argsArray[i] as number[]);
      else if (fn === OPS.paintImageXObject) {
        const xs = [0, 1].flatMap((u) => [0, 1].map((v) => (ctm[0] ?? 0) * u + (ctm[2] ?? 0) * v));
        const ys = [0, 1].flatMap((u) => [0, 1].map((v) => (ctm[1] ?? 0) * u + (ctm[3] ?? 0) * v));
        out.push({ page: p, w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys), ctm });
      }
    });
  }
  await doc.destroy();
  return out;
}
