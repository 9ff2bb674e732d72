export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** For each flat index of `outShape`, the flat index of an input broadcast to it. */
export function broadcastIndex(inShape: readonly number[], outShape: readonly number[]): Int32Array {
  const size = sizeOf(outShape);
  const map = new Int32Array(size);
  const rank = outShape.length;
  const offset = rank - inShape.length;
  const inStrides = stridesOf(inShape);
  const effective = outShape.map((_, axis) => {
    const a = axis - offset;
    return a < 0 || inShape[a] === 1 ? 0 : inStrides[a]!;
  });
  const index = new Array<number>(rank).fill(0);
  let inFlat = 0;
  for (let flat = 0; flat < size; flat++) {
    map[flat] = inFlat;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      inFlat += effective[axis]!;
      if (index[axis]! < outShape[axis]!) break;
      inFlat -= effective[axis]! * index[axis]!;
      index[axis] = 0;
    }
  }
  return map;
}

export function broadcastConcrete(shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let axis = 0; axis < rank; axis++) {
    let dim = 1;
    for (const s of shapes) {
      const d = s[s.length - rank + axis] ?? 1;
      if (d !== 1) dim = d;
    }
    out.push(dim);
  }
  return out;
}
