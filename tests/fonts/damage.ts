/** Damaged copies of a real font, made at test time: each breaks one thing a font file must get right. */

export interface TableEntry {
  tag: string;
  /** where the directory record is */
  record: number;
  offset: number;
  length: number;
}

export function tableDirectory(font: Buffer): TableEntry[] {
  const n = font.readUInt16BE(4);
  return Array.from({ length: n }, (_, i) => {
    const r = 12 + 16 * i;
    return { tag: font.toString('latin1', r, r + 4), record: r, offset: font.readUInt32BE(r + 8), length: font.readUInt32BE(r + 12) };
  });
}

function table(font: Buffer, tag: string): TableEntry {
  const t = tableDirectory(font).find((e) => e.tag === tag);
  if (!t) throw new Error(`test font has no ${tag} table`);
  return t;
}

export type Damage = 'truncated' | 'cmap-count' | 'cmap-offset' | 'magic' | 'table-offset' | 'empty' | 'loca';

/** A copy of `font` with one kind of damage. */
export function damage(font: Buffer, kind: Damage): Buffer {
  const b = Buffer.from(font);
  switch (kind) {
    case 'truncated': {
      // cut inside the last table's data
      const last = tableDirectory(b).reduce((a, t) => (t.offset > a.offset ? t : a));
      return b.subarray(0, last.offset + Math.floor(last.length / 2));
    }
    case 'cmap-count':
      // numTables of the cmap: far more subtable records than the table holds
      b.writeUInt16BE(0xfff0, table(b, 'cmap').offset + 2);
      return b;
    case 'cmap-offset': {
      // every subtable record points far past the table
      const t = table(b, 'cmap');
      const n = b.readUInt16BE(t.offset + 2);
      for (let i = 0; i < n; i++) b.writeUInt32BE(0x7ffffff0, t.offset + 4 + 8 * i + 4);
      return b;
    }
    case 'magic':
      b.write('WOF?', 0, 'latin1');
      return b;
    case 'table-offset':
      b.writeUInt32BE(b.length + 4096, table(b, 'cmap').record + 8);
      return b;
    case 'empty':
      return Buffer.alloc(0);
    case 'loca': {
      // a glyph offset past the end of glyf (short or long loca: write the largest value either way)
      const t = table(b, 'loca');
      b.writeUInt16BE(0xffff, t.offset + 2);
      if (t.length > 8) b.writeUInt32BE(0xfffffff0, t.offset + 4);
      return b;
    }
  }
}
