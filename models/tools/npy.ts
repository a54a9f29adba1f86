import fs from 'node:fs';

/**
 * Writes a 2-D float32 matrix as a NumPy .npy file (format 1.0), which numpy.load reads directly:
 * the hand-off from the TypeScript feature extractor to the Python trainer.
 */
export function writeNpy(file: string, rows: readonly ArrayLike<number>[], columns: number): void {
  const header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows.length}, ${columns}), }`;
  // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
  const total = Math.ceil((10 + header.length + 1) / 64) * 64;
  const padded = header.padEnd(total - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  prefix.write('\x93NUMPY', 0, 'latin1');
  prefix.writeUInt8(1, 6);
  prefix.writeUInt8(0, 7);
  prefix.writeUInt16LE(padded.length, 8);
  const data = new Float32Array(rows.length * columns);
  rows.forEach((row, r) => {
    if (row.length !== columns) throw new Error(`row ${r} has ${row.length} values, expected ${columns}`);
    for (let c = 0; c < columns; c += 1) data[r * columns + c] = row[c]!;
  });
  fs.writeFileSync(file, Buffer.concat([prefix, Buffer.from(padded, 'latin1'), Buffer.from(data.buffer)]));
}

/** Reads back what writeNpy wrote (for tests and for the evaluation tool). */
export function readNpy(file: string): { rows: number; columns: number; data: Float32Array } {
  const bytes = fs.readFileSync(file);
  const length = bytes.readUInt16LE(8);
  const header = bytes.subarray(10, 10 + length).toString('latin1');
  const match = /'shape': \((\d+), (\d+)\)/.exec(header);
  if (!match || !header.includes("'<f4'")) throw new Error(`${file}: not a 2-D float32 .npy file`);
  const rows = Number(match[1]);
  const columns = Number(match[2]);
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset + 10 + length, bytes.byteOffset + bytes.length));
  return { rows, columns, data };
}
